"""The shareable preview: /preview/<token>/ (mounted at the site root)."""

from django.urls import path

from articles.workflow.views import actions as workflow

urlpatterns = [
    path("preview/<str:token>/", workflow.public_preview, name="preview"),
]
