from django import template
from django.urls import reverse

from .. import selectors, workflow
from ..admin.filters import READY_MADE_VIEWS
from ..stats.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/issues/dashboard.html", takes_context=True)
def issue_dashboard(context):
    request = context["request"]
    if not workflow.roles_of(request.user):
        return {"show": False}
    changelist = reverse("admin:issues_issue_changelist")
    return {
        "show": True,
        "counts": dashboard(request.user),
        "views": [(label, f"{changelist}?{query}") for label, query in READY_MADE_VIEWS],
        "changelist": changelist,
    }


@register.filter
def person_name(user) -> str:
    """{{ user|person_name }}: selectors.person_name (이수민; the login only without a name)."""
    return selectors.person_name(user) if user else ""
