"""The public pages: file an issue and see its receipt; follow it through its private status link,
write to the support center, withdraw it, download what we hold about them; find a lost link. And
the staff download of attachments.

Who holds an issue's secret is its filer: the status pages show that issue's public side only
(public notes, never internal ones, never staff names) and act through services with `by=None`."""

import hashlib
import logging
import posixpath
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import links, selectors, services, workflow
from ..models import AccessLog, Attachment, Consultation, Issue, Note, StatusChange
from ..privacy import access_log, filer_data, retention
from ..workflow import Resolution, State
from . import followed, ratelimit, suggestions
from .forms import IntakeForm, LinksForm, LookupForm, MessageForm, WithdrawForm

log = logging.getLogger(__name__)

# The receipts this browser may see: a signed cookie (a filing writes no session row) with the ids of the
# issues it filed, the latest first, and the status link of the last one until its receipt has shown it
# once, sealed as the outbox seals it (issues/links.py): never in clear.
RECEIPT_COOKIE = "receipt"
RECEIPT_SALT = "issues.intake.receipt"
RECEIPTS_KEPT = 10

# The form comes back with everything typed but the files (browsers cannot put those back).
FILES_NOT_STORED = gettext_lazy(
    "Your files could not be stored because of a problem on our side, so nothing was saved. Everything else "
    "you typed is still here: choose the files again and send it once more in a few minutes, or send it "
    "without files for now."
)


def _private(response):
    """For pages that show a secret link or a filer's data: not stored, not indexed, and no Referer
    sent to other sites. Not "no-referrer": with it browsers send `Origin: null` with the page's own
    forms (add a message, withdraw), which Django's CSRF check rightly refuses."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def status_url(request, secret: str) -> str:
    # The address the filer is using now (e-mails use settings.SITE_URL, see notices/render.py).
    return request.build_absolute_uri(reverse("issues-status", args=[secret]))


# --- Filing -------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def new_issue(request):
    status = 200
    if request.method == "POST":
        if ratelimit.is_limited("intake", request):
            return ratelimit.too_many_requests(request, "intake")
        form = IntakeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                issue = services.submit_issue(
                    form.cleaned_data, files=form.cleaned_data["attachments"], language=request.LANGUAGE_CODE,
                    is_suspected_spam=form.is_suspected_spam,
                )
            except services.AttachmentsNotStored:
                form.add_error("attachments", FILES_NOT_STORED)
                status = 503
            else:
                # Filed: should anything fail on the way out, the error page gives this number instead of
                # asking to send it again.
                request.filed_issue_number = issue.number
                # Only a filed issue counts: a person correcting mistakes is not held back.
                ratelimit.count("intake", request)
                response = redirect("issues-receipt", number=issue.number)
                filed = [issue.pk, *_receipts(request)["filed"]][:RECEIPTS_KEPT]
                return _keep_receipts(response, filed, link=[issue.pk, links.seal(issue.secret)])
    else:
        form = IntakeForm()
    return render(request, "issues/new.html", {
        "form": form,
        # Browsers cannot put files back into a file input: say so instead of losing them silently.
        "files_lost": bool(request.FILES) and form.is_bound and not form.is_valid(),
        "consent_version": services.PRIVACY_CONSENT_VERSION,
        "retention_period": retention.period_text(),
        "similar_read": suggestions.PROBLEM_READ,
    }, status=status)


@require_POST
def similar_cases(request):
    """The solved cases like the report being written (suggestions.py), as the fragment that
    static/js/similar_cases.js shows under the form's problem. POST, so that what is typed never goes
    into an address or an access log; every look-up counts against the client's limit."""
    if ratelimit.is_limited("similar", request):
        return ratelimit.too_many_requests(request, "similar")
    ratelimit.count("similar", request)
    cases = suggestions.public_cases(request.POST.get("title", ""), request.POST.get("problem", ""))
    response = render(request, "issues/_similar_cases.html", {"cases": cases})
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex"
    return response


