"""/exports/: officials and officers filter the proposal lists, page through them and download them
as XLSX, CSV, PDF or HWPX (`?format=…`, keeping the filter). A list longer than
settings.EXPORT_ASYNC_ROWS is written by a worker: its page shows the progress, then the file.
/exports/batch/ puts the filtered list into a proposal batch (proposals/batches.py), to be submitted
from the batch's page in the workspace."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from ... import roles, selectors, workflow
from ...access import role_required
from ...models import AccessLog, ExportLog, ProposalBatch
from ...privacy import access_log
from .. import batches
from . import jobs
from .columns import KEYS, export_rows, headers
from .filters import IssueFilter
from .formats import DOCUMENT_FORMATS, FORMATS

PAGE_SIZE = 50
# The columns the page shows; the files have them all.
PAGE_COLUMNS = ("number", "title", "field", "company", "ministry", "state", "proposed_on", "answer")
FORMAT_LABELS = {"xlsx": gettext_lazy("Excel (XLSX)"), "csv": gettext_lazy("CSV"), "pdf": gettext_lazy("PDF (print)"),
                 "hwpx": gettext_lazy("Hangul (HWPX)")}


# The most issues one "put into a batch" takes: a batch goes to the government as one document.
BATCH_MAX_ISSUES = 500


class IntoBatchForm(forms.Form):
    """Which batch the filtered list goes into: one not yet submitted, or a new one."""

    into = forms.ModelChoiceField(label=gettext_lazy("Batch to put the list into"), required=False,
                                  queryset=ProposalBatch.objects.none(),
                                  empty_label=gettext_lazy("A new batch (the next number of this year)"))
    query = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = selectors.visible_batches(user).filter(submitted_at__isnull=True)


def _private(response):
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
@role_required(roles.EXPORT)
def export_list(request):
    filterset = IssueFilter(request.GET or None, user=request.user)
    format = request.GET.get("format")
    if format in FORMATS and filterset.is_valid():
        return _download(request, filterset, format)

    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    indexes = [KEYS.index(key) for key in PAGE_COLUMNS]
    header = headers()
    rows = [[(PAGE_COLUMNS[i], row[index]) for i, index in enumerate(indexes)]
            for row in export_rows(page.object_list, viewer=request.user)]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    query = query.urlencode()
    return _private(render(request, "exports/list.html", {
        "form": filterset.form,
        "page": page,
        "count": paginator.count,
        "columns": [(key, header[index]) for key, index in zip(PAGE_COLUMNS, indexes, strict=True)],
        "rows": rows,
        "query": query,
        "downloads": [(f, FORMAT_LABELS[f], f"?{query}&format={f}" if query else f"?format={f}")
                      for f in FORMATS
                      if f not in DOCUMENT_FORMATS or paginator.count <= settings.EXPORT_DOCUMENT_MAX_ROWS],
        "too_long_to_print": paginator.count > settings.EXPORT_DOCUMENT_MAX_ROWS,
        "document_max_rows": settings.EXPORT_DOCUMENT_MAX_ROWS,
        "is_large": paginator.count > settings.EXPORT_DOCUMENT_ASYNC_ROWS,
        "recent": ExportLog.objects.filter(user=request.user).exclude(file="").order_by("-created_at")[:5],
        "batch_form": (IntoBatchForm(initial={"query": query}, user=request.user)
                       if roles.may(request.user, roles.BUILD_BATCHES) and paginator.count else None),
    }))


def _download(request, filterset, format):
    count = filterset.qs.count()
    is_document = format in DOCUMENT_FORMATS
    if is_document and count > settings.EXPORT_DOCUMENT_MAX_ROWS:
        messages.error(request, _(
            "A PDF or HWPX file holds at most %(limit)d issues and this list has %(count)d: narrow the filter, "
            "or download it as XLSX or CSV.") % {"limit": settings.EXPORT_DOCUMENT_MAX_ROWS, "count": count})
        return redirect(f"{reverse('exports')}?{urlencode(filterset.params)}")
    if count > (settings.EXPORT_DOCUMENT_ASYNC_ROWS if is_document else settings.EXPORT_ASYNC_ROWS):
        entry = jobs.queue_export(filterset, format, by=request.user, count=count,
                                         language=request.LANGUAGE_CODE)
        _log(request, entry)
        return redirect("exports-status", pk=entry.pk)
    extension, content_type = FORMATS[format]
    filename = jobs.download_name(filterset, extension)
    if format == "csv":
        entry, chunks = jobs.stream_csv(filterset, by=request.user, count=count)
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        entry, out = jobs.write_now(filterset, format, by=request.user, count=count)
        response = FileResponse(out, as_attachment=True, filename=filename, content_type=content_type)
    _log(request, entry)
    return _private(response)


def _log(request, entry: ExportLog) -> None:
    # The export row keeps the final row count (a streamed CSV knows it at its end); the access log its address.
    access_log.log_access(request, AccessLog.Kind.EXPORT, export=entry, format=entry.format, filters=entry.filters,
                      rows=entry.row_count)


def _own_export(request, pk) -> ExportLog:
    """An export of the user who asked for it; officers may open anyone's."""
    entry = get_object_or_404(ExportLog, pk=pk)
    if entry.user_id != request.user.pk and not roles.may(request.user, roles.READ_EVERY_EXPORT):
        raise PermissionDenied
    return entry


