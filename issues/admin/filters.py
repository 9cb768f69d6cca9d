from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..selectors import overdue_q
from ..workflow import State


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("All open")), *State.choices]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.exclude(state=State.CLOSED)
        if self.value() in State.values:
            return queryset.filter(state=self.value())
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("me", _("Me")), ("none", _("Unassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(overdue_q())
        if self.value() == "no":
            return queryset.exclude(overdue_q())
        return queryset


class ScreeningFilter(admin.SimpleListFilter):
    """Suspected spam stays out of the queue unless asked for; it is never deleted unseen."""

    title = _("screening")
    parameter_name = "screening"

    def lookups(self, request, model_admin):
        return [("spam", _("Suspected spam")), ("all", _("Everything"))]

    def queryset(self, request, queryset):
        if self.value() == "spam":
            return queryset.filter(is_suspected_spam=True)
        if self.value() == "all":
            return queryset
        return queryset.filter(is_suspected_spam=False)

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("Queue (no spam)")
        return choices


class _VisibleChoicesFilter(admin.RelatedFieldListFilter):
    """A related filter offering only the objects `visible(user)` returns (a queryset of their ids)."""

    def visible(self, user):
        raise NotImplementedError

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering,
                                 limit_choices_to={"pk__in": self.visible(request.user)})


class MeetingFilter(_VisibleChoicesFilter):
    """Meetings at which an issue the user may see was discussed (officers: every meeting)."""

    def field_choices(self, field, request, model_admin):
        if selectors.sees_all_issues(request.user):
            return super(_VisibleChoicesFilter, self).field_choices(field, request, model_admin)
        return super().field_choices(field, request, model_admin)

    def visible(self, user):
        return selectors.visible_issues(user).filter(meetings__isnull=False).values("meetings")


class BatchFilter(_VisibleChoicesFilter):
    """Proposal batches as selectors.visible_batches has them (officers and officials: all of them)."""

    def visible(self, user):
        return selectors.visible_batches(user).values("pk")


# The ready-made views linked from the admin index: (label, query string).
READY_MADE_VIEWS = [
    (_("New and unassigned"), "state=discovery&assignee=none"),
    (_("Mine"), "state=open&assignee=me"),
    (_("Overdue"), "state=open&overdue=yes"),
    (_("Waiting for the government"), "state=proposal"),
]
