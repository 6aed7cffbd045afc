"""How an article looks to readers.

- `render_body_html(body=, sources=)`: the sanitized HTML of a body, citations "(Source : Nom)" linked
  to `#source-<n>` of the references block, a table of contents for long articles. The workflow calls
  it at publish time (and the editor's live preview), so the public page never renders markdown.
- `revision_freeze_for_public(revision=)`: everything the public page needs, computed once when a
  revision is published: body_html plus `public_data` (sources with kind, date, URL and reliability
  read from the registry, reading time, word count). Idempotent.
- `references_markdown(sources)` / `references_html(sources)`: the "Sources et références" block,
  rendered from the database (never from model output), as markdown (export) or HTML (page).
- `article_page_context(article=, revision=, preview=)`: the context of `public/article.html`, shared
  by the public page and the shareable preview.

Caching rules live in public/cache.py.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from articles.quality.normalize import name_key, name_keys
from articles.templatetags.public_tags import shorten_text, slug_url
from prizm.markdown import Citation, links_refused, render_document, sanitize_html
from prizm.text import count_words, fold_key, reading_minutes
from sources.dates import partial_date_display, partial_date_iso
from sources.models import Source, SourceKind
from sources.reliability import reliability_html

# Bump when the rendering changes: published revisions are then re-rendered on their next view.
PUBLIC_DATA_VERSION = 2
# A table of contents once an article has this many sections and words.
TOC_MIN_SECTIONS = 3
TOC_MIN_WORDS = 600
REFERENCES_HEADING = "Sources et références"
REFERENCES_INTRO = "Cet article a été rédigé à partir de sources vérifiées :"

_LEADING_H1 = re.compile(r"\A\s*#[ \t]+[^\n]*\n+")
_REFERENCES_SECTION = re.compile(r"^#{1,6}[ \t]*Sources?\s+et\s+r[ée]f[ée]rences\b.*\Z", re.M | re.S | re.I)


# --- Body ---------------------------------------------------------------------------------------


def article_body_markdown(body: str) -> str:
    """The body as readers get it: without a leading "# Titre" (the page has its own title) and
    without a "Sources et références" section (rendered from the database instead)."""
    body = (body or "").replace("\r\n", "\n")
    return strip_references(_LEADING_H1.sub("", body, count=1))


def strip_references(body: str) -> str:
    """The body without a "Sources et références" section: that list is always rendered from the
    database, never taken from text (the model's or an import's)."""
    return _REFERENCES_SECTION.sub("", body or "").rstrip() + "\n"


def citation_resolver(sources: list[dict]):
    """name → Citation(number, name) for the sources in article order (numbers start at 1).

    Names are compared like the quality gate compares them (articles.quality.normalize): no accents,
    no case, and "CCI Provence – Article" also answers to "CCI Provence"; the publisher counts too.
    A full name wins over a shortened one when two sources could answer.
    """

    exact: dict[str, Citation] = {}
    loose: dict[str, Citation] = {}
    for number, entry in enumerate(sources, start=1):
        citation = Citation(number, entry.get("name", ""))
        if entry.get("name"):
            exact.setdefault(name_key(entry["name"]), citation)
        for key in name_keys(entry.get("name", ""), entry.get("publisher") or ""):
            loose.setdefault(key, citation)

    def resolve(name: str) -> Citation | None:
        key = name_key(name)
        return exact.get(key) or loose.get(key)

    return resolve


# The table of contents' title. Public pages are the same bytes for every reader *of a language*
# (cached per language, Vary: Accept-Language), but body_html is frozen once, at publication, for all
# languages. Decision: the frozen TOC always carries the French title (written the same whoever
# publishes), and `toc_localize` swaps it for the reader's language when the page (or a studio
# preview) is rendered. The swap is an exact prefix replacement of markup this module wrote, so it
# costs nothing, needs no template and no re-freeze of revisions published before; the API and the
# export keep the frozen French, the language of the articles themselves.
TOC_TITLE = gettext_noop("Sommaire")


def _toc_head(title: str) -> str:
    title = escape(title)
    return f'<nav class="toc" aria-label="{title}"><p class="toc__title">{title}</p>'


_TOC_HEAD_FROZEN = _toc_head(TOC_TITLE)


def toc_localize(html: str) -> str:
    """`html` (a rendered body) with its table of contents titled in the active language."""
    if not html.startswith(_TOC_HEAD_FROZEN):
        return html
    title = gettext(TOC_TITLE)
    if title == TOC_TITLE:
        return html
    return _toc_head(title) + html[len(_TOC_HEAD_FROZEN):]


def _toc_html(headings: list[dict]) -> str:
    from html import escape

    def items(nodes):
        out = []
        for node in nodes:
            children = f"<ol>{items(node['children'])}</ol>" if node["children"] else ""
            out.append(f'<li><a href="#{escape(node["id"])}">{escape(node["name"])}</a>{children}</li>')
        return "".join(out)

    return f"{_TOC_HEAD_FROZEN}<ol>{items(headings)}</ol></nav>\n"


def _render(body: str, sources: list[dict]) -> tuple[str, int]:
    text = article_body_markdown(body)
    doc = render_document(
        text,
        citations=citation_resolver(sources),
        allowed_urls={s.get("url", "") for s in sources if s.get("url")},
        site_url=settings.PRIZM_SITE_URL,
    )
    html = doc.html
    if len(doc.headings) >= TOC_MIN_SECTIONS and doc.words >= TOC_MIN_WORDS:

        html = sanitize_html(_toc_html(doc.headings)) + html
    return html, doc.words


def render_body_html(*, body: str, sources: list[dict]) -> str:
    """Sanitized HTML of a revision body; `sources` is the revision's frozen source list, in order.
    For screens (studio previews): its table of contents is titled in the active language."""
    return toc_localize(_render(body, sources)[0])


def body_links_refused(*, body: str, sources: list[dict]) -> list[str]:
    """URLs of the links and images `render_body_html` drops from this body (the editor says so)."""
    allowed = {s.get("url", "") for s in sources if s.get("url")}
    refused = links_refused(article_body_markdown(body), allowed_urls=allowed, site_url=settings.PRIZM_SITE_URL)
    shown = [link.url if link.url.lower().startswith(("http://", "https://")) else gettext("une adresse qui n'est pas une page web")
             for link in refused]
    return list(dict.fromkeys(shown))


# --- Sources --------------------------------------------------------------------------------------


def source_entry(source, number: int) -> dict:
    """Display data for one source (a `Source`), frozen with the published revision."""

    with translation.override("fr"):
        kind_label = str(SourceKind(source.kind).label) if source.kind in SourceKind.values else source.kind
        date_display = partial_date_display(source.published_on, source.published_precision)
    return {
        "number": number,
        "id": source.pk,
        "name": source.name,
        "publisher": source.publisher,
        "kind": source.kind,
        "kind_label": kind_label,
        "date": partial_date_iso(source.published_on, source.published_precision),
        "date_display": date_display,
        "url": source.url,
        "reliability": int(source.reliability),
    }


def source_entries(frozen: list[dict]) -> list[dict]:
    """Entries for a revision's frozen source list ([{"id", "name", "url"}]), read from the registry.
    A source that no longer exists keeps its frozen name and URL."""

    ids = [s.get("id") for s in frozen if s.get("id")]
    by_id = Source.objects.in_bulk(ids) if ids else {}
    entries = []
    for number, item in enumerate(frozen, start=1):
        source = by_id.get(item.get("id"))
        if source is not None:
            entries.append(source_entry(source, number))
        else:
            entries.append({
                "number": number, "id": item.get("id"), "name": item.get("name", ""), "publisher": "",
                "kind": "", "kind_label": "", "date": "", "date_display": "", "url": item.get("url", ""),
                "reliability": None,
            })
    return entries


def public_data_for(revision) -> dict:
    entries = source_entries(revision.sources or [])
    html, words = _render(revision.body, entries)
    return {
        "version": PUBLIC_DATA_VERSION,
        "body_html": html,
        "sources": entries,
        "words": words,
        "reading_minutes": reading_minutes(words),
    }


def revision_freeze_for_public(*, revision) -> None:
    """Render and freeze what the public page shows for `revision`. Call it when publishing."""
    data = public_data_for(revision)
    revision.body_html = data.pop("body_html")
    revision.public_data = data
    if revision.pk:
        revision.save(update_fields=["body_html", "public_data"])


def is_frozen(revision) -> bool:
    data = revision.public_data or {}
    return bool(revision.body_html) and data.get("version") == PUBLIC_DATA_VERSION


def references_markdown(sources) -> str:
    """The "## Sources et références" block of the seed files, from entries or `Source` objects."""
    entries = [s if isinstance(s, dict) else source_entry(s, n) for n, s in enumerate(sources, start=1)]
    lines = [f"## {REFERENCES_HEADING}", "", f"*{REFERENCES_INTRO}*", ""]
    for number, entry in enumerate(entries, start=1):
        kind = f" - {entry['kind_label']}" if entry.get("kind_label") else ""
        lines.append(f"{number}. **{entry['name']}**{kind}")
        if entry.get("publisher") and entry["publisher"] != entry["name"]:
            # Not in the seed files, but read back by import_articles: citations often name the publisher.
            lines.append(f"   - Éditeur : {entry['publisher']}")
        if entry.get("date_display"):
            lines.append(f"   - Date : {entry['date_display']}")
        lines.append(f"   - URL : {entry.get('url', '')}")
        if entry.get("reliability") is not None:
            lines.append(f"   - Fiabilité : {entry['reliability']}/10")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def references_html(sources: list[dict]) -> SafeString:
    """The "Sources et références" block of the article page, from the frozen entries.

    Built in Python rather than with a template loop: it is on the article page's hot path and a
    template costs about 0.1 ms per entry. Strings are translated; every value is escaped."""

    parts = [
        '<section class="references" id="sources" aria-labelledby="sources-title">',
        format_html('<h2 id="sources-title">{}</h2>', gettext("Sources et références")),
    ]
    if not sources:
        parts.append(format_html('<p class="muted">{}</p>', gettext("Aucune source n'est rattachée à cet article.")))
        return mark_safe("\n".join(parts) + "</section>")
    parts.append(format_html('<p class="references__intro">{}</p>',
                             gettext("Cet article a été rédigé à partir de sources vérifiées :")))
    parts.append('<ol class="references__list">')
    new_tab = gettext("(nouvel onglet)")
    for s in sources:
        if s.get("url"):
            name = format_html(
                '<a href="{}" rel="noopener noreferrer" target="_blank">{}<span class="visually-hidden"> {}</span></a>',
                s["url"], s["name"], new_tab,
            )
        else:
            name = escape(s["name"])
        meta = []
        if s.get("kind_label"):
            meta.append(format_html('<span class="reference__kind">{}</span>', s["kind_label"]))
        if s.get("publisher") and s["publisher"] != s["name"]:
            meta.append(format_html("<span>{}</span>", s["publisher"]))
        if s.get("date_display"):
            meta.append(format_html('<span><time datetime="{}">{}</time></span>', s.get("date", ""), s["date_display"]))
        item = [format_html('<li class="reference" id="source-{}">', s["number"]),
                format_html('<p class="reference__name">{}</p>', name),
                format_html('<p class="reference__meta">{}</p>', mark_safe("".join(meta)))]
        if s.get("reliability") is not None:
            item.append(format_html('<p class="reference__reliability">{}</p>',
                                    reliability_html(s["reliability"], labelled=True)))
        if s.get("url"):
            item.append(format_html('<p class="reference__url">{}</p>', shorten_text(s["url"], 90)))
        item.append("</li>")
        parts.append("".join(item))
    parts.append("</ol></section>")
    return mark_safe("\n".join(parts))


# --- Page -----------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return f"{settings.PRIZM_SITE_URL}{path}"


def _author_type(name: str) -> str:
    """"Prizm AI", "Rédaction Prizm": the newsroom, not a person."""
    lowered = (name or "").lower()
    return "Organization" if "prizm" in lowered or lowered.startswith(("rédaction", "redaction")) else "Person"


def _json_ld(*, article, revision, data: dict, canonical: str, tags: list[dict]) -> str:
    published = article.first_published_at or article.published_at
    ld = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": revision.title[:110],
        "description": revision.description,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": "fr",
        "author": {"@type": _author_type(article.author_name), "name": article.author_name},
        "publisher": {"@type": "Organization", "name": "Prizm", "url": settings.PRIZM_SITE_URL + "/"},
        "wordCount": data.get("words"),
        "timeRequired": f"PT{data.get('reading_minutes', 1)}M",
        "citation": [
            {
                "@type": "CreativeWork",
                "name": s["name"],
                "url": s["url"],
                **({"publisher": {"@type": "Organization", "name": s["publisher"]}} if s.get("publisher") else {}),
                **({"datePublished": s["date"]} if s.get("date") else {}),
            }
            for s in data.get("sources", [])
        ],
    }
    if published:
        ld["datePublished"] = published.isoformat()
    if article.published_at:
        ld["dateModified"] = article.published_at.isoformat()
    if article.category_id:
        ld["articleSection"] = article.category.name
    if tags:
        ld["keywords"] = [t["name"] for t in tags]
    if article.image:
        ld["image"] = article.image if article.image.startswith("http") else absolute_url(article.image)
    text = json.dumps(ld, ensure_ascii=False)
    # Safe inside <script>: no "</script>", no HTML comment openers.
    return mark_safe(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def _long_date(moment) -> str:
    """"22 novembre 2026" (in the active language), as the |date:"j F Y" filter writes it."""
    return formats.date_format(timezone.localtime(moment), "j F Y") if moment else ""


def article_tags(article) -> list[dict]:
    """Tags as [{"name", "slug"}]: from the selector's aggregate when present, else one query."""
    tags = getattr(article, "tag_list", None)
    if tags is None:
        tags = [{"name": t.name, "slug": t.slug} for t in article.tags.all()]
    elif isinstance(tags, str):  # JSON text from selectors_public._tag_list_sql
        tags = [t for t in json.loads(tags) if t and t.get("slug")]
        article.tag_list = tags
    return sorted(tags, key=lambda t: fold_key(t["name"]))


