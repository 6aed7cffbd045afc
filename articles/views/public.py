"""Public site: thin views over articles/selectors_public.py.

Pages are rendered without the request context (no session, no CSRF token, no user): the same bytes
for every reader, so they can be cached here (`public_page`) and by a CDN. A cached page is one cache
round trip and no query; the cache generation changes on every publish/unpublish
(`articles.rendering.public_cache_invalidate`). Responses carry an ETag (conditional GET → 304) and
`Cache-Control: public` with a short shared max-age.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import selectors_public as selectors
from ..rendering import (
    absolute_url,
    article_page_context,
    cache_is_remote,
    is_frozen,
    public_cache_generation,
    revision_freeze_for_public,
)
from ..search import clean_query, search_hits, search_published

BROWSER_MAX_AGE = 60
SHARED_MAX_AGE = 300
SERVER_TTL = 600
PUBLIC_CACHE_CONTROL = f"public, max-age={BROWSER_MAX_AGE}, s-maxage={SHARED_MAX_AGE}"


# --- Caching ------------------------------------------------------------------------------------


def _etag(content: bytes) -> str:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


PUBLIC_VARY = "Accept-Language, Cookie"


def finish_public_response(request, response, *, last_modified: float | None = None):
    """Headers of a public response: ETag, Last-Modified, Cache-Control, Vary; 304 when fresh."""
    if response.status_code != 200 or response.streaming:
        return response
    etag = response.get("ETag") or _etag(response.content)
    response["ETag"] = etag
    if last_modified and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


# Pages are kept in process (a dict per worker, entries tagged with their generation): a hit costs
# no query, no unpickling and, with a remote cache (Redis), no network round trip. With Redis they
# are also stored there, so the other workers and machines share the rendering work.
LOCAL_PAGES_MAX = 200
_local_pages: dict[str, dict] = {}


def _cached_entry(key: str) -> tuple[dict | None, str]:
    """(entry or None, current generation) for the page cache `key`."""
    generation = public_cache_generation()
    entry = _local_pages.get(key)
    if entry is not None and entry["generation"] == generation:
        return entry, generation
    if cache_is_remote():
        entry = cache.get(key)
        if entry is not None and entry["generation"] == generation:
            _remember(key, entry)
            return entry, generation
    return None, generation


def _remember(key: str, entry: dict) -> None:
    if len(_local_pages) >= LOCAL_PAGES_MAX:
        _local_pages.clear()
    _local_pages[key] = entry


def public_page(*, params: tuple[str, ...] = ()):
    """Cache the view's 200 responses, keyed by path, the listed query parameters (others are ignored,
    so random parameters cannot flood the cache) and the language. Headers are stored ready to send."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
            query = "&".join(f"{p}={request.GET.get(p, '')}" for p in params) if params else ""
            raw_key = f"{language}|{request.path}|{query}"
            key = "public:page:" + hashlib.md5(raw_key.encode(), usedforsecurity=False).hexdigest()
            entry, generation = _cached_entry(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if getattr(response, "is_rendered", True) is False:
                    response.render()  # TemplateResponse (sitemap)
                if response.status_code != 200 or response.streaming:
                    return response
                last_modified = getattr(response, "public_last_modified", None)
                headers = {"Content-Type": response["Content-Type"], "ETag": _etag(response.content),
                           "Cache-Control": PUBLIC_CACHE_CONTROL, "Vary": PUBLIC_VARY}
                for header in ("Last-Modified", "Access-Control-Allow-Origin"):
                    if response.has_header(header):
                        headers[header] = response[header]
                if last_modified and "Last-Modified" not in headers:
                    headers["Last-Modified"] = http_date(last_modified)
                entry = {"generation": generation, "content": response.content, "headers": headers,
                         "last_modified": last_modified}
                _remember(key, entry)
                if cache_is_remote():
                    cache.set(key, entry, SERVER_TTL)
            response = HttpResponse(entry["content"], headers=entry["headers"])
            if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
                return get_conditional_response(
                    request, etag=entry["headers"]["ETag"], last_modified=entry["last_modified"], response=response
                )
            return response

        wrapper.uncached = view
        return wrapper

    return decorator


def render_public(request, template_name: str, context: dict, *, status: int = 200, last_modified=None):
    """Render without the request context: the page is the same for everyone."""
    context = {
        "page_path": request.get_full_path(),
        "site_url": settings.PRIZM_SITE_URL,
        **context,
    }
    response = HttpResponse(loader.get_template(template_name).render(context), status=status)
    # Kept on the response so that public_page can store it with the cached bytes.
    response.public_last_modified = last_modified.timestamp() if last_modified is not None else None
    return finish_public_response(request, response, last_modified=response.public_last_modified)


def _page_number(request):
    return request.GET.get("page") or 1


# --- Pages --------------------------------------------------------------------------------------


@require_safe
@public_page(params=("page",))
def home(request):
    context = selectors.home_page(_page_number(request))
    page = context["page"]
    context.update(
        canonical_url=absolute_url(reverse("home") + (f"?page={page.number}" if page.number > 1 else "")),
        og_type="website",
    )
    return render_public(request, "public/home.html", context)


@require_safe
@public_page()
def article_detail(request, slug: str):
    article = selectors.article_for_page(slug)
    if article is None:
        target = selectors.redirect_target(slug)
        if target:
            return HttpResponsePermanentRedirect(reverse("article_detail", args=[target]))
        raise Http404("Article introuvable")
    revision = article.published_revision
    if not is_frozen(revision):
        # Published before its public data was frozen (older data, or a publish path that skipped
        # revision_freeze_for_public): freeze it once, now.
        revision.refresh_from_db()
        revision_freeze_for_public(revision=revision)
    context = article_page_context(article=article, revision=revision)
    context["related"] = selectors.related_articles(article)
    return render_public(request, "public/article.html", context, last_modified=article.published_at)


@require_safe
@public_page(params=("page",))
def category_detail(request, slug: str):
    context = selectors.category_page(slug, _page_number(request))
    context.update(
        canonical_url=absolute_url(reverse("category_detail", args=[slug])),
        og_type="website",
    )
    return render_public(request, "public/list.html", context)


@require_safe
@public_page(params=("page",))
def tag_detail(request, slug: str):
    context = selectors.tag_page(slug, _page_number(request))
    context.update(
        canonical_url=absolute_url(reverse("tag_detail", args=[slug])),
        og_type="website",
    )
    return render_public(request, "public/list.html", context)


@require_safe
def search(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "page": None, "hits": [], "noindex": True,
               "canonical_url": absolute_url(reverse("search"))}
    if query:
        page = selectors.paginate(search_published(query), _page_number(request))
        context.update(page=page, hits=search_hits(page.object_list, query))
    return render_public(request, "public/search.html", context)


@require_safe
@public_page()
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /studio/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "Disallow: /langue/",
        "Allow: /",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def set_language(request, language: str):
    """Switch the interface language with a plain link (public pages carry no CSRF token, so they
    can be cached for everyone). Only changes a preference cookie."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, samesite="Lax",
        )
    return response
