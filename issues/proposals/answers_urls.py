"""/exports/answers/: officials record the government's answers from the returned proposal list."""

from django.urls import path

from . import answers_views

urlpatterns = [
    path("exports/answers/", answers_views.upload, name="answers-upload"),
    path("exports/answers/preview/", answers_views.preview, name="answers-preview"),
    path("exports/answers/confirm/", answers_views.confirm, name="answers-confirm"),
]