def article_page_context(*, article, revision, preview: bool = False) -> dict:
    """Everything `public/article.html` needs to show `revision` of `article`."""
    if is_frozen(revision):
        data, body_html = revision.public_data, revision.body_html
    else:
        data = public_data_for(revision)
        body_html = data.pop("body_html")

    path = slug_url("article_detail", article.slug)
    canonical = absolute_url(path)
    tags = article_tags(article)
    sources = data.get("sources", [])
    published_at = article.first_published_at or article.published_at
    updated_at = (
        article.published_at
        if published_at and article.published_at and (article.published_at - published_at).total_seconds() > 3600
        else None
    )
    return {
        "article": article,
        "revision": revision,
        "title": revision.title,
        "description": revision.description,
        "body_html": mark_safe(toc_localize(body_html)),
        "sources": sources,
        "references_html": references_html(sources),
        "source_count": len(sources),
        "reading_minutes": data.get("reading_minutes") or reading_minutes(count_words(revision.body)),
        "word_count": data.get("words"),
        "tags": tags,
        "category": article.category if article.category_id else None,
        "published_at": published_at,
        "published_iso": _iso(published_at),
        "published_display": _long_date(published_at),
        "updated_at": updated_at,
        "updated_display": _long_date(updated_at),
        "modified_iso": _iso(article.published_at),
        "canonical_url": canonical,
        "page_path": path,
        "og_type": "article",
        "json_ld": _json_ld(article=article, revision=revision, data=data, canonical=canonical, tags=tags),
        "image_url": (article.image if article.image.startswith("http") else absolute_url(article.image))
        if article.image else "",
        "preview": preview,
        "noindex": preview,
    }
