"""Requests refused before any view reads them: bodies too large to be a form, and what no browser sends."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation


def limit_request_body(get_response):
    """A body longer than settings.MAX_REQUEST_BYTES is refused with the 413 page, unread: Django would
    parse it whole, its files into temporary files, before any form could say it is too large. A body
    of unknown length (Transfer-Encoding: chunked) is refused with 411, so that nothing is ever read
    past a length checked here (Django reads at most CONTENT_LENGTH bytes)."""

    def middleware(request):
        meta = request.META
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        if length > settings.MAX_REQUEST_BYTES:
            return _refused(request, 413, "413.html")
        if not meta.get("CONTENT_LENGTH") and meta.get("HTTP_TRANSFER_ENCODING"):
            return _refused(request, 411)
        return get_response(request)

    return middleware


def _refused(request, status: int, template: str | None = None):
    # LocaleMiddleware has not run yet: the page is in the language the request asks for (Korean by default).
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if template:
            response = render(request, template, {
                "limit": filesizeformat(settings.MAX_REQUEST_BYTES),
                "max_files": settings.UPLOAD_MAX_FILES,
                "max_file_size": filesizeformat(settings.UPLOAD_MAX_FILE_SIZE),
                "max_total_size": filesizeformat(settings.UPLOAD_MAX_TOTAL_SIZE),
            }, status=status)
        else:
            response = HttpResponse(
                translation.gettext("Send the request with a Content-Length header: a body of unknown length "
                                    "is not accepted."),
                status=status, content_type="text/plain; charset=utf-8",
            )
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def reject_nul_in_query(get_response):
    """A NUL character in the query string (`?state=%00`) cannot be stored or compared by PostgreSQL,
    so a filter reading it would fail with a 500: such a request is a 400. Forms keep their own,
    translated check of posted text (Django's ProhibitNullCharactersValidator)."""

    def middleware(request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            raise BadRequest("NUL character in the query string")
        return get_response(request)

    return middleware
