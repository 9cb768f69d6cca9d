"""/exports/batches/<id>/letter/: the 건의서 of a proposal batch (proposals/letter.py), for the roles that
export proposals (officials and officers): `?format=hwpx` or `pdf`; to every ministry of the batch in one
letter with a part for each, to one of them (`&ministry=<id>`), or one letter to each in a ZIP file
(`&ministry=each`). Each reads in it only what they may see of the batch.

A letter is laid out while the request waits: one of more than settings.EXPORT_DOCUMENT_ASYNC_ROWS issues
(above which the worklist's PDF goes to the worker) is refused, pointing to the letters to each ministry."""

import io

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import roles, selectors
from ..access import role_required
from . import letter


@require_GET
@role_required(roles.EXPORT)
def download(request, pk):
    batch = get_object_or_404(selectors.visible_batches(request.user), pk=pk)
    format = request.GET.get("format", "")
    if format not in letter.FORMATS:
        raise Http404
    choice = request.GET.get("ministry", "")
    ministries = letter.ministries(batch, viewer=request.user)
    ministry = next((m for m in ministries if str(m.pk) == choice), None)
    if (choice == "each" and not ministries) or (choice and choice != "each" and ministry is None):
        raise Http404
    issues = letter.letter_issues(batch, viewer=request.user)
    count = issues.filter(ministry=ministry).count() if ministry is not None else issues.count()
    if count > settings.EXPORT_DOCUMENT_ASYNC_ROWS:
        messages.error(request, _(
            "A letter of proposal holds at most %(limit)d issues and this one would hold %(count)d: download the "
            "letter to each ministry, or split the batch.") % {"limit": settings.EXPORT_DOCUMENT_ASYNC_ROWS,
                                                              "count": count})
        return redirect("admin:issues_proposalbatch_change", batch.pk)
    if choice == "each":
        data = letter.write_each(batch, format, viewer=request.user)
        return _file(data, f"{letter.letter_name(batch)}.zip", "application/zip")
    made = letter.letter(batch, viewer=request.user, ministry=ministry)
    if not made.cards:
        messages.error(request, _("“%(batch)s” holds no issue to propose yet, so it has no letter of proposal.")
                       % {"batch": batch})
        return redirect("admin:issues_proposalbatch_change", batch.pk)
    return _file(letter.write(made, format), f"{made.filename}.{format}", letter.FORMATS[format])


def _file(data: bytes, filename: str, content_type: str):
    # FileResponse writes the Korean name as RFC 5987's filename*=utf-8''…, with an ASCII fallback.
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "no-store, private"
    return response
