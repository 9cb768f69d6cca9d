"""Every page of the issues app, each feature's at its own addresses (the names and paths of CONTRACT.md)."""

from django.urls import include, path

urlpatterns = [
    path("", include("issues.intake.urls")),
    path("", include("issues.proposals.answers_urls")),
    path("", include("issues.proposals.letter_urls")),
    path("", include("issues.proposals.exports.urls")),
    path("", include("issues.stats.urls")),
]
