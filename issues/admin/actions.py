"""Bulk actions on the issue list. Each one that needs input shows a page asking for it, then calls
the services for every selected issue and reports, issue by issue, what was done and what was
refused and why. None of them writes an issue's state itself."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services, workflow
from ..workflow import State
from .forms import AgendaForm, AssignForm, DuplicateForm, MoveForm, person


def _ask_or_apply(modeladmin, request, queryset, *, form_class, title, apply, form_kwargs=None, intro=""):
    """Show the action's form (first call) or run `apply(issue, cleaned_data)` on each issue."""
    form_kwargs = form_kwargs or {}
    issues = list(queryset.order_by("filed_at", "pk"))
    if "apply" in request.POST:
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            results = []
            for issue in issues:
                try:
                    done = apply(issue, form)
                except workflow.MoveError as error:
                    reasons = [str(error), *(str(m) for m in error.errors.values())]
                    results.append((issue, False, " ".join(reasons)))
                else:
                    results.append((issue, True, done or gettext("Done.")))
            return TemplateResponse(request, "admin/issues/issue/action_report.html", {
                **modeladmin.admin_site.each_context(request),
                "opts": modeladmin.model._meta, "title": title, "results": results,
                "done_count": sum(1 for r in results if r[1]), "refused_count": sum(1 for r in results if not r[1]),
            })
    else:
        form = form_class(**form_kwargs)
    return TemplateResponse(request, "admin/issues/issue/action_form.html", {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta, "title": title, "intro": intro, "form": form, "issues": issues,
        "action": request.POST.get("action"), "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    })


def make_move_action(target: str):
    def action(modeladmin, request, queryset):
        def apply(issue, form):
            services.move_issue(issue, target, by=request.user, **form.move_kwargs())
            return gettext("Moved to “%(state)s”.") % {"state": workflow.state_label(target)}

        return _ask_or_apply(
            modeladmin, request, queryset, form_class=MoveForm, form_kwargs={"target": target, "user": request.user},
            title=gettext("Move to “%(state)s”") % {"state": workflow.state_label(target)}, apply=apply,
            intro=gettext("Each issue is checked on its own: issues that cannot make this move are "
                          "left as they are and listed with the reason."),
        )

    action.__name__ = f"move_to_{target}"
    description = format_lazy(_("Move to “{state}”…"), state=State(target).label)
    return admin.action(description=description, permissions=["move"])(action)


MOVE_ACTIONS = [make_move_action(state) for state in State]


@admin.action(description=_("Assign to me"), permissions=["assign"])
def assign_to_me(modeladmin, request, queryset):
    for issue in queryset:
        services.assign_issue(issue, request.user, by=request.user)
    modeladmin.message_user(request, gettext("%(count)d issues are now assigned to you.") % {"count": len(queryset)})


@admin.action(description=_("Assign to…"), permissions=["assign"])
def assign_to(modeladmin, request, queryset):
    def apply(issue, form):
        services.assign_issue(issue, form.cleaned_data["assignee"], by=request.user)
        assignee = form.cleaned_data["assignee"]
        return gettext("Assigned to %(who)s.") % {"who": person(assignee) if assignee else gettext("nobody")}

    return _ask_or_apply(modeladmin, request, queryset, form_class=AssignForm, title=gettext("Assign"), apply=apply)


@admin.action(description=_("Add to a meeting's agenda…"), permissions=["assign"])
def add_to_agenda(modeladmin, request, queryset):
    def apply(issue, form):
        item = services.add_to_agenda(issue, form.cleaned_data["meeting"], by=request.user)
        return gettext("On the agenda as item %(position)d.") % {"position": item.position}

    return _ask_or_apply(modeladmin, request, queryset, form_class=AgendaForm,
                         title=gettext("Add to a meeting's agenda"), apply=apply)


@admin.action(description=_("Mark as duplicates of another issue…"), permissions=["assign"])
def mark_duplicate(modeladmin, request, queryset):
    def apply(issue, form):
        kept = form.cleaned_data["kept"]
        services.merge_duplicate(issue, kept, by=request.user, public_note=form.cleaned_data["public_note"])
        return gettext("Closed as a duplicate of %(number)s.") % {"number": kept.number}

    return _ask_or_apply(
        modeladmin, request, queryset, form_class=DuplicateForm, title=gettext("Mark as duplicates"), apply=apply,
        form_kwargs={"user": request.user},
        intro=gettext("The selected issues are closed as duplicates; their notes and attachments stay "
                      "readable from the kept issue, and their filers are told where it goes on."),
    )
