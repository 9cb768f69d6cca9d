"""/exports/: the proposal lists, their downloads and the exports written in the background."""

from django.urls import path

from . import views

urlpatterns = [
    path("exports/", views.export_list, name="exports"),
    path("exports/batch/", views.into_batch, name="exports-batch"),
    path("exports/<int:pk>/", views.export_status, name="exports-status"),
    path("exports/<int:pk>/download/", views.export_download, name="exports-download"),
]
