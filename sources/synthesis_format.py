"""Parser of synthesis documents in the format of seed 000 ("# Synthèse : …", "**Source N** : Nom – Type",
"- URL : …", "- Date : …", "- Fiabilité : 8/10", "- Extraits clés :" then quoted bullets, then
"### Synthèse et angles" with convergences, divergences, angle and score).

Pure: no database. A malformed document raises SynthesisFormatError with the line at fault.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from prizm.text import fold

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


def parse_synthesis(text: str) -> ParsedSynthesis:
    """Read a synthesis document. Raises SynthesisFormatError(line, reason)."""
    doc = ParsedSynthesis()
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: ParsedSource | None = None
    in_extracts = False
    section = ""  # "sources", "angles" or the key of a "## Points de …" section
    section_text: dict[str, list[str]] = {}
    synth_line: dict[str, int] = {}

    for index, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        heading = HEADING_RE.match(stripped)
        source_head = SOURCE_RE.match(stripped)
        if heading:
            title = heading[2].strip()
            plain = _plain(title).strip(" :")
            current, in_extracts = None, False
            if len(heading[1]) == 1 and not doc.title:
                doc.title = re.sub(r"^synth[eè]se\s*[:：-]\s*", "", title, flags=re.I).strip()
                section = ""
            elif "source" in plain:
                section = "sources"
            elif plain.startswith("synthese"):
                section = "angles"
            else:
                key = SYNTH_KEYS.get(plain)
                if key is None and plain.startswith("angle"):
                    key = "recommended_angle"
                if key is None and plain.startswith("score de qualite"):
                    key = "quality"
                section = f"section:{key}" if key else ""
                if key:
                    synth_line.setdefault(key, index)
            continue
        if source_head:
            section = "sources"
            number, label = int(source_head[1]), source_head[2].strip().strip("*").strip()
            if not label:
                raise SynthesisFormatError(index, f"la source {number} n'a pas de nom")
            m = NAME_KIND_RE.match(label)
            name, kind_label = (m[1].strip(), m[2].strip()) if m else (label, "")
            current = ParsedSource(line=index, number=number, name=name, kind_label=kind_label,
                                   kind=kind_from_label(kind_label) if kind_label else "autre")
            doc.sources.append(current)
            in_extracts = False
            continue
        if section == "sources" and current is not None:
            field_match = FIELD_RE.match(stripped)
            key = FIELD_KEYS.get(_plain(field_match[1]).strip()) if field_match else None
            if key:
                value = field_match[2].strip()
                in_extracts = False
                if key == "url":
                    url = value.strip("<>").strip()
                    link = re.fullmatch(r"\[[^\]]*\]\((\S+)\)", url)
                    url = link[1] if link else url
                    if not url:
                        raise SynthesisFormatError(index, f"URL vide pour la source {current.number} « {current.name} »")
                    if not re.match(r"^https?://[^\s/]+", url, re.I) or re.search(r"\s", url):
                        raise SynthesisFormatError(index, f"URL invalide « {url} » pour la source {current.number} (http:// ou https:// attendu)")
                    current.url, current.url_line = url, index
                elif key == "date":
                    if value and _plain(value) not in ("non datee", "non date", "inconnue", "n/a", "-", "—"):
                        try:
                            current.published_on, current.published_precision = parse_partial_date(value)
                        except PartialDateError:
                            raise SynthesisFormatError(
                                index, f"date illisible « {value} » pour la source {current.number} "
                                "(attendu : 2024, 03/2025, mars 2025 ou 12/03/2025)") from None
                elif key == "reliability":
                    current.reliability = _parse_reliability(value, index, current.number)
                elif key == "extracts":
                    in_extracts = True
                    if value:
                        current.extracts.append(_unquote(value))
                continue
            bullet = BULLET_RE.match(line)
            if in_extracts and bullet:
                content = bullet[1].strip()
                if content[:1] in "\"“«„" or not field_match:
                    if quote := _unquote(content):
                        current.extracts.append(quote)
                else:  # another "- Field : value" line ends the extracts
                    in_extracts = False
                continue
            if in_extracts and current.extracts and not bullet:
                # A quote that wraps onto the next line.
                current.extracts[-1] = _unquote(f"{current.extracts[-1]} {stripped}")
                continue
            continue
        if section == "angles":
            field_match = FIELD_RE.match(stripped)
            key = SYNTH_KEYS.get(_plain(field_match[1]).strip()) if field_match else None
            if key:
                synth_line.setdefault(key, index)
                if key == "score":
                    doc.score = _parse_score(field_match[2], index)
                else:
                    setattr(doc, key, field_match[2].strip())
            continue
        if section.startswith("section:"):
            section_text.setdefault(section[8:], []).append(stripped)

    for key in ("convergences", "divergences", "recommended_angle"):
        if not getattr(doc, key) and section_text.get(key):
            setattr(doc, key, "\n".join(section_text[key]))
    if doc.score is None and section_text.get("score"):
        doc.score = _parse_score(section_text["score"][0], synth_line.get("score"))

    if not doc.sources:
        raise SynthesisFormatError(None, "aucune source trouvée (attendu des blocs « **Source 1** : Nom – Type »)")
    seen: dict[str, ParsedSource] = {}
    from prizm.links import normalize_url

    for source in doc.sources:
        if not source.url:
            raise SynthesisFormatError(source.line, f"la source {source.number} « {source.name} » n'a pas d'URL (ligne « - URL : https://… » attendue)")
        if source.reliability is None:
            raise SynthesisFormatError(source.line, f"la source {source.number} « {source.name} » n'a pas de fiabilité (ligne « - Fiabilité : 8/10 » attendue)")
        key = normalize_url(source.url)
        if key in seen:
            raise SynthesisFormatError(source.url_line, f"la source {source.number} répète l'URL de la source {seen[key].number} (ligne {seen[key].url_line})")
        seen[key] = source
    return doc
