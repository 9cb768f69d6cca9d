"""The officials' filter over proposal lists (/exports/): django-filter over the issues a user may see.

The same filter, rebuilt from the GET parameters stored in ExportLog.filters, selects the rows of a
large export in its Celery task: what the page showed is what the file holds."""

import django_filters
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from companies.models import Field, Organization
from meetings.models import Meeting

from ... import selectors
from ...models import Issue, ProposalBatch
from ...workflow import Answer, State


class DateInputRange(DateRangeWidget):
    """Two browser date pickers, `<name>_after` and `<name>_before`."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for _w in range(2)]


class IssueFilter(django_filters.FilterSet):
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"), field_name="meetings", queryset=Meeting.objects.order_by("-starts_at"),
        empty_label=_("All meetings"),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field"), queryset=Field.objects.all(), empty_label=_("All fields"),
    )
    ministry = django_filters.ModelChoiceFilter(
        label=_("Competent ministry"), queryset=Organization.objects.filter(kind=Organization.Kind.MINISTRY),
        empty_label=_("All ministries"),
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=State.choices, empty_label=_("All states"))
    answer = django_filters.ChoiceFilter(
        label=_("Government answer"), field_name="government_answer", choices=Answer.choices,
        empty_label=_("Any answer"),
    )
    batch = django_filters.ModelChoiceFilter(
        label=_("Proposal batch"), field_name="proposal_batch", queryset=ProposalBatch.objects.all(),
        empty_label=_("All batches"),
    )
    filed = django_filters.DateFromToRangeFilter(label=_("Filed between"), field_name="filed_at",
                                                 widget=DateInputRange)
    proposed = django_filters.DateFromToRangeFilter(label=_("Proposed between"), field_name="proposed_on",
                                                    widget=DateInputRange)

    class Meta:
        model = Issue
        fields = []

    def __init__(self, data=None, *, user, **kwargs):
        """Only what `user` may see (selectors.visible_issues), never suspected spam, oldest first:
        the order of the page is the order of the file."""
        queryset = selectors.queue(selectors.visible_issues(user)).order_by("filed_at", "pk")
        super().__init__(data, queryset=queryset, **kwargs)
        self.user = user
        # Officers and officials pick among every batch, those still being put together too (they build them).
        self.filters["batch"].queryset = selectors.visible_batches(user)
        if not selectors.sees_all_issues(user):
            # Officials read proposals and what followed them; the other states would always be empty.
            # (Before the form is first built: the filter makes its form field from `extra`.)
            visible = (*selectors.OFFICIAL_STATES, State.CLOSED)
            self.filters["state"].extra["choices"] = [(s.value, s.label) for s in State if s in visible]

    @property
    def params(self) -> dict:
        """The filter as the GET parameters that made it: only those the form knows, only filled ones.
        Stored in ExportLog.filters, and enough to rebuild the same filter later."""
        data, params = self.data or {}, {}
        for name, field in self.form.fields.items():
            widget = field.widget
            keys = [widget.suffixed(name, s) for s in widget.suffixes] if hasattr(widget, "suffixes") else [name]
            params.update({key: data.get(key) for key in keys if data.get(key)})
        return params

    def describe(self) -> list[str]:
        """The active filters in words, e.g. ["Competent ministry: 과학기술정보통신부"], for file headings."""
        return [f"{label}: {shown}" for label, shown in self._described()]

    def values_described(self) -> list[str]:
        """The active filters' values only, e.g. ["과학기술정보통신부", "정부 건의"], for file names."""
        return [shown for _label, shown in self._described()]

    def _described(self) -> list[tuple[str, str]]:
        if not self.is_bound or not self.form.is_valid():
            return []
        described = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "") or (hasattr(value, "start") and not (value.start or value.stop)):
                continue
            field = self.form.fields[name]
            if hasattr(value, "start"):
                start = date_format(value.start, "DATE_FORMAT") if value.start else ""
                stop = date_format(value.stop, "DATE_FORMAT") if value.stop else ""
                shown = f"{start} ~ {stop}"
            elif hasattr(field, "choices") and not hasattr(value, "pk"):
                shown = dict(field.choices).get(value, value)
            else:
                shown = value
            described.append((str(field.label), str(shown)))
        return described

    @property
    def chosen_batch(self) -> ProposalBatch | None:
        return self.form.cleaned_data.get("batch") if self.is_bound and self.form.is_valid() else None
