"""Figures in French text: "12 000 euros" = "12000 €" = "12 k€", "30 %" = "30%" = "30 pour cent",
"12,5 %" = "12.5%", "1,2 million d'euros" = "1 200 000 €", ranges "de 10 à 30 %" / "entre 15 et 30 %".

`figures_find(scan)` works on the `scan_text` form and returns positions in it; `FigureIndex`
answers "does this text state that figure?" with the tolerance the figure's own precision allows
("13 %" is supported by "12,8 %", "1,2 million" by "1 234 567"; "30 %" is not supported by "26 %").
"""

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from articles.quality.normalize import scan_text

# The check "not preceded by a letter, digit, point, comma, slash or hyphen" is made in code: a
# pattern that starts with a digit lets the regex engine skip quickly to the next digit.
_FIGURE = re.compile(
    r"""
    (?P<int>[0-9](?:[0-9]{0,2}(?:\ [0-9]{3})+(?![0-9])|[0-9]*))
    (?:[.,](?P<dec>[0-9]+))?
    (?![\w/]|[.,][0-9])
    (?:
      \ ?(?P<unit>%|pour\ ?cents?\b|points?\ de\ pourcentage\b|pts?\b|points?\b
         |k€|M€|Md€|Mds?\ ?€|€|\$|euros?\b|EUR\b|USD\b|dollars?\b
         |millions?\b|milliards?\b|Mds?\b|Md\b|M\b|mille\b|k\b)
      (?:\ ?(?:d'|de\ )?\ ?(?P<unit2>€|euros?\b|dollars?\b|\$|EUR\b|USD\b))?
    )?
    """,
    re.X,
)
_RANGE_JOIN = re.compile(r"^\s*(?:à|a|et|-|au|to|and)\s*$")

_MONEY = {"€", "$", "euro", "euros", "EUR", "USD", "dollar", "dollars", "k€", "M€", "Md€", "Md €", "Mds €", "Mds€"}
_MULTIPLIER = {
    "k€": 1e3, "k": 1e3, "mille": 1e3,
    "M€": 1e6, "M": 1e6, "million": 1e6, "millions": 1e6,
    "Md€": 1e9, "Md": 1e9, "Mds": 1e9, "Md €": 1e9, "Mds €": 1e9, "Mds€": 1e9, "milliard": 1e9, "milliards": 1e9,
}


@dataclass(slots=True)
class Figure:
    value: float
    unit: str | None  # "pct", "pt", "money" or None
    start: int
    end: int
    text: str
    tolerance: float
    is_year: bool = False
    multiplier: float = 1.0
    range_pair: int | None = None  # index of the other bound when the figure is half of a range

    @property
    def is_stat(self) -> bool:
        """A statistic: a percentage, points, an amount, a magnitude, or a count of 100 or more."""
        if self.is_year:
            return False
        return self.unit is not None or self.multiplied or self.value >= 100

    @property
    def multiplied(self) -> bool:
        return self.multiplier != 1.0

    @property
    def key(self) -> tuple[float, str | None]:
        return (round(self.value, 6), self.unit)


def _unit_class(unit: str | None, unit2: str | None) -> tuple[str | None, float]:
    cls, mult = None, 1.0
    for u in (unit, unit2):
        if not u:
            continue
        u = u.strip()
        if u == "%" or u.startswith("pour"):
            cls = "pct"
        elif u.startswith("point") or u.startswith("pt"):
            cls = "pt"
        if u in _MONEY or u.rstrip("s") in _MONEY:
            cls = "money"
        mult = max(mult, _MULTIPLIER.get(u, 1.0))
    return cls, mult


def figures_find(scan: str) -> list[Figure]:
    """Every number of `scan` with its unit; ranges share their unit ("10 à 30 %": both are %)."""
    found: list[Figure] = []
    for m in _FIGURE.finditer(scan):
        if m.start() and (scan[m.start() - 1].isalnum() or scan[m.start() - 1] in "_.,/-"):
            continue
        whole, dec = m.group("int"), m.group("dec")
        grouped = " " in whole
        digits = whole.replace(" ", "")
        value = float(f"{digits}.{dec}" if dec else digits)
        cls, mult = _unit_class(m.group("unit"), m.group("unit2"))
        decimals = len(dec) if dec else 0
        is_year = cls is None and mult == 1.0 and not dec and not grouped and len(digits) == 4 and 1800 <= value <= 2100
        found.append(
            Figure(
                value=value * mult,
                unit=cls,
                start=m.start(),
                end=m.end(),
                text=m.group(0).strip(),
                tolerance=0.5 * (10 ** -decimals) * mult,
                is_year=is_year,
                multiplier=mult,
            )
        )
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.unit is None and a.multiplier == 1.0 and (b.unit or b.multiplied) and _RANGE_JOIN.match(scan[a.end:b.start]):
            # "2 à 3 millions d'euros": the first bound takes the unit and magnitude of the second.
            a.value, a.tolerance, a.multiplier = a.value * b.multiplier, a.tolerance * b.multiplier, b.multiplier
            a.unit, a.is_year = b.unit, False
            a.range_pair, b.range_pair = i + 1, i
    return found


class FigureIndex:
    """The figures a text states, searchable with tolerance."""

    __slots__ = ("_by_unit",)

    def __init__(self, figures: list[Figure]):
        by_unit: dict[str | None, list[float]] = {}
        for f in figures:
            if f.is_year:
                continue
            by_unit.setdefault(f.unit, []).append(f.value)
        self._by_unit = {u: sorted(vs) for u, vs in by_unit.items()}

    def __bool__(self) -> bool:
        return bool(self._by_unit)

    def supports(self, figure: Figure) -> bool:
        units = list(self._by_unit) if figure.unit is None else [figure.unit, None]
        tol = figure.tolerance + 1e-9
        for unit in units:
            values = self._by_unit.get(unit)
            if not values:
                continue
            i = bisect.bisect_left(values, figure.value - tol)
            if i < len(values) and values[i] <= figure.value + tol:
                return True
        return False


@lru_cache(maxsize=4096)
def figure_index(text: str) -> FigureIndex:
    """Figures stated by a source text (cached: the same sources back many articles)."""
    return FigureIndex(figures_find(scan_text(text)))
