"""Read-side queries of the studio: the dashboard and the review queue. The dashboard's figures
come from the same selectors as the lists they summarize, so they always agree."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from articles.models import Article, ArticleSource, ArticleStatus, Finding, GenerationJob
from articles.public.search import folded_field, query_terms
from prizm.roles import is_reviewer


def review_queue():
    """Articles waiting for review (a revision submitted, including a newer revision of a published
    article), oldest request first, with the gate's numbers."""
    findings = Finding.objects.filter(revision=OuterRef("current_revision"))
    return (
        Article.objects.filter(submitted_at__isnull=False)
        .select_related("submitted_by", "current_revision", "category")
        .annotate(
            findings_count=Subquery(findings.values("revision").annotate(n=Count("pk")).values("n")[:1]),
            blockers_count=Subquery(
                findings.filter(severity="blocker").values("revision").annotate(n=Count("pk")).values("n")[:1]
            ),
        )
        .order_by("submitted_at", "pk")
    )


def studio_dashboard(*, user) -> dict:
    counts = dict(Article.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    mine_to_fix = Article.objects.filter(created_by=user, status=ArticleStatus.CHANGES_REQUESTED).order_by("-updated_at")
    queue = review_queue()
    context = {
        "status_counts": counts,
        "review_count": queue.count(),
        "recent_articles": Article.objects.order_by("-updated_at")[:8],
        "recent_jobs": GenerationJob.objects.order_by("-created_at")[:6],
        "to_fix": list(mine_to_fix[:5]),
        "review_waiting": [],
        "nav": "home",
    }
    if is_reviewer(user):
        context["review_waiting"] = list(queue[:5])
    return context


def studio_article_search(articles, query: str):
    """Articles whose title, description, current text, slug or one of whose sources contains every
    word of `query`, compared without accents, case or ligatures ("reparation smartphone" finds
    « La réparation des smartphones »)."""
    terms = query_terms(query)
    if not terms:
        return articles
    articles = articles.annotate(
        q_title=folded_field("title"), q_description=folded_field("description"), q_body=folded_field("body"),
    )
    for term in terms:
        source_match = ArticleSource.objects.filter(article=OuterRef("pk")).annotate(
            q_name=folded_field("source__name"), q_publisher=folded_field("source__publisher"),
        ).filter(Q(q_name__contains=term) | Q(q_publisher__contains=term))
        articles = articles.filter(
            Q(q_title__contains=term) | Q(q_description__contains=term) | Q(q_body__contains=term)
            | Q(slug__contains=term) | Exists(source_match)
        )
    return articles
