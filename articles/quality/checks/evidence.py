"""Quotes and figures against the sources: `quote_unverified`, `number_unsupported`,
`uncited_figure`, `number_inconsistent`.

A quote or a figure is verified only against sources whose text or extracts are registered; a
sentence relying on a source Prizm holds no text for cannot be verified and is left alone
(the score reflects it through the reliability of that source, not through a false alarm).
"""

import re
from collections.abc import Iterator
from typing import NamedTuple

from rapidfuzz import fuzz

from articles.quality.analysis import Sentence
from articles.quality.checks import Hit
from articles.quality.figures import Figure
from articles.quality.i18n import FINDING_MESSAGES
from articles.quality.i18n import gettext as _
from articles.quality.normalize import content_stems, match_text

# Messages of the findings (stored in French; see articles/quality/i18n.py).
MSG_QUOTE_UNVERIFIED = FINDING_MESSAGES.gettext_noop(
    "Cette citation n'a pas été trouvée dans le texte enregistré de %(names)s."
)
MSG_UNCITED_FIGURE = FINDING_MESSAGES.gettext_noop(
    "Chiffre sans source dans sa phrase : %(figures)s. Citez la source qui l'établit."
)
MSG_NUMBER_UNSUPPORTED = FINDING_MESSAGES.gettext_noop(
    "Le chiffre « %(figure)s » ne figure pas dans le texte enregistré de %(names)s."
)
MSG_NUMBER_INCONSISTENT = FINDING_MESSAGES.gettext_noop(
    "« %(second)s » ici, mais « %(first)s » ligne %(line)s pour ce qui semble la même quantité."
)

