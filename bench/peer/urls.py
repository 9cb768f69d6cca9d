"""helpdesk under /helpdesk/, as its installation guide mounts it: the public form is /helpdesk/tickets/submit/."""

from django.urls import include, path

urlpatterns = [
    path("helpdesk/", include("helpdesk.urls")),
]