def _receipts(request) -> dict:
    """What the receipt cookie holds: {"filed": [issue ids], "link": [issue id, sealed secret] or None};
    nothing when it is missing, older than SESSION_COOKIE_AGE or not signed by us."""
    try:
        held = signing.loads(request.COOKIES[RECEIPT_COOKIE], salt=RECEIPT_SALT, max_age=settings.SESSION_COOKIE_AGE)
    except (KeyError, signing.BadSignature):
        return {"filed": [], "link": None}
    return {"filed": held.get("filed", []), "link": held.get("link")}


def _keep_receipts(response, filed: list, *, link=None):
    response.set_cookie(
        RECEIPT_COOKIE, signing.dumps({"filed": filed, "link": link}, salt=RECEIPT_SALT),
        # /issues/: the form, which adds to the list, and the receipts, which read it.
        max_age=settings.SESSION_COOKIE_AGE, path=posixpath.dirname(reverse("issues-new").rstrip("/")) + "/",
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return response


def receipt(request, number):
    """The receipt of an issue filed from this browser. Its status link is shown once, on the first
    view: after that the cookie no longer holds it, and the page points to the e-mail and to /track/."""
    held = _receipts(request)
    issue = get_object_or_404(Issue, number=number, pk__in=held["filed"])
    url = ""
    if held["link"] and held["link"][0] == issue.pk:
        secret = links.unseal(held["link"][1])
        url = status_url(request, secret) if secret else ""
    response = _private(render(request, "issues/receipt.html", {"issue": issue, "status_url": url}))
    if held["link"] and held["link"][0] == issue.pk:
        _keep_receipts(response, held["filed"])
    return response


# --- The status page ----------------------------------------------------------------------------

@dataclass
class Entry:
    """One line of the public timeline."""

    at: datetime
    title: str
    text: str = ""
    is_from_filer: bool = False
    files: list = field(default_factory=list)
    asks_filer: bool = False


def _timeline(issue: Issue) -> tuple[list[Entry], set]:
    """The public history of an issue, oldest first, and the states it has been in. Internal notes,
    the history rows' internal note and who made a move are never read from the database here."""
    changes = StatusChange.objects.filter(issue=issue).only(
        "issue_id", "at", "from_state", "to_state", "resolution", "public_note", "system_note", "by_filer"
    )
    notes = Note.objects.filter(issue=issue, is_public=True).only(
        "issue_id", "body", "created_at", "is_from_filer", "asks_filer")
    files_by_note = {}
    # An expert's opinion and its files are advice to the centre, never the filer's to read.
    for attachment in Attachment.objects.filter(issue=issue, consultation__isnull=True).only(
            "issue_id", "note_id", "original_name", "size"):
        files_by_note.setdefault(attachment.note_id, []).append(attachment)

    entries, visited = [], set()
    for change in changes:
        visited.add(change.to_state)
        if not change.from_state:
            entries.append(Entry(change.at, _("Report received"), files=files_by_note.get(None, []),
                                 is_from_filer=change.by_filer))
        elif change.to_state == State.CLOSED and change.resolution == Resolution.WITHDRAWN and change.by_filer:
            entries.append(Entry(change.at, _("You withdrew the report"), change.public_text, is_from_filer=True))
        elif change.to_state == State.CLOSED:
            entries.append(Entry(change.at, _("Closed: %(resolution)s") % {
                "resolution": change.get_resolution_display()}, change.public_text))
        else:
            entries.append(Entry(change.at, _("Now: %(state)s") % {"state": change.get_to_state_display()},
                                 change.public_text))
    for note in notes:
        if note.is_from_filer:
            title = _("Your message")
        elif note.asks_filer:
            title = _("The support center asked you for more information")
        else:
            title = _("Message from the support center")
        entries.append(Entry(note.created_at, title, note.body, note.is_from_filer, files_by_note.get(note.pk, []),
                             asks_filer=note.asks_filer))
    # That an expert reviewed the report, once an officer accepted the opinion, and the summary the officer
    # published, if any: rendered here in the reader's language, never stored as a sentence.
    for consultation in Consultation.objects.filter(issue=issue, status=Consultation.Status.ACCEPTED).only(
            "issue_id", "accepted_at", "published_summary"):
        entries.append(Entry(consultation.accepted_at, _("An expert reviewed the report"),
                             consultation.published_summary))
    entries.sort(key=lambda e: e.at)
    return entries, visited


def _open_request(issue: Issue, entries: list[Entry]) -> Entry | None:
    """The latest request for more information the filer has not answered yet (no message of theirs
    since), while the report is open: the status page puts it on top, with the reply box."""
    if not issue.is_open:
        return None
    request = None
    for entry in entries:
        if entry.asks_filer:
            request = entry
        elif entry.is_from_filer:
            request = None
    return request


def _steps(issue: Issue, visited: set) -> list[tuple]:
    """(label, status) per workflow state, status one of done, current, todo."""
    steps = []
    for state in State:
        if state == issue.state:
            status = "current"
        elif state in visited and state != State.CLOSED:
            status = "done"
        else:
            status = "todo"
        steps.append((state.label, status))
    return steps


def _issue_by_secret(secret: str) -> Issue:
    """The issue whose link holds `secret`, found by the secret's keyed hash (issues/links.py), with the
    secret kept on it for this request's links. One indexed look-up by the hash alone, whatever the
    number: unknown and known answer alike. An issue whose personal data was erased
    (issues/privacy/retention.py) answers as an unknown one."""
    issue = get_object_or_404(Issue.objects.select_related("duplicate_of"), secret_hash=links.hash_secret(secret),
                              anonymised_at__isnull=True)
    issue.secret = secret
    return issue


def _status_page(request, issue, *, message_form=None, status=200):
    entries, visited = _timeline(issue)
    return _private(render(request, "issues/status.html", {
        "issue": issue,
        "entries": entries,
        "info_request": _open_request(issue, entries),
        "steps": _steps(issue, visited),
        "followed": followed.progress(issue),  # a merged duplicate: the issue it goes on under
        "message_form": message_form or (MessageForm() if issue.is_open else None),
        "files_lost": bool(request.FILES) and message_form is not None and message_form.errors,
        "retention_period": retention.period_text(),
    }, status=status))


@require_http_methods(["GET"])
def status(request, secret):
    return _status_page(request, _issue_by_secret(secret))


@require_http_methods(["GET", "POST"])
def post_message(request, secret):
    issue = _issue_by_secret(secret)
    if request.method == "GET":  # e.g. a reload of the page that came back with errors
        return redirect("issues-status", secret=issue.secret)
    if ratelimit.is_limited("message", request):
        return ratelimit.too_many_requests(request, "message")
    form = MessageForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        try:
            services.add_note(issue, form.cleaned_data["body"], by=None, files=form.cleaned_data["attachments"])
        except workflow.MoveError as error:
            form.add_error(None, error.message)
        except services.AttachmentsNotStored:
            form.add_error("attachments", FILES_NOT_STORED)
            status = 503
        else:
            ratelimit.count("message", request)
            messages.success(request, _("Thank you: your message was added. The support center will read it."))
            return redirect("issues-status", secret=issue.secret)
    return _status_page(request, issue, message_form=form, status=status)


@require_http_methods(["GET", "POST"])
def withdraw(request, secret):
    issue = _issue_by_secret(secret)
    if not issue.is_open:
        messages.info(request, _("This report is closed already."))
        return redirect("issues-status", secret=issue.secret)
    form = WithdrawForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.move_issue(issue, State.CLOSED, by=None, resolution=Resolution.WITHDRAWN,
                                public_note=form.cleaned_data["reason"])
        except workflow.MoveError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your report is withdrawn. Thank you for letting us know."))
            return redirect("issues-status", secret=issue.secret)
    return _private(render(request, "issues/withdraw.html", {"issue": issue, "form": form, "error": error}))


@require_http_methods(["GET", "POST"])
def my_data(request, secret):
    """What we hold about the filer, as a JSON download (issues/privacy/filer_data.py). POST: a link
    preview or prefetch never makes one."""
    issue = _issue_by_secret(secret)
    if request.method == "GET":
        return redirect("issues-status", secret=issue.secret)
    if ratelimit.is_limited("data", request):
        return ratelimit.too_many_requests(request, "data")
    ratelimit.count("data", request)
    issue = Issue.objects.select_related("field", "ministry").get(pk=issue.pk)
    data = filer_data.filer_data(issue, _timeline(issue)[0])
    access_log.log_filer_access(issue, format="json")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = content_disposition_header(True, filer_data.filename(issue))
    return _private(response)


# --- Finding a lost link ------------------------------------------------------------------------

def _track_page(request, *, lookup=None, links=None, status=200):
    return render(request, "issues/track.html", {
        "lookup": lookup or LookupForm(), "links": links or LinksForm(),
    }, status=status)


@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "GET":
        return _track_page(request)
    if refused := _track_limit(request):
        return refused
    lookup = LookupForm(request.POST)
    if not lookup.is_valid():
        return _track_page(request, lookup=lookup)
    # A link is never shown for a number and an address, which others may know: a fresh one goes to the
    # address filed with the report, and the answer is the same whether or not the two matched.
    _send_links(lookup.cleaned_data["email"], request, number=lookup.cleaned_data["number"])
    messages.success(request, _(
        "If a report with this tracking number was filed with this e-mail address, we have sent a new status "
        "link to it. It may take a few minutes; check your spam folder too. The earlier link no longer works."
    ))
    return redirect("issues-track")


def _track_limit(request):
    """The 429 page once this client has used up its look-ups, else None; every attempt counts:
    guessing numbers and addresses is what the limit is for."""
    if ratelimit.is_limited("track", request):
        return ratelimit.too_many_requests(request, "track")
    ratelimit.count("track", request)
    return None


def _send_links(email: str, request, *, number: str | None = None) -> None:
    email = email.strip().lower()
    # One message per address and interval, whoever asks: the form cannot be used to flood a mailbox.
    throttle = "links-sent:" + hashlib.sha256(email.encode()).hexdigest()
    if ratelimit.first_in_interval(throttle, settings.LINKS_EMAIL_INTERVAL):
        services.send_status_links(email, language=request.LANGUAGE_CODE, number=number)


@require_POST
def send_links(request):
    if refused := _track_limit(request):
        return refused
    form = LinksForm(request.POST)
    if not form.is_valid():
        return _track_page(request, links=form)
    _send_links(form.cleaned_data["email"], request)
    # The same answer whether or not anything was filed with this address.
    messages.success(request, _(
        "If reports were filed with this e-mail address, we have sent new links to them. "
        "It may take a few minutes; check your spam folder too. The earlier links no longer work."
    ))
    return redirect("issues-track")


# --- Staff: attachments -------------------------------------------------------------------------

def download_attachment(request, pk):
    """The file, to staff who may see it (selectors.visible_attachments: its issue, and attachments by
    their role); 404 to anyone else, 403 to staff who may not."""
    user = request.user
    if not user.is_authenticated or not workflow.roles_of(user):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=pk)
    if not selectors.visible_attachments(user, Attachment.objects.filter(pk=attachment.pk)).exists():
        raise PermissionDenied
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        log.error("Attachment %s is missing from storage (%s)", attachment.pk, attachment.file.name)
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type or "application/octet-stream")
    access_log.log_access(request, AccessLog.Kind.ATTACHMENT, issue=attachment.issue_id, attachment=attachment.pk,
                      size=attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


# --- The privacy policy (개인정보 처리방침) --------------------------------------------------------------

@require_http_methods(["GET"])
def privacy_policy(request):
    """What the Personal Information Protection Act (Article 30) asks a public page to say, from the
    settings that make it true: the retention period and how long the access log is kept."""
    return render(request, "issues/privacy.html", {
        "retention_period": retention.period_text(),
        "access_log_days": settings.ACCESS_LOG_RETENTION_DAYS,
        "consent_version": services.PRIVACY_CONSENT_VERSION,
    })
