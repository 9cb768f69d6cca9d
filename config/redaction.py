"""Status-link secrets never reach a log: `/track/<secret>/…` is written `/track/[redacted]/…` (and a
staff enrolment link's token, `/accounts/two-factor/link/[redacted]/`, alike).

The secret is the whole credential of a filer's status link (issues/links.py), and a path carries it
into every access log, request warning and error report. `redact` is the one rule; `RedactSecrets`
applies it to log records (settings.LOGGING puts it on every handler, config/celery.py on the worker's),
config/gunicorn_logger.py to gunicorn's access and error logs, config/error_reports.py to error reports.

Standard library only: gunicorn's master process imports this before Django is set up.
"""

import logging
import re

REDACTED = "[redacted]"

# The shape issues/urls.py's SecretConverter accepts, after `/track/`, also percent-encoded (a `next=`
# parameter) and without an upper bound, so that an over-long guess is hidden whole.
_TRACK_SECRET = re.compile(r"(?P<head>(?:/|%2f)track(?:/|%2f))[A-Za-z0-9_-]{20,}", re.IGNORECASE)
# A staff member's two-factor enrolment link (config/staff/enrolment.py) is a credential too while it works.
_ENROLMENT_TOKEN = re.compile(r"(?P<head>(?:/|%2f)two-factor(?:/|%2f)link(?:/|%2f))[^/\s\"'?&]+", re.IGNORECASE)


def redact(text: str, secrets=()) -> str:
    """`text` with every status-link secret after `/track/` replaced, and every one of `secrets` (known
    secrets, e.g. a view's argument, wherever they appear) too."""
    lowered = text.lower()
    if "track" in lowered:
        text = _TRACK_SECRET.sub(lambda match: match["head"] + REDACTED, text)
    if "two-factor" in lowered:
        text = _ENROLMENT_TOKEN.sub(lambda match: match["head"] + REDACTED, text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def secrets_in(text: str) -> set[str]:
    """The status-link secrets that `text` carries after `/track/`."""
    return {match[0][len(match["head"]):] for match in _TRACK_SECRET.finditer(text)}


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, traceback and stack with `redact`; lets every record through.

    The message is formatted here (msg % args) because an argument may be any object whose text holds
    the path, like a request. The record is shared by every handler, so the first one that filters it
    cleans it for all; handlers of ours list this filter first."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's to report, as it would without us
            return True
        # Django's request records carry the request: its path names the secret, which an error message
        # or a traceback may hold bare (a view's argument).
        secrets = secrets_in(str(getattr(getattr(record, "request", None), "path", "")))
        cleaned = redact(message, secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            # Formatters use exc_text when it is set; exc_info stays for the error e-mail's report.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets)
        return True
