"""The project's URLs and, for the intake bench only, /bench/bare/: the least a Django view can answer."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "POST"])
def bare(request):
    # A POST passes the same CSRF check as the intake form; the view reads nothing and writes nothing.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("config.urls")),
]
