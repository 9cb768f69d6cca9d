import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.generic import TemplateView
from health_check.views import HealthCheckView

from .context_processors import site

# Seconds a client is asked to wait when the database does not answer: a restart takes a few.
RETRY_AFTER = 60


class LandingView(TemplateView):
    template_name = "landing.html"


class HealthView(HealthCheckView):
    """200 when the database (and Redis, where configured) answer; 503 otherwise, for load balancers."""

    @property
    def checks(self):
        checks = ["health_check.checks.Database"]
        if settings.REDIS_URL:
            from redis.asyncio import Redis

            checks.append(("health_check.contrib.redis.Redis",
                           {"client_factory": lambda: Redis.from_url(settings.REDIS_URL, socket_timeout=2)}))
        return checks

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code >= 500:
            response.status_code = 503
        return response


def _is_database_down(error: BaseException | None) -> bool:
    """The database did not answer (a restart, a failover, a cut connection): raised by Django as
    OperationalError or InterfaceError, possibly while handling one of them."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request):
    """handler500. When the database is down the answer is a 503 that says what happened to what was
    sent: nothing was saved (the form is one Back away), or, once an issue was filed, its number.

    The page is rendered without touching the database: without the request's context processors
    (the messages may sit in the session, and so may the user), from a template that does not extend
    base.html, with nothing but settings and `request.filed_issue_number`, which issues.intake.views.new_issue
    sets once a filing is committed. Django logs the error itself, as for any 5xx (django.request)."""
    if not _is_database_down(sys.exc_info()[1]):
        return defaults.server_error(request)
    filed_number = getattr(request, "filed_issue_number", "")
    response = HttpResponse(render_to_string("503.html", {
        **site(request),
        "filed_number": filed_number,
        "saved_nothing": request.method not in ("GET", "HEAD", "OPTIONS"),
    }), status=503)
    if not filed_number:  # retrying a report that was filed would file it twice
        response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store, private"
    return response
