from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("config.staff.urls")),
    path("", include("issues.urls")),
]

# A database that does not answer gets a 503 saying what became of what was sent (config/views.py).
handler500 = "config.views.server_error"
