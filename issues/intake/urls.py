"""The public pages (and the staff download of an attachment) at their addresses of CONTRACT.md."""

from django.urls import path, register_converter

from . import views


class SecretConverter:
    """An issue's secret as models.new_secret makes it (URL-safe base64); anything else is a 404
    before any database look-up."""

    regex = r"[A-Za-z0-9_-]{20,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SecretConverter, "secret")


class NumberConverter(SecretConverter):
    """A tracking number as services.allocate_number makes it (REG-2024-0001); anything else is a 404
    before any database look-up (PostgreSQL refuses a NUL byte in a query with an error)."""

    regex = r"[A-Za-z0-9-]{1,20}"


register_converter(NumberConverter, "number")

urlpatterns = [
    path("issues/new/", views.new_issue, name="issues-new"),
    path("issues/new/similar/", views.similar_cases, name="issues-similar"),
    path("issues/receipt/<number:number>/", views.receipt, name="issues-receipt"),
    path("track/", views.track, name="issues-track"),
    path("privacy/", views.privacy_policy, name="privacy"),
    path("track/links/", views.send_links, name="issues-links"),
    path("track/<secret:secret>/", views.status, name="issues-status"),
    path("track/<secret:secret>/messages/", views.post_message, name="issues-message"),
    path("track/<secret:secret>/withdraw/", views.withdraw, name="issues-withdraw"),
    path("track/<secret:secret>/data/", views.my_data, name="issues-data"),
    path("attachments/<int:pk>/", views.download_attachment, name="issues-attachment"),
]
