"""The publishing side of /healthz (registered in prizm.hooks by ArticlesConfig.ready)."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleStatus


def overdue_scheduled_articles() -> tuple[bool, int]:
    """Articles scheduled to go live more than two minutes ago: beat is not doing its job."""
    try:
        count = Article.objects.filter(
            status=ArticleStatus.SCHEDULED, go_live_at__lt=timezone.now() - timedelta(minutes=2)
        ).count()
    except Exception:
        return False, -1
    return count == 0, count
