"""Read-side queries for the studio and the public site."""

from django.db.models import Count

from .models import Article, GenerationJob


def studio_dashboard(*, user) -> dict:
    counts = dict(Article.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "status_counts": counts,
        "recent_articles": Article.objects.select_related("category").order_by("-updated_at")[:8],
        "recent_jobs": GenerationJob.objects.order_by("-created_at")[:5],
    }
