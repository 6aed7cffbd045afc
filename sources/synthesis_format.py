"""Parser of synthesis documents in the format of seed 000 ("# Synthèse : …", "**Source N** : Nom – Type",
"- URL : …", "- Date : …", "- Fiabilité : 8/10", "- Extraits clés :" then quoted bullets, then
"### Synthèse et angles" with convergences, divergences, angle and score).

Pure: no database. A malformed document raises SynthesisFormatError with the line at fault.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from prizm.links import normalize_url
from prizm.text import fold
from sources.limits import count_problem, long_line_problem

from .dates import PartialDateError, parse_partial_date


class SynthesisFormatError(ValueError):
    def __init__(self, line: int | None, reason: str):
        self.line = line
        self.reason = reason
        super().__init__(f"ligne {line} : {reason}" if line else reason)


@dataclass
class ParsedSource:
    line: int
    number: int
    name: str
    kind: str
    kind_label: str = ""
    url: str = ""
    url_line: int | None = None
    published_on: object = None
    published_precision: str = "day"
    reliability: int | None = None
    extracts: list[str] = field(default_factory=list)


@dataclass
class ParsedSynthesis:
    title: str = ""
    sources: list[ParsedSource] = field(default_factory=list)
    convergences: str = ""
    divergences: str = ""
    recommended_angle: str = ""
    score: Decimal | None = None

    @property
    def has_synthesis(self) -> bool:
        return bool(self.convergences or self.divergences or self.recommended_angle or self.score is not None)


# Words of the type label ("Article", "Analyse sectorielle", "Actualités"…) → registry kind.
KIND_WORDS = [
    ("communique", "communique"), ("barometre", "barometre"), ("rapport", "rapport"), ("enquete", "enquete"),
    ("sondage", "enquete"), ("etude", "etude"), ("analyse", "etude"), ("recherche", "etude"), ("note", "note"),
    ("article", "article"), ("actualite", "article"), ("blog", "article"), ("presse", "article"),
    ("dossier", "article"), ("tribune", "article"), ("interview", "article"),
]


def _plain(text: str) -> str:
    return fold(text)


def kind_from_label(label: str) -> str:
    plain = _plain(label)
    for word, kind in KIND_WORDS:
        if word in plain:
            return kind
    return "autre"


SOURCE_RE = re.compile(r"^\*\*\s*Source\s+(\d+)\s*\*\*\s*[:：]?\s*(.*)$", re.I)
FIELD_RE = re.compile(r"^[-*•]\s*(?:\*\*)?\s*([^:*]+?)\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.*?)\s*$")
BULLET_RE = re.compile(r"^\s*[-*•]\s+(.*)$")
QUOTED_RE = re.compile(r'^["“«„]\s*(.*?)\s*["”»“]\.?$', re.S)
HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
NAME_KIND_RE = re.compile(r"^(.*\S)\s+[–—-]\s+(\S.*)$")
SCORE_RE = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*(?:/\s*(10|1))?$")

FIELD_KEYS = {
    "url": "url", "lien": "url", "adresse": "url",
    "date": "date", "date de publication": "date", "publie le": "date",
    "fiabilite": "reliability", "fiabilite de la source": "reliability",
    "extraits cles": "extracts", "extraits": "extracts", "citations": "extracts", "extraits cle": "extracts",
}
SYNTH_KEYS = {
    "convergences": "convergences", "points de convergence": "convergences",
    "divergences": "divergences", "points de divergence": "divergences",
    "angle prizm recommande": "recommended_angle", "angle recommande": "recommended_angle",
    "angle recommande pour prizm ai": "recommended_angle", "angle": "recommended_angle",
    "score global": "score", "score": "score",
}


def _parse_reliability(value: str, line: int, number: int) -> int:
    raw = value.strip().rstrip(".")
    m = re.fullmatch(r"(-?\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+))?", raw)
    if not m:
        raise SynthesisFormatError(line, f"fiabilité illisible « {raw} » pour la source {number} (attendu : un entier de 0 à 10, par exemple 8/10)")
    if m[2] and m[2] != "10":
        raise SynthesisFormatError(line, f"fiabilité « {raw} » pour la source {number} : l'échelle doit être /10")
    if "," in m[1] or "." in m[1]:
        raise SynthesisFormatError(line, f"fiabilité « {raw} » pour la source {number} : un nombre entier de 0 à 10 est attendu")
    value_int = int(m[1])
    if not 0 <= value_int <= 10:
        raise SynthesisFormatError(line, f"fiabilité {raw} hors de l'échelle 0–10 pour la source {number}")
    return value_int


def _parse_score(value: str, line: int) -> Decimal:
    raw = value.strip().rstrip(".")
    m = SCORE_RE.fullmatch(raw)
    if not m:
        raise SynthesisFormatError(line, f"score global illisible « {raw} » (attendu par exemple 7.5/10)")
    try:
        score = Decimal(m[1].replace(",", "."))
    except InvalidOperation:
        raise SynthesisFormatError(line, f"score global illisible « {raw} »") from None
    if m[2] == "1":
        score *= 10
    if not 0 <= score <= 10:
        raise SynthesisFormatError(line, f"score global {raw} hors de l'échelle 0–10")
    return score.quantize(Decimal("0.1"))


def _unquote(text: str) -> str:
    text = text.strip()
    m = QUOTED_RE.match(text)
    return (m[1] if m else text).strip()


NO_DATE_WORDS = ("non datee", "non date", "inconnue", "n/a", "-", "—")


def _heading_section(plain: str) -> str:
    """The section a heading opens: "sources", "angles", "section:<key>" or "" (ignored)."""
    if "source" in plain:
        return "sources"
    if plain.startswith("synthese"):
        return "angles"
    key = SYNTH_KEYS.get(plain)
    if key is None and plain.startswith("angle"):
        key = "recommended_angle"
    if key is None and plain.startswith("score de qualite"):
        key = "quality"
    return f"section:{key}" if key else ""


def _source_from_head(match: re.Match, line: int) -> ParsedSource:
    number, label = int(match[1]), match[2].strip().strip("*").strip()
    if not label:
        raise SynthesisFormatError(line, f"la source {number} n'a pas de nom")
    m = NAME_KIND_RE.match(label)
    name, kind_label = (m[1].strip(), m[2].strip()) if m else (label, "")
    return ParsedSource(line=line, number=number, name=name, kind_label=kind_label,
                        kind=kind_from_label(kind_label) if kind_label else "autre")


def _read_url(source: ParsedSource, value: str, line: int) -> None:
    url = value.strip("<>").strip()
    link = re.fullmatch(r"\[[^\]]*\]\((\S+)\)", url)
    url = link[1] if link else url
    if not url:
        raise SynthesisFormatError(line, f"URL vide pour la source {source.number} « {source.name} »")
    if not re.match(r"^https?://[^\s/]+", url, re.I) or re.search(r"\s", url):
        raise SynthesisFormatError(line, f"URL invalide « {url} » pour la source {source.number} (http:// ou https:// attendu)")
    source.url, source.url_line = url, line


def _read_date(source: ParsedSource, value: str, line: int) -> None:
    if not value or _plain(value) in NO_DATE_WORDS:
        return
    try:
        source.published_on, source.published_precision = parse_partial_date(value)
    except PartialDateError:
        raise SynthesisFormatError(
            line, f"date illisible « {value} » pour la source {source.number} "
            "(attendu : 2024, 03/2025, mars 2025 ou 12/03/2025)") from None


def _read_reliability(source: ParsedSource, value: str, line: int) -> None:
    source.reliability = _parse_reliability(value, line, source.number)


def _read_first_extract(source: ParsedSource, value: str, line: int) -> None:
    if value:
        source.extracts.append(_unquote(value))


SOURCE_FIELD_READERS = {
    "url": _read_url, "date": _read_date, "reliability": _read_reliability, "extracts": _read_first_extract,
}


class _SynthesisParser:
    def __init__(self):
        self.doc = ParsedSynthesis()
        self.current: ParsedSource | None = None
        self.in_extracts = False
        self.section = ""  # "sources", "angles" or "section:<key>" of a "## Points de …" section
        self.section_text: dict[str, list[str]] = {}
        self.synth_line: dict[str, int] = {}

    def read_line(self, index: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        if heading := HEADING_RE.match(stripped):
            self.read_heading(index, heading)
        elif source_head := SOURCE_RE.match(stripped):
            self.read_source_head(index, source_head)
        elif self.section == "sources" and self.current is not None:
            self.read_source_line(index, line, stripped)
        elif self.section == "angles":
            self.read_angle_line(index, stripped)
        elif self.section.startswith("section:"):
            self.section_text.setdefault(self.section[8:], []).append(stripped)

    def read_heading(self, index: int, heading: re.Match) -> None:
        title = heading[2].strip()
        self.current, self.in_extracts = None, False
        if len(heading[1]) == 1 and not self.doc.title:
            self.doc.title = re.sub(r"^synth[eè]se\s*[:：-]\s*", "", title, flags=re.I).strip()
            self.section = ""
            return
        self.section = _heading_section(_plain(title).strip(" :"))
        if self.section.startswith("section:"):
            self.synth_line.setdefault(self.section[8:], index)

    def read_source_head(self, index: int, source_head: re.Match) -> None:
        self.section = "sources"
        self.current = _source_from_head(source_head, index)
        self.doc.sources.append(self.current)
        self.in_extracts = False

    def read_source_line(self, index: int, line: str, stripped: str) -> None:
        field_match = FIELD_RE.match(stripped)
        key = FIELD_KEYS.get(_plain(field_match[1]).strip()) if field_match else None
        if key:
            self.in_extracts = key == "extracts"
            SOURCE_FIELD_READERS[key](self.current, field_match[2].strip(), index)
            return
        if not self.in_extracts:
            return
        extracts = self.current.extracts
        if bullet := BULLET_RE.match(line):
            content = bullet[1].strip()
            if content[:1] in "\"“«„" or not field_match:
                if quote := _unquote(content):
                    extracts.append(quote)
            else:  # another "- Field : value" line ends the extracts
                self.in_extracts = False
        elif extracts:
            # A quote that wraps onto the next line.
            extracts[-1] = _unquote(f"{extracts[-1]} {stripped}")

    def read_angle_line(self, index: int, stripped: str) -> None:
        field_match = FIELD_RE.match(stripped)
        key = SYNTH_KEYS.get(_plain(field_match[1]).strip()) if field_match else None
        if not key:
            return
        self.synth_line.setdefault(key, index)
        if key == "score":
            self.doc.score = _parse_score(field_match[2], index)
        else:
            setattr(self.doc, key, field_match[2].strip())

    def finish(self) -> ParsedSynthesis:
        """Fill what the fields left empty from the "## Points de …" sections."""
        doc, section_text = self.doc, self.section_text
        for key in ("convergences", "divergences", "recommended_angle"):
            if not getattr(doc, key) and section_text.get(key):
                setattr(doc, key, "\n".join(section_text[key]))
        if doc.score is None and section_text.get("score"):
            doc.score = _parse_score(section_text["score"][0], self.synth_line.get("score"))
        return doc


def _check_sources(sources: list[ParsedSource]) -> None:
    if not sources:
        raise SynthesisFormatError(None, "aucune source trouvée (attendu des blocs « **Source 1** : Nom – Type »)")
    too_many = count_problem(len(sources), what="sources", setting="PRIZM_IMPORT_MAX_SOURCES")
    if too_many:
        raise SynthesisFormatError(None, too_many)
    seen: dict[str, ParsedSource] = {}

    for source in sources:
        if not source.url:
            raise SynthesisFormatError(source.line, f"la source {source.number} « {source.name} » n'a pas d'URL (ligne « - URL : https://… » attendue)")
        too_many = count_problem(len(source.extracts), what="extraits", setting="PRIZM_IMPORT_MAX_EXTRACTS")
        if too_many:
            raise SynthesisFormatError(source.line, f"la source {source.number} a {too_many}")
        if source.reliability is None:
            raise SynthesisFormatError(source.line, f"la source {source.number} « {source.name} » n'a pas de fiabilité (ligne « - Fiabilité : 8/10 » attendue)")
        key = normalize_url(source.url)
        if key in seen:
            raise SynthesisFormatError(source.url_line, f"la source {source.number} répète l'URL de la source {seen[key].number} (ligne {seen[key].url_line})")
        seen[key] = source


def parse_synthesis(text: str) -> ParsedSynthesis:
    """Read a synthesis document. Raises SynthesisFormatError(line, reason)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    too_long = long_line_problem(text)
    if too_long:
        raise SynthesisFormatError(*too_long)
    lines = text.split("\n")
    parser = _SynthesisParser()
    for index, raw in enumerate(lines, start=1):
        parser.read_line(index, raw.rstrip())
    doc = parser.finish()
    _check_sources(doc.sources)
    return doc