QUOTE_MIN_WORDS = 4
QUOTE_FUZZY_MIN = 90  # rapidfuzz partial_ratio, 0–100, after normalization
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.)\s*")
_NEGATION = re.compile(r"\b(?:ne|n'|pas|non|jamais|aucune?|not|no|never)\b", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _quote_found(quote: str, texts: list[str]) -> bool:
    parts = [p for p in (match_text(p) for p in _ELLIPSIS.split(quote)) if len(p.split()) >= 2] or [match_text(quote)]
    for part in parts:
        part = part.strip(' "\'.,;:!?')
        if not part:
            continue
        if any(part in t for t in texts):
            continue
        if any(fuzz.partial_ratio(part, t, score_cutoff=QUOTE_FUZZY_MIN) for t in texts):
            continue
        return False
    return True


def check_quotes(analysis) -> Iterator[Hit]:
    for s in analysis.sentences:
        if not s.quotes:
            continue
        for q in s.quotes:
            if len(q.text.split()) < QUOTE_MIN_WORDS:
                continue
            attributed = set(s.attributed) | analysis.matcher.mentioned_in(analysis.prose[s.start:q.start])
            if not attributed or not all(analysis.source_is_verifiable(i) for i in attributed):
                continue
            texts = [t for i in sorted(attributed) for t in analysis.source_match_texts(i)]
            if _quote_found(q.text, texts):
                continue
            names = ", ".join(analysis.source(i).name for i in sorted(attributed))
            yield Hit(
                code="quote_unverified",
                message=_(MSG_QUOTE_UNVERIFIED) % {"names": names},
                start=q.start,
                end=q.end,
                excerpt=analysis.text(q.start, q.end),
            )


def _stat_figures(s) -> list:
    return [f for f in s.figures if f.is_stat]


def _figure_texts(analysis, figures) -> list[str]:
    """How the figures read, a range as one ("10 à 30 %")."""
    out = []
    for f in figures:
        if f.range_pair is None:
            out.append(analysis.text(f.start, f.end))
            continue
        other = analysis.figures[f.range_pair]
        if f.range_pair > other.range_pair:  # lower bound: the range reads from here to the upper bound
            out.append(analysis.text(f.start, other.end))
        elif other not in figures:
            out.append(analysis.text(f.start, f.end))
    return out


def check_figures(analysis) -> Iterator[Hit]:
    for s in analysis.sentences:
        if s.block.kind in ("heading", "table"):
            continue
        figures = _stat_figures(s)
        if not figures:
            continue
        if not s.attributed:
            listed = ", ".join(f"« {t} »" for t in _figure_texts(analysis, figures))
            yield Hit(
                code="uncited_figure",
                message=_(MSG_UNCITED_FIGURE) % {
                    "figures": listed},
                start=s.start,
                end=s.end,
                excerpt=analysis.sentence_text(s),
            )
            continue
        if not all(analysis.source_is_verifiable(i) for i in s.attributed):
            continue
        indexes = [analysis.source_figures(i) for i in sorted(s.attributed)]
        for f in figures:
            if any(index.supports(f) for index in indexes):
                continue
            names = ", ".join(analysis.source(i).name for i in sorted(s.attributed))
            yield Hit(
                code="number_unsupported",
                message=_(MSG_NUMBER_UNSUPPORTED) % {
                    "figure": f.text, "names": names},
                start=f.start,
                end=f.end,
                excerpt=analysis.sentence_text(s),
                key=f"{analysis.sentence_text(s)}|{f.text}",
            )


def _same(a, b) -> bool:
    return abs(a.value - b.value) <= max(a.tolerance, b.tolerance) + 1e-9


class _Range(NamedTuple):
    sentence: Sentence
    lo: Figure
    hi: Figure
    stems: set[str]  # content stems around the range


class _Single(NamedTuple):
    sentence: Sentence
    figure: Figure
    stems: set[str]  # first content stems of the words after the value
    negated: bool


class _Consistency:
    """The figures of one document that may give a quantity, and the pairs of them that disagree.
    A figure is reported once, against the first earlier figure it disagrees with."""

    def __init__(self, analysis):
        self.analysis = analysis
        self.ranges: list[_Range] = []
        self.singles: list[_Single] = []
        self.reported: set[int] = set()
        self._years_of: dict[int, set[str]] = {}
        for s in analysis.sentences:
            if s.block.kind == "table":
                continue
            for f in s.figures:
                if f.is_stat:
                    self._collect(s, f)

    def _collect(self, s, f) -> None:
        prose = self.analysis.prose
        if f.range_pair is not None:
            hi = self.analysis.figures[f.range_pair]
            if f.range_pair > hi.range_pair:  # f is the lower bound
                window = prose[max(s.start, f.start - 90):min(s.end, hi.end + 40)]
                self.ranges.append(_Range(s, f, hi, set(content_stems(window))))
        elif f.unit is not None or f.multiplied:
            after = prose[f.end:min(s.end, f.end + 60)]
            subject = content_stems(after)[:3]
            self.singles.append(_Single(s, f, set(subject), bool(_NEGATION.search(after))))

    def _years(self, s) -> set[str]:
        if id(s) not in self._years_of:
            self._years_of[id(s)] = set(_YEAR.findall(self.analysis.prose[s.start:s.end]))
        return self._years_of[id(s)]

    def _first_report(self, figure) -> bool:
        if figure.start in self.reported:
            return False
        self.reported.add(figure.start)
        return True

    def _ranges_disagree(self, a: _Range, b: _Range) -> bool:
        if a.sentence is b.sentence or a.lo.unit != b.lo.unit or (_same(a.lo, b.lo) and _same(a.hi, b.hi)):
            return False
        ya, yb = self._years(a.sentence), self._years(b.sentence)
        if ya and yb and not (ya & yb):
            return False
        shared = len(a.stems & b.stems)
        return (shared >= 1 and (_same(a.lo, b.lo) or _same(a.hi, b.hi))) or shared >= 3

    def _singles_disagree(self, a: _Single, b: _Single) -> bool:
        if a.sentence is b.sentence or _same(a.figure, b.figure):
            return False
        if a.figure.unit == "pct" and abs(a.figure.value + b.figure.value - 100) <= 1 and (a.negated != b.negated):
            return False
        return self._years(a.sentence) == self._years(b.sentence)

    def range_hits(self) -> Iterator[Hit]:
        for j, later in enumerate(self.ranges):
            earlier = next((r for r in self.ranges[:j] if self._ranges_disagree(r, later)), None)
            if earlier is not None and self._first_report(later.lo):
                yield _inconsistent(self.analysis, earlier.sentence, later.sentence, earlier.lo, earlier.hi, later.lo, later.hi)

    def single_hits(self) -> Iterator[Hit]:
        # Two values name the same thing when the words after them share two stems: index the values
        # by each pair of those stems, so only such pairs are compared.
        by_pair: dict[tuple, list[int]] = {}
        for j, later in enumerate(self.singles):
            stems = sorted(later.stems)
            keys = {(later.figure.unit, a, b) for n, a in enumerate(stems) for b in stems[n + 1:]}
            candidates = sorted({i for key in keys for i in by_pair.get(key, ())})
            for key in keys:
                by_pair.setdefault(key, []).append(j)
            earlier = next((self.singles[i] for i in candidates if self._singles_disagree(self.singles[i], later)), None)
            if earlier is not None and self._first_report(later.figure):
                yield _inconsistent(self.analysis, earlier.sentence, later.sentence, earlier.figure, None, later.figure, None)


def check_consistency(analysis) -> Iterator[Hit]:
    """The same quantity given different values: two ranges that share a bound and a subject
    ("10 à 30 %" of gains vs "15 et 30 %" of gains), or two values whose following words name the
    same thing ("13 % des PME françaises" vs "20 % des PME françaises"). Comparisons inside one
    sentence, figures of different years and complements ("13 % utilisent" / "87 % n'utilisent
    pas") are not inconsistencies."""
    consistency = _Consistency(analysis)
    yield from consistency.range_hits()
    yield from consistency.single_hits()


def _figure_text(analysis, lo, hi) -> str:
    return analysis.text(lo.start, hi.end if hi else lo.end)


def _inconsistent(analysis, si, sj, lo_i, hi_i, lo_j, hi_j) -> Hit:
    first, second = _figure_text(analysis, lo_i, hi_i), _figure_text(analysis, lo_j, hi_j)
    return Hit(
        code="number_inconsistent",
        message=_(MSG_NUMBER_INCONSISTENT) % {
            "second": second, "first": first, "line": analysis.line_of(lo_i.start)},
        start=lo_j.start,
        end=(hi_j or lo_j).end,
        excerpt=analysis.sentence_text(sj),
        key=f"{match_text(first)}|{match_text(second)}",
    )
