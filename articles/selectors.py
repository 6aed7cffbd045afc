"""Read-side queries for the studio dashboard."""

from django.db.models import Count

from prizm.roles import is_reviewer

from .models import Article, ArticleStatus, GenerationJob


def studio_dashboard(*, user) -> dict:
    counts = dict(Article.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    mine_to_fix = Article.objects.filter(created_by=user, status=ArticleStatus.CHANGES_REQUESTED).order_by("-updated_at")
    context = {
        "status_counts": counts,
        "recent_articles": Article.objects.order_by("-updated_at")[:8],
        "recent_jobs": GenerationJob.objects.order_by("-created_at")[:6],
        "to_fix": list(mine_to_fix[:5]),
        "review_waiting": [],
        "nav": "home",
    }
    if is_reviewer(user):
        context["review_waiting"] = list(
            Article.objects.filter(status=ArticleStatus.IN_REVIEW).exclude(created_by=user).order_by("updated_at")[:5]
        )
    return context
