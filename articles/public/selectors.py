"""Read queries of the public site. Only published articles, and of them only the published revision,
ever leave this module: "published" means status == published and a published revision set.

Query budget (asserted in tests/articles/public/test_queries.py): an article page is 2 queries (the
article with its revision, category and tags; the related articles), whatever the number of sources
and tags; a list page is 3 to 5, whatever the number of articles on it.
"""

from __future__ import annotations

import datetime
import json

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, TextField
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from articles.models import Article, ArticleSource, ArticleStatus, Category, Revision, SlugRedirect, Tag
from articles.public.rendering import article_tags

PAGE_SIZE = 10
RELATED_LIMIT = 3


def _tags_json_sql(article_column: str) -> str:
    """SQL for the tags of one article as JSON text [{"id", "name", "slug"}] (one variant per database)."""
    tags, through = Tag._meta.db_table, Article.tags.through._meta.db_table
    if connection.vendor == "postgresql":
        items = "COALESCE(json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug))::text, '[]')"
    else:
        items = "json_group_array(json_object('id', t.id, 'name', t.name, 'slug', t.slug))"
    return f'SELECT {items} FROM "{tags}" t INNER JOIN "{through}" x ON x.tag_id = t.id WHERE x.article_id = {article_column}'


def _tag_list_sql() -> RawSQL:
    """Tags of the outer article as JSON text, computed in the same query (for ORM querysets)."""
    return RawSQL(_tags_json_sql(f'"{Article._meta.db_table}"."id"'), (), output_field=TextField())


def live(prefix: str = "") -> Q:
    """Published, with a published revision, and not past its expiry date (should the scheduler be
    late to unpublish it). `prefix`: the relation to the article, e.g. "articles__"."""
    return Q(**{f"{prefix}status": ArticleStatus.PUBLISHED, f"{prefix}published_revision__isnull": False}) & (
        Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": timezone.now()})
    )


def published_articles():
    return Article.objects.filter(live())


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


# --- The article page: two hand-written queries --------------------------------------------------
#
# The article page is the hot path (goal: uncached ≥ 0.15× a trivial view, 2 queries). Compiling the
# equivalent ORM querysets costs more CPU than running them, so these two are plain SQL, portable
# between Postgres and SQLite (only the tags' JSON differs), run through Article.objects.raw() so
# that Django still converts the article's own columns. Only published articles are read.

_RELATED_COLUMNS = """
    a.id, a.slug, a.published_at, a.first_published_at, a.category_id, a.published_revision_id,
    c.name AS p_category_name, c.slug AS p_category_slug, r.title AS p_revision_title"""
_PAGE_COLUMNS = _RELATED_COLUMNS + """,
    a.image, a.featured, a.author_name, r.number AS p_revision_number,
    r.description AS p_revision_description, r.public_data AS p_revision_public_data,
    r.body_html AS p_revision_body_html"""


def _tables() -> dict:

    return {
        "article": Article._meta.db_table, "revision": Revision._meta.db_table,
        "category": Category._meta.db_table, "article_tags": Article.tags.through._meta.db_table,
        "article_sources": ArticleSource._meta.db_table, "published": ArticleStatus.PUBLISHED.value,
    }


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def _attach(article: Article, *, page: bool = False) -> Article:
    """Turn the p_* columns of a raw row into the article's revision and category objects."""

    revision = Revision(id=article.published_revision_id, article_id=article.id, title=article.p_revision_title)
    if page:
        revision.number = article.p_revision_number
        revision.description = article.p_revision_description
        revision.public_data = _json(article.p_revision_public_data)
        revision.body_html = article.p_revision_body_html
    article.published_revision = revision
    article.category = (
        Category(id=article.category_id, name=article.p_category_name, slug=article.p_category_slug)
        if article.category_id else None
    )
    return article


def article_for_page(slug: str) -> Article | None:
    """The published article with its published revision, category and tags: one query."""
    t = _tables()
    sql = f"""
        SELECT {_PAGE_COLUMNS}, ({_tags_json_sql("a.id")}) AS tag_list
        FROM "{t['article']}" a
        INNER JOIN "{t['revision']}" r ON r.id = a.published_revision_id
        LEFT OUTER JOIN "{t['category']}" c ON c.id = a.category_id
        WHERE a.slug = %s AND a.status = '{t['published']}' AND (a.expire_at IS NULL OR a.expire_at > %s)
    """
    rows = list(Article.objects.raw(sql, [slug, timezone.now()]))
    if not rows:
        return None
    return _attach(rows[0], page=True)


