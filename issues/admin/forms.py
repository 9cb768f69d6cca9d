"""Forms of the workspace's own pages: a move (alone or in bulk), assignment, agenda, duplicates, notes."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import Organization
from meetings.models import Meeting

from .. import selectors
from ..models import Issue
from ..workflow import EXPERT, OFFICER, Answer, Resolution, State
from . import duplicates

_TEXT = {"rows": 3, "cols": 60}


class MoveForm(forms.Form):
    """What a move asks for; only the fields its target state needs are shown."""

    note = forms.CharField(label=_("Internal note"), required=False, widget=forms.Textarea(attrs=_TEXT),
                           help_text=_("Staff only. Sending back and reopening need one."))
    public_note = forms.CharField(label=_("Public note"), required=False, widget=forms.Textarea(attrs=_TEXT),
                                  help_text=_("Shown on the filer's status page and in the e-mail they get."))
    ministry = forms.ModelChoiceField(label=_("Competent ministry"), required=False,
                                      queryset=Organization.objects.filter(kind=Organization.Kind.MINISTRY),
                                      help_text=_("Leave empty to keep the ministry the issue already has."))
    improvement = forms.CharField(label=_("Requested improvement"), required=False,
                                  widget=forms.Textarea(attrs=_TEXT))
    answer = forms.ChoiceField(label=_("Government answer"), required=False,
                               choices=[("", "---------"), *Answer.choices])
    answer_text = forms.CharField(label=_("Text of the answer"), required=False, widget=forms.Textarea(attrs=_TEXT))
    answered_on = forms.DateField(label=_("Answered on"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    resolution = forms.ChoiceField(label=_("Resolution"), required=False,
                                   choices=[("", "---------"), *Resolution.choices])
    duplicate_of = forms.CharField(
        label=_("Duplicate of"), required=False, max_length=200,
        help_text=_("The issue that is kept: its tracking number (2026-0011) or words of its title."))

    FIELDS_FOR = {
        State.PROPOSAL: ("ministry", "improvement"),
        State.FOLLOW_UP: ("answer", "answer_text", "answered_on"),
        State.CLOSED: ("resolution", "duplicate_of"),
    }

    def __init__(self, *args, target: str, issue: Issue | None = None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.issue = user, issue
        wanted = {"note", "public_note", *self.FIELDS_FOR.get(target, ())}
        if issue is None:  # in bulk the improvement text belongs to each issue
            wanted.discard("improvement")
        elif target == State.PROPOSAL:
            self.fields["improvement"].initial = issue.improvement
            self.fields["ministry"].initial = issue.ministry_id
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "duplicate_of" in self.fields:
            _search_the_kept(self.fields["duplicate_of"], excluding=[issue.pk] if issue else [])

    def clean_duplicate_of(self):
        text = self.cleaned_data.get("duplicate_of", "").strip()
        if not text:
            return None
        if self.cleaned_data.get("resolution") not in ("", None, Resolution.DUPLICATE):
            return None  # named by mistake with another resolution: the move does not record it
        try:
            return duplicates.find_kept(self.user, text, excluding=[self.issue.pk] if self.issue else [])
        except duplicates.NotFound as error:
            raise forms.ValidationError(error.message) from None

    def move_kwargs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.setdefault("note", "")
        data.setdefault("public_note", "")
        return data


def staff_with_roles(*roles):
    return get_user_model().objects.filter(
        Q(groups__name__in=roles) | Q(is_superuser=True), is_active=True
    ).distinct().order_by("last_name", "first_name", "username")


def person(user) -> str:
    """A member of staff as colleagues know them (selectors.person_name: 이수민, the login only without a name)."""
    return selectors.person_name(user)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person(obj)


class AssignForm(forms.Form):
    assignee = StaffChoiceField(label=_("Assign to"), queryset=staff_with_roles(OFFICER, EXPERT),
                                required=False, empty_label=_("nobody (unassign)"))


class AgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.order_by("-starts_at"))


class DuplicateForm(forms.Form):
    kept = forms.CharField(label=_("Keep this issue"), max_length=200,
                           help_text=_("Its tracking number (2026-0011) or words of its title."))
    public_note = forms.CharField(label=_("Public note"), required=False, widget=forms.Textarea(attrs=_TEXT))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _search_the_kept(self.fields["kept"])

    def clean_kept(self):
        # The kept issue may be among those selected: that one is refused on its own in the report.
        try:
            kept = duplicates.find_kept(self.user, self.cleaned_data["kept"])
        except duplicates.NotFound as error:
            raise forms.ValidationError(error.message) from None
        if kept.state == State.CLOSED:
            raise forms.ValidationError(_("The issue to keep is closed; reopen it first."))
        return kept


def _search_the_kept(field, *, excluding=()):
    """The field offers the issues its text may mean as it is typed (static/admin/kept_search.js)."""
    field.widget.attrs.update({
        "class": "kept-search vTextField", "autocomplete": "off", "spellcheck": "false",
        "data-search-url": reverse_lazy("admin:issues_issue_kept_candidates"),
        "data-excluding": ",".join(str(pk) for pk in excluding),
    })


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))
    is_public = forms.BooleanField(label=_("Public: the filer sees it and is told by e-mail"), required=False)
    asks_filer = forms.BooleanField(label=_("Asks the filer for more information (public)"), required=False)
