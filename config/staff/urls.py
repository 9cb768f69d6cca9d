from django.urls import path

from . import views

urlpatterns = [
    path("two-factor/", views.verify, name="accounts-verify"),
    path("two-factor/enrol/", views.enrol, name="accounts-enrol"),
    path("two-factor/link/<str:token>/", views.enrolment_link, name="accounts-enrolment-link"),
]
