"""/stats/: the public figures and the annual report."""

from django.urls import path

from . import views

urlpatterns = [
    path("stats/", views.stats_page, name="stats"),
    path("stats/report/<int:year>.<str:format>", views.annual_report, name="stats-report"),
]
