"""Public search over published revisions only.

Postgres: full-text search with the `prizm_fr` configuration (French stemming + unaccent, created by
migration 0003_search), title weighted above description and body, a GIN index on exactly the
expression below, `websearch_to_tsquery` syntax ("mots exacts", -exclu, ou), ts_headline snippets.

SQLite (the embedded default): every word must appear in the title, description or body, compared
without accents or case through a small SQL function registered on the connection; title matches rank
first. Snippets are cut in Python. Enough for a small site, and the same page and template.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.utils.safestring import SafeString, mark_safe

from articles.models import Revision
from articles.public.selectors import published_articles
from prizm.text import fold, fold_with_positions

SEARCH_CONFIG = "prizm_fr"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# Sentinels ts_headline puts around matches; the snippet is HTML-escaped, then they become <mark>.
MARK_START, MARK_STOP = "\u27e6", "\u27e7"
SNIPPET_CHARS = 220


def search_vector():
    """The indexed document of a revision. Migration 0003 builds its GIN index from this function:
    change it only together with a new index."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def search_vector_index(name: str) -> GinIndex:
    return GinIndex(search_vector(), name=name)


@dataclass
class SearchHit:
    article: object
    title_html: SafeString
    snippet_html: SafeString


def clean_query(raw: str | None) -> str:
    text = unicodedata.normalize("NFC", raw or "").replace("\x00", " ")
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]


def _published_revisions():

    return Revision.objects.filter(
        article__in=published_articles(), article__published_revision=F("pk")
    ).select_related("article", "article__category")


def search_published(query: str):
    """Published revisions matching `query`, best first (a queryset, ready to paginate)."""
    if connection.vendor == "postgresql":
        return _postgres_search(query)
    return _fallback_search(query)


def search_hits(revisions, query: str) -> list[SearchHit]:
    """Cards for one page of results, with highlighted title and snippet."""
    hits = []
    terms = None
    for revision in revisions:
        article = revision.article
        article.published_revision = revision
        if hasattr(revision, "title_headline"):
            title = _marks_to_html(revision.title_headline)
            snippet = _marks_to_html(_ellipsis(_strip_markdown(revision.body_headline)))
        else:
            terms = terms if terms is not None else _terms(query)
            title = _highlight(revision.title, terms)
            text = re.sub(CITATION_PATTERN, "", revision.body or "")
            snippet = _highlight(_excerpt(_strip_markdown(text), terms), terms)
        hits.append(SearchHit(article=article, title_html=title, snippet_html=snippet))
    return hits


# --- Postgres -----------------------------------------------------------------------------------


def _postgres_search(query: str):
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return (
        _published_revisions()
        .annotate(document=search_vector())
        .filter(document=search_query)
        .annotate(
            rank=SearchRank(F("document"), search_query),
            title_headline=SearchHeadline(
                "title", search_query, config=SEARCH_CONFIG, start_sel=MARK_START, stop_sel=MARK_STOP,
                highlight_all=True,
            ),
            body_headline=SearchHeadline(
                _without_citations("body"), search_query, config=SEARCH_CONFIG, start_sel=MARK_START, stop_sel=MARK_STOP,
                max_words=30, min_words=15, max_fragments=1,
            ),
        )
        .defer("body", "body_html", "sources", "public_data")
        .order_by("-rank", "-article__published_at", "-pk")
    )


CITATION_PATTERN = r"\s*\(Sources?\s*:[^()]*\)"


def _without_citations(field: str):
    """The text without its "(Source : …)" citations: snippets read better without them."""
    return Func(F(field), Value(CITATION_PATTERN), Value(""), Value("g"), function="regexp_replace",
                output_field=TextField())


# --- SQLite fallback ----------------------------------------------------------------------------


def _terms(query: str) -> list[str]:
    words = re.findall(r"[^\W_]+", fold(query))
    seen = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def _register_fold_function() -> None:
    connection.ensure_connection()
    connection.connection.create_function("prizm_fold", 1, lambda s: fold(s) if s else s, deterministic=True)


def folded_field(name: str):
    """`name` folded in SQL like `prizm.text.fold` folds Python text, so `folded_field(x)` contains
    `fold(term)` whatever the accents, case or ligatures: Postgres's unaccent (which spells out œ and
    æ) + lower; on SQLite the Python function itself, registered on the connection."""
    if connection.vendor == "postgresql":
        return Func(Func(F(name), function="unaccent", output_field=TextField()), function="lower",
                    output_field=TextField())
    _register_fold_function()
    return Func(F(name), function="prizm_fold", output_field=TextField())


def query_terms(query: str) -> list[str]:
    """The folded words of a query (at most MAX_TERMS, without repeats)."""
    return _terms(clean_query(query))


def _fallback_search(query: str):

    terms = _terms(query)
    if not terms:
        return Revision.objects.none()
    queryset = _published_revisions().annotate(
        ft=folded_field("title"), fd=folded_field("description"), fb=folded_field("body")
    )
    rank = Value(0, output_field=IntegerField())
    for term in terms:
        queryset = queryset.filter(Q(ft__contains=term) | Q(fd__contains=term) | Q(fb__contains=term))
        rank = rank + Case(
            When(ft__contains=term, then=Value(4)), When(fd__contains=term, then=Value(2)),
            default=Value(1), output_field=IntegerField(),
        )
    return queryset.annotate(rank=rank).defer("body_html", "sources", "public_data").order_by(
        "-rank", "-article__published_at", "-pk"
    )


# --- Snippets -----------------------------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_SYNTAX = re.compile(r"(^|\s)#{1,6}\s+|[*_`]{1,3}|^\s*>\s?|\|", re.M)


def _strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text or "")
    text = re.sub(r"\[\^[^\]]*\]", "", text)
    text = _MD_SYNTAX.sub(lambda m: m.group(1) or " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _ellipsis(fragment: str) -> str:
    """Mark a fragment cut from the middle of the text."""
    if fragment and not fragment.lstrip(MARK_START)[:1].isupper():
        fragment = "… " + fragment
    if fragment and not fragment.rstrip(MARK_STOP).endswith((".", "!", "?", "…")):
        fragment += " …"
    return fragment


def _marks_to_html(text: str) -> SafeString:
    escaped = html.escape(text or "", quote=False)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def _excerpt(text: str, terms: list[str]) -> str:
    folded, origins = fold_with_positions(text)
    positions = [origins[folded.find(t)] for t in terms if folded.find(t) >= 0]
    if not positions:
        return text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else "")
    start = max(0, min(positions) - SNIPPET_CHARS // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def _highlight(text: str, terms: list[str]) -> SafeString:
    """Escape `text` and wrap every accent- and case-insensitive occurrence of `terms` in <mark>."""
    folded, origins = fold_with_positions(text)
    spans = []
    for term in terms:
        for match in re.finditer(re.escape(term), folded):
            spans.append((origins[match.start()], origins[match.end() - 1] + 1))
    spans.sort()
    out, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start], quote=False))
        out.append(f"<mark>{html.escape(text[start:end], quote=False)}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:], quote=False))
    return mark_safe("".join(out))
