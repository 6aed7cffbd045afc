"""Public site: thin views over public/selectors.py.

Pages are rendered without the request context (no session, no CSRF token, no user): the same bytes
for every reader, so they can be cached here (`public_page`) and by a CDN. A cached page is one cache
round trip and no query. The caching rules (generation, page cache, ETag, Cache-Control) are in
public/cache.py.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, QueryDict
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.public import selectors
from articles.public.cache import finish_public_response, public_page
from articles.public.rendering import (
    absolute_url,
    article_page_context,
    is_frozen,
    revision_freeze_for_public,
)
from articles.public.search import clean_query, search_hits, search_published


def render_public(request, template_name: str, context: dict, *, status: int = 200, last_modified=None):
    """Render without the request context: the page is the same for everyone."""
    context = {
        "page_path": request.get_full_path(),
        "page_params": QueryDict(),  # what the pagination links keep besides the page (search: q)
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


def _list_view(page_of, url_name: str):
    """A category or tag page: the published articles it holds, paginated."""

    @require_safe
    @public_page(params=("page",))
    def view(request, slug: str):
        context = page_of(slug, _page_number(request))
        context.update(canonical_url=absolute_url(reverse(url_name, args=[slug])), og_type="website")
        return render_public(request, "public/list.html", context)

    view.__name__ = url_name
    return view


category_detail = _list_view(selectors.category_page, "category_detail")
tag_detail = _list_view(selectors.tag_page, "tag_detail")


@require_safe
def search(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "page": None, "hits": [], "noindex": True,
               "canonical_url": absolute_url(reverse("search"))}
    if query:
        page = selectors.paginate(search_published(query), _page_number(request))
        page_params = QueryDict(mutable=True)
        page_params["q"] = query
        context.update(page=page, hits=search_hits(page.object_list, query), page_params=page_params)
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
