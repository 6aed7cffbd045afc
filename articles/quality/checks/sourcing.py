"""How the article uses its sources: `no_citations`, `unknown_source`, `source_missing_url`,
`source_uncited`, `source_future_date`, `link_unregistered`."""

import re
from collections.abc import Iterator

from django.conf import settings

from articles.quality.checks import Hit
from articles.quality.i18n import FINDING_MESSAGES
from articles.quality.i18n import gettext as _
from prizm.markdown import links_refused
from sources.dates import PartialDateError
from sources.dates import parse_partial_date as registry_parse_date

# Messages of the findings (stored in French; see articles/quality/i18n.py).
MSG_NO_CITATIONS = FINDING_MESSAGES.gettext_noop(
    "L'article se présente comme fondé sur des sources mais ne cite aucune d'elles dans le texte (aucune mention « (Source : Nom) »)."
)
MSG_UNKNOWN_SOURCE = FINDING_MESSAGES.gettext_noop("« %(names)s » n'est pas une source de cet article.")
MSG_SOURCE_BAD_URL = FINDING_MESSAGES.gettext_noop(
    "La source « %(name)s » a une adresse invalide (%(url)s) : le lecteur ne peut pas la vérifier."
)
MSG_SOURCE_NO_URL = FINDING_MESSAGES.gettext_noop(
    "La source « %(name)s » n'a pas d'adresse (URL) : le lecteur ne peut pas la vérifier."
)
MSG_SOURCE_UNCITED = FINDING_MESSAGES.gettext_noop("La source « %(name)s » est listée mais jamais citée dans le texte.")
MSG_SOURCE_FUTURE_DATE = FINDING_MESSAGES.gettext_noop(
    "La source « %(name)s » est datée du %(source)s, après l'article (%(article)s)."
)
MSG_IMAGE_EXTERNAL = FINDING_MESSAGES.gettext_noop(
    "L'image « %(url)s » ne vient pas de ce site : elle sera retirée de la page publiée."
)
MSG_LINK_UNREGISTERED = FINDING_MESSAGES.gettext_noop(
    "Le lien vers « %(url)s » ne mène à aucune source de l'article : il sera retiré de la page publiée."
)

_PRESENTED_AS_SOURCED = re.compile(
    r"sources?\s+(?:vérifiées|verifiees|fiables|citées|sérieuses|officielles)|basée?s?\s+sur\s+(?:\d+|une|deux|trois|quatre|cinq)\s+sources?"
    r"|sources et références|verified sources|based on \d+ sources",
    re.I,
)
_VALID_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]{2,}(?:[/?#]\S*)?$", re.I)


def url_is_valid(url: str) -> bool:
    return bool(url) and bool(_VALID_URL.match(url.strip()))


def _first_citation(analysis, i: int):
    for c in analysis.citations:
        if i in c.sources:
            return c
    return None


def check_citations(analysis) -> Iterator[Hit]:
    doc = analysis.doc
    fm_sources = doc.front_matter.get("sources") if isinstance(doc.front_matter, dict) else None
    try:
        fm_count = int(fm_sources) if fm_sources not in (None, "") else 0
    except (TypeError, ValueError):
        fm_count = 0
    presented = bool(doc.sources) or fm_count > 0 or bool(
        _PRESENTED_AS_SOURCED.search(f"{doc.title}\n{doc.description}\n{analysis.scan}")
    )
    if presented and not analysis.citations and not analysis.cited_sources:
        yield Hit(
            code="no_citations",
            message=_(MSG_NO_CITATIONS),
            key="no_citations",
        )
    for c in analysis.citations:
        if c.unknown:
            names = " ; ".join(c.unknown)
            yield Hit(
                code="unknown_source",
                message=_(MSG_UNKNOWN_SOURCE) % {"names": names},
                start=c.start,
                end=c.end,
                excerpt=analysis.text(c.start, c.end),
                key=names,
            )


def check_sources(analysis) -> Iterator[Hit]:
    doc = analysis.doc
    cited = analysis.cited_sources
    for i, src in enumerate(doc.sources):
        citation = _first_citation(analysis, i)
        start, end = (citation.start, citation.end) if citation else (None, None)
        if not url_is_valid(src.url or ""):
            if (src.url or "").strip():
                message = _(MSG_SOURCE_BAD_URL) % {
                    "name": src.name, "url": src.url}
            else:
                message = _(MSG_SOURCE_NO_URL) % {
                    "name": src.name}
            yield Hit(code="source_missing_url", message=message, start=start, end=end, excerpt=src.name,
                      key=f"{src.name}|{src.url}")
        if i not in cited:
            yield Hit(
                code="source_uncited",
                message=_(MSG_SOURCE_UNCITED) % {"name": src.name},
                excerpt=src.name,
            )
        article_date = parse_partial_date(doc.published_on or str(doc.front_matter.get("date") or ""))
        source_date = parse_partial_date(src.published)
        if article_date and source_date and date_after(source_date, article_date):
            yield Hit(
                code="source_future_date",
                message=_(MSG_SOURCE_FUTURE_DATE) % {
                    "name": src.name, "source": src.published, "article": doc.published_on or doc.front_matter.get("date")},
                start=start,
                end=end,
                excerpt=src.name,
                key=f"{src.name}|{src.published}",
            )


_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T")


def parse_partial_date(text) -> tuple[int, ...] | None:
    """"2025-06-04" → (2025, 6, 4); "06/2025" → (2025, 6); "2025" → (2025,); unreadable → None.
    Reads what the source registry reads (sources.dates), keeping only the precision given."""
    text = str(text or "")
    if _ISO_DATETIME.match(text):  # "2025-06-04T08:00:00+02:00": the day is enough
        text = text[:10]
    try:
        value, precision = registry_parse_date(text)
    except PartialDateError:
        return None
    if value is None:
        return None
    return {"year": (value.year,), "month": (value.year, value.month)}.get(precision, (value.year, value.month, value.day))


def date_after(source: tuple[int, ...], article: tuple[int, ...]) -> bool:
    """Compared at the coarser of the two precisions: a source of "2025" is not after 2025-03-01."""
    n = min(len(source), len(article))
    return source[:n] > article[:n]


def check_links(analysis) -> Iterator[Hit]:
    """Links the public page will drop (they lead outside the article's sources) and images that
    are not from this site: said here rather than vanishing silently from the page."""
    doc = analysis.doc
    allowed = {src.url for src in doc.sources if src.url}
    for link in links_refused(doc.body, allowed_urls=allowed, site_url=settings.PRIZM_SITE_URL):
        if link.image:
            message = _(MSG_IMAGE_EXTERNAL)
        else:
            message = _(MSG_LINK_UNREGISTERED)
        yield Hit(code="link_unregistered", message=message % {"url": link.url}, start=link.start, end=link.end,
                  excerpt=doc.body[link.start:link.end], key=link.url)
