"""A rewrite keeps what made its original trustworthy: `integrity_low` when it lost citations or
figures of the article it rewrites."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from articles.quality.checks import Hit
from articles.quality.figures import FigureIndex
from articles.quality.i18n import FINDING_MESSAGES
from articles.quality.i18n import gettext as _
from articles.quality.normalize import name_key

# Messages of the findings (stored in French; see articles/quality/i18n.py).
MSG_LOST_SOURCES = FINDING_MESSAGES.gettext_noop("sources plus citées : %(names)s")
MSG_LOST_FIGURES = FINDING_MESSAGES.gettext_noop("chiffres disparus : %(figures)s")
MSG_INTEGRITY_LOW = FINDING_MESSAGES.gettext_noop(
    "La réécriture ne garde que %(pct)s %% des citations et chiffres de l'original (%(lost)s).", translate=("lost",)
)

INTEGRITY_MIN = 0.8


@dataclass
class Integrity:
    """Share (0–1) of the original's cited sources and figures that the rewrite kept."""

    score: float
    lost_sources: list[str] = field(default_factory=list)
    lost_figures: list[str] = field(default_factory=list)
    kept: int = 0
    total: int = 0


def _cited_names(analysis) -> dict[str, str]:
    names = {}
    for i in analysis.cited_sources:
        name = analysis.doc.sources[i].name
        names[name_key(name)] = name
    for c in analysis.citations:
        for raw in c.unknown:
            names.setdefault(name_key(raw), raw)
    return names


def integrity_measure(rewrite_analysis, original_analysis) -> Integrity:
    original_names = _cited_names(original_analysis)
    kept_names = set(_cited_names(rewrite_analysis))
    lost_sources = [name for key, name in original_names.items() if key not in kept_names]
    rewrite_index = FigureIndex([f for f in rewrite_analysis.figures if f.is_stat])
    seen, lost_figures, figures_total = set(), [], 0
    for f in original_analysis.figures:
        if not f.is_stat or f.key in seen:
            continue
        seen.add(f.key)
        figures_total += 1
        if not rewrite_index.supports(f):
            lost_figures.append(f.text)
    total = len(original_names) + figures_total
    kept = total - len(lost_sources) - len(lost_figures)
    return Integrity(
        score=(kept / total) if total else 1.0, lost_sources=lost_sources, lost_figures=lost_figures, kept=kept, total=total
    )


def check_integrity(analysis) -> Iterator[Hit]:
    original = analysis.original_analysis
    if original is None:
        return
    integrity = integrity_measure(analysis, original)
    analysis.integrity = integrity
    if integrity.score >= INTEGRITY_MIN:
        return
    lost = []
    if integrity.lost_sources:
        lost.append(_(MSG_LOST_SOURCES) % {"names": ", ".join(integrity.lost_sources)})
    if integrity.lost_figures:
        lost.append(_(MSG_LOST_FIGURES) % {"figures": ", ".join(integrity.lost_figures[:8])})
    yield Hit(
        code="integrity_low",
        message=_(MSG_INTEGRITY_LOW) % {
            "pct": round(integrity.score * 100), "lost": " ; ".join(lost)},
        key="integrity|" + "|".join(sorted(name_key(n) for n in integrity.lost_sources) + sorted(integrity.lost_figures)),
    )
