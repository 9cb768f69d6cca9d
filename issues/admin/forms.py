"""Forms of the workspace's own pages: a move (alone or in bulk), assignment, agenda, duplicates, notes."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Organization
from meetings.models import Meeting

from ..models import Issue
from ..workflow import EXPERT, OFFICER, Answer, Resolution, State

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
    duplicate_of = forms.CharField(label=_("Duplicate of (tracking number)"), required=False, max_length=20)

    FIELDS_FOR = {
        State.PROPOSAL: ("ministry", "improvement"),
        State.FOLLOW_UP: ("answer", "answer_text", "answered_on"),
        State.CLOSED: ("resolution", "duplicate_of"),
    }

    def __init__(self, *args, target: str, issue: Issue | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = {"note", "public_note", *self.FIELDS_FOR.get(target, ())}
        if issue is None:  # in bulk the improvement text belongs to each issue
            wanted.discard("improvement")
        elif target == State.PROPOSAL:
            self.fields["improvement"].initial = issue.improvement
            self.fields["ministry"].initial = issue.ministry_id
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]

    def clean_duplicate_of(self):
        number = self.cleaned_data.get("duplicate_of", "").strip().upper()
        if not number:
            return None
        kept = Issue.objects.filter(number=number).first()
        if kept is None:
            raise forms.ValidationError(_("There is no issue %(number)s."), params={"number": number})
        return kept

    def move_kwargs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.setdefault("note", "")
        data.setdefault("public_note", "")
        return data


def staff_with_roles(*roles):
    return get_user_model().objects.filter(
        Q(groups__name__in=roles) | Q(is_superuser=True), is_active=True
    ).distinct().order_by("username")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=staff_with_roles(OFFICER, EXPERT),
                                      required=False, empty_label=_("nobody (unassign)"))


class AgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.order_by("-starts_at"))


class DuplicateForm(forms.Form):
    kept = forms.CharField(label=_("Keep this issue (tracking number)"), max_length=20)
    public_note = forms.CharField(label=_("Public note"), required=False, widget=forms.Textarea(attrs=_TEXT))

    def clean_kept(self):
        number = self.cleaned_data["kept"].strip().upper()
        kept = Issue.objects.filter(number=number).first()
        if kept is None:
            raise forms.ValidationError(_("There is no issue %(number)s."), params={"number": number})
        if kept.state == State.CLOSED:
            raise forms.ValidationError(_("The issue to keep is closed; reopen it first."))
        return kept


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))
    is_public = forms.BooleanField(label=_("Public: the filer sees it and is told by e-mail"), required=False)
    asks_filer = forms.BooleanField(label=_("Asks the filer for more information (public)"), required=False)
