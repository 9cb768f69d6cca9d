"""/exports/batches/<id>/letter/: the letter of proposal (건의서) of a proposal batch."""

from django.urls import path

from . import letter_views

urlpatterns = [
    path("exports/batches/<int:pk>/letter/", letter_views.download, name="proposals-letter"),
]
