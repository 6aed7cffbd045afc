"""How an article looks to readers: body HTML (rendered once per published revision), the
"Sources et références" section rendered from the database, and the page context shared by the
public article page and the shareable preview.

Initial version with the signatures other areas rely on; the public-site work owns and extends it.
"""

from django.core.cache import cache

from prizm.markdown import render_markdown


def render_body_html(*, body: str, sources: list[dict]) -> str:
    """Sanitized HTML of a revision body; `sources` is the revision's frozen source list."""
    return render_markdown(body)


def article_page_context(*, article, revision, preview: bool = False) -> dict:
    """Everything `public/article.html` needs to show `revision` of `article`."""
    return {
        "article": article,
        "revision": revision,
        "body_html": revision.body_html or render_body_html(body=revision.body, sources=revision.sources),
        "sources": list(article.sources.order_by("articlesource__order")),
        "preview": preview,
    }


def public_cache_invalidate(*, article) -> None:
    """Called by the workflow after publish/unpublish/expiry of `article`."""
    cache.delete_many([f"public:article:{article.slug}", "public:home"])
