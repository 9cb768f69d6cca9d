"""The officials' pages for the government's answers: upload the returned proposal list, check the
preview, confirm. The rules are in answers.py; these views keep the uploaded file between the
preview and the confirmation (private storage, its random name in the uploader's session) and read it
again at each step, so that what is recorded is what the file says now, never what a form claims."""

import logging
from datetime import datetime
from functools import wraps

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import roles
from ..access import role_required
from . import answers

log = logging.getLogger(__name__)

SESSION_KEY = "answers_upload"
RESULT_KEY = "answers_result"


class AnswersFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The proposal list with the government's answers (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(rows)s answers and %(size)s.") % {
            "rows": number_format(answers.MAX_ROWS, force_grouping=True),
            "size": filesizeformat(answers.MAX_UPLOAD_SIZE)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > answers.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(_("The file is larger than %(size)s.") % {
                "size": filesizeformat(answers.MAX_UPLOAD_SIZE)})
        data = upload.read()
        try:
            self.lines = answers.read_workbook(data)
        except answers.AnswerFileError as error:
            raise forms.ValidationError(error.message) from None
        self.data_bytes = data
        return upload


def for_officials(view):
    """The answers pages: for those the guard lets import answers (roles.IMPORT_ANSWERS), never cached."""

    @wraps(view)
    def unstored(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        return response

    return never_cache(role_required(roles.IMPORT_ANSWERS)(unstored))


def _exports_url() -> str:
    try:
        return reverse("exports")
    except NoReverseMatch:  # the proposal lists' page is not installed
        return reverse("admin:index")


def _context(**extra) -> dict:
    return {"exports_url": _exports_url(), "labels": answers.ANSWER_LABELS.items(), **extra}


@for_officials
@require_http_methods(["GET", "POST"])
def upload(request):
    status = 200
    if request.method == "POST":
        form = AnswersFileForm(request.POST, request.FILES)
        if form.is_valid():
            _discard(request)
            try:
                name = answers.keep_upload(form.data_bytes)
            except OSError as error:
                log.error("Answers file not stored: %s", error)
                form.add_error("file", _("The file could not be stored because of a problem on our side, so "
                                         "nothing was recorded. Choose it again and upload it in a few minutes."))
                status = 503
            else:
                request.session[SESSION_KEY] = {
                    "name": name,
                    "original_name": form.cleaned_data["file"].name[:200],
                    "user": request.user.pk,
                    "at": timezone.now().isoformat(),
                }
                return redirect("answers-preview")
    else:
        form = AnswersFileForm()
    return render(request, "answers/upload.html", _context(
        form=form, pending=_pending(request), result=request.session.pop(RESULT_KEY, None),
        max_rows=number_format(answers.MAX_ROWS, force_grouping=True),
    ), status=status)


@for_officials
@require_http_methods(["GET"])
def preview(request):
    found = _load(request)
    if not isinstance(found, answers.Preview):
        return found
    return _preview_page(request, found)


@for_officials
@require_POST
def confirm(request):
    if "cancel" in request.POST:
        _discard(request)
        messages.info(request, _("The uploaded file was discarded; nothing was recorded."))
        return redirect("answers-upload")
    found = _load(request)
    if not isinstance(found, answers.Preview):
        return found
    if request.POST.get("fingerprint") != found.fingerprint:
        # The issues changed since the preview was shown (someone answered or moved one): look again.
        return _preview_page(request, found, error=_(
            "What the file would change is no longer what you saw: an issue was changed in the meantime. "
            "Check the preview again before you confirm."), status=409)
    try:
        changes = answers.apply_answers(found, by=request.user)
    except answers.AnswersRefused as error:
        return _preview_page(request, found, error=str(error), status=409)
    _discard(request)
    request.session[RESULT_KEY] = {
        "count": len(changes),
        "rows": [[row.number, row.issue.title, str(row.answer_label)] for row in found.changes][:200],
    }
    return redirect("answers-upload")


def _preview_page(request, found, *, error="", status=200):
    return render(request, "answers/preview.html", _context(
        preview=found, error=error, original_name=_pending(request)["original_name"],
        today=timezone.localdate(),
    ), status=status)


def _pending(request) -> dict | None:
    """The upload this user is checking, unless it is older than the time uploads are kept."""
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("user") != request.user.pk:
        return None
    try:
        at = datetime.fromisoformat(pending["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if at < timezone.now() - answers.KEEP_UPLOADS:
        return None
    return pending


def _load(request):
    """The preview of the pending upload, read again from storage; or a redirect saying why not."""
    pending = _pending(request)
    data = answers.read_upload(pending["name"]) if pending else None
    if data is None:
        _discard(request)
        messages.info(request, _("Upload the answers file first (an upload is kept for a day)."))
        return redirect("answers-upload")
    try:
        return answers.preview_file(data, by=request.user, name=pending["original_name"])
    except answers.AnswerFileError as error:
        _discard(request)
        messages.error(request, error.message)
        return redirect("answers-upload")


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict):
        answers.delete_upload(pending.get("name"))
