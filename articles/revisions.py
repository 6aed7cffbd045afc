"""The one way a revision is written: editor saves, generation, imports, reverts, demo data and test
factories all call `revision_create`, so revisions are numbered one way (1, 2, 3… per article)."""

from django.db.models import Max

from articles.models import Article, Revision


def revision_sources(article: Article) -> list[dict]:
    """The article's sources as a revision freezes them, in article order."""
    return [
        {"id": s.pk, "name": s.name, "url": s.url}
        for s in article.sources.order_by("articlesource__order", "articlesource__id")
    ]


def revision_create(
    *,
    article: Article,
    title: str,
    description: str,
    body: str,
    sources: list[dict],
    author=None,
    reason: str = "",
    generated_by_job=None,
    make_current: bool = True,
) -> Revision:
    """Snapshot one version of the article as its next revision and (by default) make it current.
    Callers hold the article's row lock when two writers could race (the unique constraint on
    (article, number) refuses the loser)."""
    number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision.objects.create(
        article=article, number=number, title=title[:300], description=description, body=body,
        sources=sources, author=author if getattr(author, "pk", None) else None, reason=(reason or "")[:300],
        generated_by_job=generated_by_job,
    )
    if make_current:
        article.current_revision = revision
        Article.objects.filter(pk=article.pk).update(current_revision=revision)
    return revision
