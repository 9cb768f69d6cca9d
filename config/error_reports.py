"""Django's error reports (the e-mail to ADMINS, the DEBUG page) without status-link secrets.

settings.DEFAULT_EXCEPTION_REPORTER_FILTER cleans what the report takes from the request (META, POST,
the frames' variables); settings.DEFAULT_EXCEPTION_REPORTER cleans what the report's templates read
from the request directly (`request.path_info`, the URL) and the variables as printed. Both redact the
`/track/<secret>` shape and the bare secret the URL resolver handed to the view (config/redaction.py).
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .redaction import redact, secrets_in


def request_secrets(request) -> set[str]:
    """The status-link secrets a request carries: in its path, its Referer, or as the view's argument."""
    if request is None or not hasattr(request, "META"):
        return set()
    found = set()
    for text in (getattr(request, "path", ""), request.META.get("HTTP_REFERER", ""),
                 request.META.get("QUERY_STRING", "")):
        found |= secrets_in(str(text))
    match = getattr(request, "resolver_match", None)
    if match is not None and isinstance(match.kwargs.get("secret"), str):
        found.add(match.kwargs["secret"])
    return found


def _clean(value, secrets):
    return redact(value, secrets) if isinstance(value, str) else value


class SecretsReporterFilter(SafeExceptionReporterFilter):
    """Django's filter (settings named like KEY or SECRET, sensitive_variables and
    sensitive_post_parameters) and, always, whatever text holds a status-link secret."""

    def get_safe_request_meta(self, request):
        secrets = request_secrets(request)
        return {key: _clean(value, secrets) for key, value in super().get_safe_request_meta(request).items()}

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if not parameters:
            return parameters
        secrets = request_secrets(request)
        cleaned = parameters.copy()
        for key, values in parameters.lists():
            cleaned.setlist(key, [_clean(value, secrets) for value in values])
        return cleaned

    def get_traceback_frame_variables(self, request, tb_frame):
        secrets = request_secrets(request)
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [(name, _clean(value, secrets)) for name, value in variables]


class _ReportedRequest:
    """What the report's templates read from the request itself, cleaned."""

    def __init__(self, request, meta: dict, secrets: set):
        self.path = redact(request.path, secrets)
        self.path_info = redact(request.path_info, secrets)
        self.method = request.method
        self.META = meta
        self.GET = {key: _clean(value, secrets) for key, value in request.GET.items()}
        self.FILES = request.FILES
        self.COOKIES = request.COOKIES


class SecretsExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        secrets = request_secrets(self.request)
        # Objects in the frames (a request, a dict of the view's arguments) are printed by now.
        for frame in data["frames"]:
            if "vars" in frame:
                frame["vars"] = [(name, _clean(value, secrets)) for name, value in frame["vars"]]
        for key in ("request_insecure_uri", "exception_value", "exception_notes"):
            if key in data:
                data[key] = _clean(data[key], secrets)
        if self.request is not None and "request_GET_items" in data:
            data["request"] = _ReportedRequest(self.request, data["request_meta"], secrets)
            data["request_GET_items"] = list(data["request"].GET.items())
            data["request_COOKIES_items"] = [
                (key, _clean(value, secrets)) for key, value in data["request_COOKIES_items"]]
        return data
