from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Seoul Regulatory Innovation Desk")
admin.site.site_title = _("Regulatory Innovation Desk")
admin.site.index_title = _("Workspace")

urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("config.staff.urls")),
    path("", include("issues.answers_urls")),
    path("", include("issues.stats_urls")),
    path("", include("issues.urls")),
]

# A database that does not answer gets a 503 saying what became of what was sent (config/views.py).
handler500 = "config.views.server_error"
