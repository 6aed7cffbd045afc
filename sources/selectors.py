"""Read queries of the source registry."""

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Collate

from .models import Source, SourceFetch


def source_list(*, q: str = "", kind: str = "", reliability_min: int | None = None,
                reliability_max: int | None = None, language: str = "", sort: str = "name") -> QuerySet[Source]:
    """Sources matching the filters, each with `extract_count` and `article_count`, in two columns of
    one query."""
    qs = Source.objects.annotate(
        extract_count=Count("extracts", distinct=True),
        article_count=Count("articles", distinct=True),
    )
    if q := (q or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(publisher__icontains=q) | Q(url__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if reliability_min is not None:
        qs = qs.filter(reliability__gte=reliability_min)
    if reliability_max is not None:
        qs = qs.filter(reliability__lte=reliability_max)
    if language:
        qs = qs.filter(language=language)
    order = {
        "name": ["name", "id"],
        "-reliability": ["-reliability", "name"],
        "reliability": ["reliability", "name"],
        "-published_on": ["-published_on", "name"],
        "published_on": ["published_on", "name"],
        "-created_at": ["-created_at", "-id"],
    }.get(sort or "name", ["name", "id"])
    fields = []
    for item in order:
        name = item.lstrip("-")
        expr = F(name)
        if name == "name" and settings.DATABASE_IS_POSTGRES:
            expr = Collate(expr, "fr-x-icu")  # "Étude" sorts with the E's, not after Z
        fields.append(expr.desc(nulls_last=True) if item.startswith("-") else expr.asc(nulls_last=True))
    return qs.order_by(*fields)


def source_citing_articles(*, source: Source):
    return source.articles.order_by("-updated_at").distinct()


def source_recent_fetches(*, user, limit: int = 10) -> QuerySet[SourceFetch]:
    return SourceFetch.objects.filter(requested_by=user).select_related("source").order_by("-created_at")[:limit]
