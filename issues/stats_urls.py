"""/stats/: the public figures and the annual report."""

from django.urls import path

from . import stats_views

urlpatterns = [
    path("stats/", stats_views.stats_page, name="stats"),
    path("stats/report/<int:year>.<str:format>", stats_views.annual_report, name="stats-report"),
]
