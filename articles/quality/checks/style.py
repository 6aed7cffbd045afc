"""Form: near-duplicate passages (`repetition`) and front matter that disagrees with the body
(`metadata_mismatch`)."""

import re
from collections.abc import Iterator

from rapidfuzz import fuzz, process

from articles.quality.checks import Hit
from articles.quality.i18n import FINDING_MESSAGES
from articles.quality.i18n import gettext as _
from articles.quality.normalize import match_text
from prizm.text import reading_minutes

# Messages of the findings (stored in French; see articles/quality/i18n.py).
MSG_REPEATED_PARAGRAPH = FINDING_MESSAGES.gettext_noop(
    "Ce paragraphe reprend presque mot pour mot celui de la ligne %(line)s."
)
MSG_REPEATED_SENTENCE = FINDING_MESSAGES.gettext_noop(
    "Cette phrase répète presque mot pour mot celle de la ligne %(line)s."
)
MSG_HEADER_SOURCES = FINDING_MESSAGES.gettext_noop(
    "L'en-tête annonce %(declared)s sources, l'article en liste %(listed)s."
)
MSG_DESCRIPTION_SOURCES = FINDING_MESSAGES.gettext_noop(
    "La description annonce %(declared)s sources, l'article en liste %(listed)s."
)
MSG_READING_TIME = FINDING_MESSAGES.gettext_noop(
    "Temps de lecture annoncé : %(declared)s min ; le texte (%(words)s mots) se lit en %(computed)s min environ."
)
MSG_DESCRIPTION_REPEATS = FINDING_MESSAGES.gettext_noop("La description répète la même phrase : « %(part)s ».")

SENTENCE_MIN_WORDS = 10
SENTENCE_SIMILAR = 85  # rapidfuzz ratio (0–100) of two normalized sentences
PARAGRAPH_MIN_WORDS = 25
PARAGRAPH_SIMILAR = 80

_MARKUP = re.compile(r"^[\s>#*+\-•\d.)]+|[*_`]")


def _comparable(analysis, start: int, end: int) -> str:
    """Lower-case text of a passage without its citations (blanked in `analysis.lower`) or markup."""
    return " ".join(_MARKUP.sub(" ", analysis.lower[start:end]).split())


def _similar_pairs(items: list[tuple[int, str]], cutoff: float) -> dict[int, int]:
    """For each item similar to an earlier one: its index → the earlier one's index. rapidfuzz
    compares in C, skipping the pairs whose lengths alone rule the cutoff out (measured faster than
    any pre-filter written in Python)."""
    out: dict[int, int] = {}
    texts = [t for _n, t in items]
    for j in range(1, len(texts)):
        best = process.extractOne(texts[j], texts[:j], scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is not None:
            out[j] = best[2]
    return out


def check_repetition(analysis) -> Iterator[Hit]:
    paragraphs = [
        (b, _comparable(analysis, b.start, b.end)) for b in analysis.blocks if b.kind in ("para", "item")
    ]
    paragraphs = [(b, t) for b, t in paragraphs if len(t.split()) >= PARAGRAPH_MIN_WORDS]
    flagged_blocks = set()
    for j, i in _similar_pairs([(n, t) for n, (_b, t) in enumerate(paragraphs)], PARAGRAPH_SIMILAR).items():
        block, first = paragraphs[j][0], paragraphs[i][0]
        flagged_blocks.add(id(block))
        yield Hit(
            code="repetition",
            message=_(MSG_REPEATED_PARAGRAPH) % {
                "line": analysis.line_of(first.start)},
            start=block.start,
            end=block.end,
            excerpt=analysis.body[block.start:block.end][:400],
        )
    sentences = [
        (s, _comparable(analysis, s.start, s.end))
        for s in analysis.sentences
        if s.block.kind in ("para", "item")
    ]
    sentences = [(s, t) for s, t in sentences if len(t.split()) >= SENTENCE_MIN_WORDS]
    for j, i in _similar_pairs([(n, t) for n, (_s, t) in enumerate(sentences)], SENTENCE_SIMILAR).items():
        s, first = sentences[j][0], sentences[i][0]
        if id(s.block) in flagged_blocks:
            continue
        yield Hit(
            code="repetition",
            message=_(MSG_REPEATED_SENTENCE) % {
                "line": analysis.line_of(first.start)},
            start=s.start,
            end=s.end,
            excerpt=analysis.sentence_text(s),
        )


_SOURCES_IN_TEXT = re.compile(r"basée?s?\s+sur\s+(\d+)\s+sources?", re.I)
_MINUTES = re.compile(r"(\d+)\s*(?:min|minutes?)?", re.I)
_DESCRIPTION_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def check_metadata(analysis) -> Iterator[Hit]:
    doc = analysis.doc
    fm = doc.front_matter if isinstance(doc.front_matter, dict) else {}
    listed = len(doc.sources)
    if "sources" in fm and fm.get("sources") not in (None, ""):
        try:
            declared = int(fm["sources"])
        except (TypeError, ValueError):
            declared = None
        if declared is not None and declared != listed:
            yield Hit(
                code="metadata_mismatch",
                message=_(MSG_HEADER_SOURCES) % {
                    "declared": declared, "listed": listed},
                excerpt=f"sources: {fm['sources']}",
            )
    for m in _SOURCES_IN_TEXT.finditer(doc.description or ""):
        if int(m.group(1)) != listed:
            yield Hit(
                code="metadata_mismatch",
                message=_(MSG_DESCRIPTION_SOURCES) % {
                    "declared": m.group(1), "listed": listed},
                excerpt=m.group(0),
            )
            break
    reading = fm.get("readingTime") or fm.get("reading_time")
    if reading:
        m = _MINUTES.match(str(reading).strip())
        if m:
            declared_min = int(m.group(1))
            words = len(analysis.prose.split())
            computed = reading_minutes(words)
            if abs(declared_min - computed) > max(2, computed * 0.5):
                yield Hit(
                    code="metadata_mismatch",
                    message=_(MSG_READING_TIME) % {
                        "declared": declared_min, "words": words, "computed": computed},
                    excerpt=f"readingTime: {reading}",
                )
    description = (doc.description or "").strip()
    if description:
        parts = [p.strip(" .") for p in _DESCRIPTION_SENTENCES.split(description) if p.strip(" .")]
        for j in range(1, len(parts)):
            if any(fuzz.token_set_ratio(match_text(parts[i]), match_text(parts[j])) >= 90 for i in range(j)):
                yield Hit(
                    code="metadata_mismatch",
                    message=_(MSG_DESCRIPTION_REPEATS) % {"part": parts[j]},
                    excerpt=description,
                )
                break
