"""Read-only JSON API for static front ends: published articles only, as their published revision.

GET /api/articles/?category=<slug>&tag=<slug>&updated_since=<ISO 8601>&page=<n>&page_size=<1..100>
GET /api/articles/<slug>/

"updated" is when the current public version was published (`published_at`); "date" is the first
publication. Cached like the pages (see public/cache.py) and open to any origin (no credentials).
"""

from __future__ import annotations

import json

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from articles.public import selectors
from articles.public.cache import finish_public_response, public_page
from articles.public.rendering import (
    absolute_url,
    article_body_markdown,
    article_tags,
    is_frozen,
    revision_freeze_for_public,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def _json(request, data: dict, *, status: int = 200, last_modified=None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
        status=status,
    )
    response["Access-Control-Allow-Origin"] = "*"
    response.public_last_modified = last_modified.timestamp() if last_modified else None
    if status != 200:
        response["Cache-Control"] = "no-store"
        return response
    return finish_public_response(request, response, last_modified=response.public_last_modified)


def _error(request, status: int, message: str) -> HttpResponse:
    return _json(request, {"error": message}, status=status)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def article_json(article) -> dict:
    revision = article.published_revision
    if not is_frozen(revision):
        revision.refresh_from_db()
        revision_freeze_for_public(revision=revision)
    data = revision.public_data
    sources = data.get("sources", [])
    return {
        "slug": article.slug,
        "url": absolute_url(reverse("article_detail", args=[article.slug])),
        "api_url": absolute_url(reverse("api_article_detail", args=[article.slug])),
        "title": revision.title,
        "description": revision.description,
        "author": article.author_name,
        "category": {"name": article.category.name, "slug": article.category.slug} if article.category_id else None,
        "tags": [{"name": tag["name"], "slug": tag["slug"]} for tag in article_tags(article)],
        "image": article.image or None,
        "featured": article.featured,
        "date": _iso(article.first_published_at or article.published_at),
        "updated": _iso(article.published_at),
        "revision": revision.number,
        "reading_time_minutes": data.get("reading_minutes"),
        "word_count": data.get("words"),
        "sources_count": len(sources),
        "body_markdown": article_body_markdown(revision.body),
        "body_html": revision.body_html,
        "sources": [
            {
                "number": s["number"],
                "name": s["name"],
                "publisher": s.get("publisher") or None,
                "kind": s.get("kind") or None,
                "kind_label": s.get("kind_label") or None,
                "date": s.get("date") or None,
                "date_display": s.get("date_display") or None,
                "url": s.get("url"),
                "reliability": s.get("reliability"),
            }
            for s in sources
        ],
    }


def _updated_since(raw: str):
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise ValueError(raw)
        value = timezone.datetime.combine(day, timezone.datetime.min.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@require_safe
@public_page(params=("page", "page_size", "category", "tag", "updated_since"))
def api_article_list(request):
    category = request.GET.get("category", "").strip()
    tag = request.GET.get("tag", "").strip()
    updated_since = None
    if raw := request.GET.get("updated_since", "").strip():
        try:
            updated_since = _updated_since(raw.replace(" ", "+"))
        except ValueError:
            return _error(request, 400, "updated_since doit être une date ISO 8601 (2025-06-01 ou 2025-06-01T08:00:00Z).")
    try:
        page_size = min(MAX_PAGE_SIZE, max(1, int(request.GET.get("page_size") or DEFAULT_PAGE_SIZE)))
    except ValueError:
        return _error(request, 400, "page_size doit être un nombre entre 1 et 100.")
    queryset = selectors.api_articles(category=category, tag=tag, updated_since=updated_since)
    paginator = Paginator(queryset, page_size)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        return _error(request, 404, "Page introuvable.")

    def page_url(number):
        params = {k: v for k, v in {"category": category, "tag": tag, "updated_since": request.GET.get("updated_since", ""),
                                     "page_size": request.GET.get("page_size", "")}.items() if v}
        params["page"] = number
        return absolute_url(reverse("api_article_list") + "?" + urlencode(params))

    return _json(request, {
        "count": paginator.count,
        "page": page.number,
        "num_pages": paginator.num_pages,
        "page_size": page_size,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "results": [article_json(article) for article in page.object_list],
    })


@require_safe
@public_page()
def api_article_detail(request, slug: str):
    article = selectors.api_article(slug)
    if article is None:
        return _error(request, 404, "Article introuvable ou non publié.")
    return _json(request, article_json(article), last_modified=article.published_at)