def related_articles(article: Article, *, limit: int = RELATED_LIMIT) -> list[Article]:
    """Published articles sharing tags or sources with `article`, most shared first: one query.
    Only what a short card shows (category, title, date)."""

    tag_ids = [int(tag["id"]) for tag in article_tags(article) if tag.get("id")]
    source_ids = [int(s["id"]) for s in (article.published_revision.public_data or {}).get("sources", []) if s.get("id")]
    if not tag_ids and not source_ids:
        return []
    t = _tables()
    shared, params = [], []
    if tag_ids:
        shared.append(f'SELECT article_id FROM "{t["article_tags"]}" WHERE tag_id IN ({", ".join(["%s"] * len(tag_ids))})')
        params += tag_ids
    if source_ids:
        shared.append(
            f'SELECT article_id FROM "{t["article_sources"]}" WHERE source_id IN ({", ".join(["%s"] * len(source_ids))})'
        )
        params += source_ids
    sql = f"""
        SELECT {_RELATED_COLUMNS}, s.score
        FROM (SELECT article_id, COUNT(*) AS score FROM ({" UNION ALL ".join(shared)}) shared GROUP BY article_id) s
        INNER JOIN "{t['article']}" a ON a.id = s.article_id
        INNER JOIN "{t['revision']}" r ON r.id = a.published_revision_id
        LEFT OUTER JOIN "{t['category']}" c ON c.id = a.category_id
        WHERE a.status = '{t['published']}' AND (a.expire_at IS NULL OR a.expire_at > %s) AND a.id <> %s
        ORDER BY s.score DESC, a.published_at DESC, a.id DESC
        LIMIT {int(limit)}
    """
    return [_attach(row) for row in Article.objects.raw(sql, [*params, timezone.now(), article.pk])]


def redirect_target(old_slug: str) -> str | None:
    """The current slug of a published article that used to live at `old_slug`."""
    return (
        SlugRedirect.objects.filter(old_slug=old_slug, article__in=published_articles())
        .values_list("article__slug", flat=True)
        .first()
    )


# --- Lists --------------------------------------------------------------------------------------


def categories_with_counts():
    return (
        Category.objects.annotate(
            n=Count(
                "articles",
                filter=live("articles__"),
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


def _taxonomy_page(model, slug: str, page_number, *, key: str, lookup: str, missing: str) -> dict:
    """The page of one category or tag: it (as `key`) and its published articles, paginated."""
    item = model.objects.filter(slug=slug).first()
    if item is None:
        raise Http404(missing)
    return {key: item, "page": paginate(cards().filter(**{lookup: item}), page_number)}


def category_page(slug: str, page_number) -> dict:
    return _taxonomy_page(Category, slug, page_number, key="category", lookup="category", missing="Catégorie introuvable")


def tag_page(slug: str, page_number) -> dict:
    return _taxonomy_page(Tag, slug, page_number, key="tag", lookup="tags", missing="Étiquette introuvable")


# --- Feeds, sitemap, API, export ------------------------------------------------------------------


def feed_articles(limit: int = 20) -> list[Article]:
    return list(
        published_articles()
        .select_related("published_revision", "category")
        .defer("body", "published_revision__body", "published_revision__sources")
        .annotate(tag_list=_tag_list_sql())
        .order_by("-published_at", "-id")[:limit]
    )


def sitemap_articles():
    return published_articles().only("slug", "published_at").order_by("-published_at", "-id")


def _having_published_articles(model):
    """Categories or tags with published articles, each with `latest` (its last publication)."""
    return (
        model.objects.annotate(latest=Max("articles__published_at", filter=live("articles__")))
        .filter(latest__isnull=False)
        .only("slug", "name")
        .order_by("slug")
    )


def sitemap_categories():
    return _having_published_articles(Category)


def sitemap_tags():
    return _having_published_articles(Tag)


def api_articles(*, category: str = "", tag: str = "", updated_since: datetime.datetime | None = None):
    """Published articles for the JSON API, with full bodies, newest first."""
    queryset = (
        published_articles()
        .select_related("published_revision", "category")
        .defer("body")
        .annotate(tag_list=_tag_list_sql())
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
        .annotate(tag_list=_tag_list_sql())
        .first()
    )


def export_articles(*, status: str = ArticleStatus.PUBLISHED):
    """Articles to export. Published ones are exported as their published revision."""
    queryset = Article.objects.select_related("published_revision", "category").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("articlesource_set", queryset=ArticleSource.objects.select_related("source").order_by("order", "id")),
    )
    if status == ArticleStatus.PUBLISHED:
        queryset = queryset.filter(live())
    elif status != "all":
        queryset = queryset.filter(status=status)
    return queryset.order_by("slug")
