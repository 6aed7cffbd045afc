"""Read queries of the public site. Only published articles, and of them only the published revision,
ever leave this module: "published" means status == published and a published revision set.

Query budget (asserted in tests/articles/public/test_queries.py): an article page is 2 queries (the
article with its revision, category and tags; the related articles), whatever the number of sources
and tags; a list page is 3 to 5, whatever the number of articles on it.
"""

from __future__ import annotations

import datetime

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import (
    Aggregate,
    Count,
    F,
    IntegerField,
    JSONField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, JSONObject
from django.http import Http404

from .models import Article, ArticleSource, ArticleStatus, Category, SlugRedirect, Tag

PAGE_SIZE = 10
RELATED_LIMIT = 3


class _JSONList(Aggregate):
    """A JSON array of the aggregated values: JSONB_AGG on Postgres, JSON_GROUP_ARRAY on SQLite."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)


def _tag_list():
    """Tags of the outer article as [{"name", "slug"}], in the same query."""
    return Subquery(
        Tag.objects.filter(articles=OuterRef("pk"))
        .order_by()
        .values("articles")
        .annotate(items=_JSONList(JSONObject(name=F("name"), slug=F("slug"))))
        .values("items")[:1],
        output_field=JSONField(),
    )


def published_articles():
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, published_revision__isnull=False)


# What a card needs: never the bodies.
CARD_FIELDS = (
    "id", "slug", "featured", "image", "author_name", "published_at", "first_published_at",
    "category__name", "category__slug",
    "published_revision__title", "published_revision__description", "published_revision__public_data",
)


def cards():
    """Published articles for lists, newest first, with their revision and category in one query."""
    return (
        published_articles()
        .select_related("published_revision", "category")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-id")
    )


def paginate(queryset, page_number, *, per_page: int = PAGE_SIZE) -> Page:
    """A page of `queryset`; a page number out of range or not a number is a 404."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("Page introuvable") from None


# --- Article page -----------------------------------------------------------------------------


def article_for_page(slug: str) -> Article | None:
    """The published article with its published revision, category and tags: one query."""
    return (
        published_articles()
        .filter(slug=slug)
        .select_related("published_revision", "category")
        .defer("body", "published_revision__body", "published_revision__sources")
        .annotate(tag_list=_tag_list())
        .first()
    )


def redirect_target(old_slug: str) -> str | None:
    """The current slug of a published article that used to live at `old_slug`."""
    return (
        SlugRedirect.objects.filter(
            old_slug=old_slug, article__status=ArticleStatus.PUBLISHED, article__published_revision__isnull=False
        )
        .values_list("article__slug", flat=True)
        .first()
    )


def related_articles(article: Article, *, limit: int = RELATED_LIMIT) -> list[Article]:
    """Published articles sharing tags or sources with `article`, most shared first: one query."""
    tag_slugs = [t["slug"] for t in (getattr(article, "tag_list", None) or [])]
    source_ids = [s["id"] for s in (article.published_revision.public_data or {}).get("sources", []) if s.get("id")]
    if not tag_slugs and not source_ids:
        return []
    shared_tags = Tag.objects.filter(articles=OuterRef("pk"), slug__in=tag_slugs).order_by().values("articles")
    shared_sources = ArticleSource.objects.filter(article=OuterRef("pk"), source_id__in=source_ids).order_by()
    score = Coalesce(
        Subquery(shared_tags.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0)
    ) + Coalesce(
        Subquery(shared_sources.values("article").annotate(n=Count("pk")).values("n")[:1],
                 output_field=IntegerField()),
        Value(0),
    )
    return list(
        cards()
        .exclude(pk=article.pk)
        .annotate(score=score)
        .filter(score__gt=0)
        .order_by("-score", "-published_at")[:limit]
    )


# --- Lists --------------------------------------------------------------------------------------


def categories_with_counts():
    return (
        Category.objects.annotate(
            n=Count(
                "articles",
                filter=Q(articles__status=ArticleStatus.PUBLISHED, articles__published_revision__isnull=False),
            )
        )
        .filter(n__gt=0)
        .order_by("name")
    )


def home_page(page_number) -> dict:
    featured = cards().filter(featured=True).first()
    latest = cards()
    if featured is not None:
        latest = latest.exclude(pk=featured.pk)
    page = paginate(latest, page_number)
    return {
        "featured": featured if page.number == 1 else None,
        "page": page,
        "categories": list(categories_with_counts()),
    }


def category_page(slug: str, page_number) -> dict:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404("Catégorie introuvable")
    page = paginate(cards().filter(category=category), page_number)
    return {"category": category, "page": page}


def tag_page(slug: str, page_number) -> dict:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("Étiquette introuvable")
    page = paginate(cards().filter(tags=tag), page_number)
    return {"tag": tag, "page": page}


# --- Feeds, sitemap, API, export ------------------------------------------------------------------


def feed_articles(limit: int = 20) -> list[Article]:
    return list(
        published_articles()
        .select_related("published_revision", "category")
        .defer("body", "published_revision__body", "published_revision__sources")
        .annotate(tag_list=_tag_list())
        .order_by("-published_at", "-id")[:limit]
    )


def sitemap_articles():
    return published_articles().only("slug", "published_at").order_by("-published_at", "-id")


_PUBLISHED_ARTICLES = Q(articles__status=ArticleStatus.PUBLISHED, articles__published_revision__isnull=False)


def sitemap_categories():
    """Categories with published articles, each with `latest` (its last publication)."""
    return (
        Category.objects.annotate(latest=Max("articles__published_at", filter=_PUBLISHED_ARTICLES))
        .filter(latest__isnull=False)
        .only("slug", "name")
        .order_by("slug")
    )


def sitemap_tags():
    return (
        Tag.objects.annotate(latest=Max("articles__published_at", filter=_PUBLISHED_ARTICLES))
        .filter(latest__isnull=False)
        .only("slug", "name")
        .order_by("slug")
    )


def api_articles(*, category: str = "", tag: str = "", updated_since: datetime.datetime | None = None):
    """Published articles for the JSON API, with full bodies, newest first."""
    queryset = (
        published_articles()
        .select_related("published_revision", "category")
        .defer("body")
        .annotate(tag_list=_tag_list())
        .order_by("-published_at", "-id")
    )
    if category:
        queryset = queryset.filter(category__slug=category)
    if tag:
        queryset = queryset.filter(tags__slug=tag)
    if updated_since:
        queryset = queryset.filter(published_at__gte=updated_since)
    return queryset


def api_article(slug: str) -> Article | None:
    return (
        published_articles()
        .filter(slug=slug)
        .select_related("published_revision", "category")
        .defer("body")
        .annotate(tag_list=_tag_list())
        .first()
    )


def export_articles(*, status: str = ArticleStatus.PUBLISHED):
    """Articles to export. Published ones are exported as their published revision."""
    queryset = Article.objects.select_related("published_revision", "category").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("articlesource_set", queryset=ArticleSource.objects.select_related("source").order_by("order", "id")),
    )
    if status == ArticleStatus.PUBLISHED:
        queryset = queryset.filter(status=ArticleStatus.PUBLISHED, published_revision__isnull=False)
    elif status != "all":
        queryset = queryset.filter(status=status)
    return queryset.order_by("slug")
