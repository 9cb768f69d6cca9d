"""Requests no browser sends, refused before any view reads them."""

from django.core.exceptions import BadRequest


def reject_nul_in_query(get_response):
    """A NUL character in the query string (`?state=%00`) cannot be stored or compared by PostgreSQL,
    so a filter reading it would fail with a 500: such a request is a 400. Forms keep their own,
    translated check of posted text (Django's ProhibitNullCharactersValidator)."""

    def middleware(request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            raise BadRequest("NUL character in the query string")
        return get_response(request)

    return middleware