@require_GET
@role_required(roles.EXPORT)
def export_status(request, pk):
    entry = _own_export(request, pk)
    percent = min(100, round(100 * entry.progress / entry.row_count)) if entry.row_count else 0
    return _private(render(request, "exports/status.html", {
        "entry": entry, "percent": percent, "format_label": FORMAT_LABELS.get(entry.format, entry.format),
        "is_running": entry.status == ExportLog.Status.RUNNING, "back_query": urlencode(entry.filters),
        # Whoever needs more time than the automatic refresh allows stops it (WCAG 2.2.1).
        "is_paused": bool(request.GET.get("pause")),
        "keep_days": settings.EXPORT_KEEP_DAYS,
    }))


@require_GET
@role_required(roles.EXPORT)
def export_download(request, pk):
    entry = _own_export(request, pk)
    if entry.status != ExportLog.Status.READY or not entry.file:
        raise Http404
    try:
        handle = entry.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension, content_type = FORMATS[entry.format]
    filterset = IssueFilter(entry.filters, user=entry.user or request.user)
    filterset.is_valid()
    response = FileResponse(handle, as_attachment=True, content_type=content_type,
                            filename=jobs.download_name(filterset, extension, entry.created_at))
    access_log.log_access(request, AccessLog.Kind.EXPORT_FILE, export=entry, format=entry.format, rows=entry.row_count)
    return _private(response)


@role_required(roles.BUILD_BATCHES)
@require_POST
def into_batch(request):
    """Put the issues of the posted filter into a batch not yet submitted, or a new one, and open its page.
    Those that cannot join (answered, closed, or already in another batch) are left out, and counted."""
    form = IntoBatchForm(request.POST, user=request.user)
    query = request.POST.get("query", "")
    back = f"{reverse('exports')}?{query}" if query else reverse("exports")
    filterset = IssueFilter(QueryDict(query), user=request.user)
    if not form.is_valid() or not filterset.is_valid():
        messages.error(request, _("The batch or the filter is no longer valid: choose again."))
        return redirect(back)
    issues = list(filterset.qs.select_related("proposal_batch")[:BATCH_MAX_ISSUES + 1])
    if len(issues) > BATCH_MAX_ISSUES:
        messages.error(request, _("A batch takes at most %(limit)d issues: narrow the filter.")
                       % {"limit": BATCH_MAX_ISSUES})
        return redirect(back)
    batch = form.cleaned_data["into"]
    joining, left_out = [], 0
    for issue in issues:
        if batch is not None and issue.proposal_batch_id == batch.pk:
            continue  # already there
        try:
            batches.check_addable(issue, batch)
        except workflow.MoveError:
            left_out += 1
            continue
        if issue.proposal_batch_id is not None:
            left_out += 1  # in another batch being put together: taken out of it only on purpose
            continue
        joining.append(issue)
    if not joining:
        messages.error(request, ngettext(
            "No issue of this list can join a batch: the %(count)d issue is answered, closed or already in a batch.",
            "No issue of this list can join a batch: its %(count)d issues are answered, closed or already in "
            "a batch.", len(issues)) % {"count": len(issues)} if issues else _("No issues match this filter."))
        return redirect(back)
    try:
        batch = batch or batches.create_batch(by=request.user)
        batches.add_to_batch(joining, batch, by=request.user)
    except workflow.MoveError as error:
        messages.error(request, str(error))
        return redirect(back)
    text = ngettext("%(count)d issue put into “%(batch)s”.", "%(count)d issues put into “%(batch)s”.",
                    len(joining)) % {"count": len(joining), "batch": batch}
    if left_out:
        text += " " + ngettext(
            "%(count)d issue of the list was left out: it is answered, closed or already in a batch.",
            "%(count)d issues of the list were left out: they are answered, closed or already in a batch.",
            left_out) % {"count": left_out}
    messages.success(request, text)
    return redirect("admin:issues_proposalbatch_change", batch.pk)
