"""French-aware text normalization for the quality gate.

Two forms of a text are used:

- `scan_text(s)`: same length as `s` (so regex offsets are offsets in the original text), with
  typographic variants folded: apostrophes ’ ‘ ʼ → ', quotes “ ” „ → « », no-break, narrow
  no-break and thin spaces → plain space, non-breaking hyphen and dashes → "-". Checks run their
  regexes on this form and report positions in the original.
- `match_text(s)`: the form in which two passages are compared (quotes against extracts, names,
  repetition): NFKC, the folds above, lower case, markdown emphasis removed, whitespace collapsed,
  digit groups joined ("12 000" → "12000"), decimal commas ("12,5" → "12.5"), "30 %" → "30%",
  "pour cent" → "%", "euros" → "€".
"""

import re
import unicodedata
from functools import lru_cache

from prizm.text import fold

_SCAN_MAP = (
    {
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'", "\u0060": "'",
        "\u201c": "«", "\u201d": "»", "\u201e": "«", "\u201f": "«",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
        "\u2011": "-", "\u2010": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\t": " ",
    }
)
# A regex over the few characters to fold is much faster than str.translate on non-ASCII text.
_SCAN_RE = re.compile("[" + "".join(_SCAN_MAP) + "]")


def _scan_sub(m: re.Match) -> str:
    return _SCAN_MAP[m.group()]


def scan_text(text: str) -> str:
    """Length-preserving fold of typographic variants (see module docstring)."""
    return _SCAN_RE.sub(_scan_sub, text)


_MATCH_MAP = {"«": '"', "»": '"', "*": " ", "`": " ", "\u2026": "..."}
_MATCH_RE = re.compile("[«»*`\u2026]")


def _match_sub(m: re.Match) -> str:
    return _MATCH_MAP[m.group()]
_WS = re.compile(r"\s+")
_DIGIT_GROUP = re.compile(r"([0-9])(?<![0-9]{4}) (?=[0-9]{3}(?![0-9]))")
_DECIMAL_COMMA = re.compile(r"([0-9]),(?=[0-9])")
_SPACE_BEFORE_UNIT = re.compile(r"([0-9]) ?(%|€|\$)")
_POUR_CENT = re.compile(r"pour ?cents?\b")
_EUROS = re.compile(r"euros?\b")


def match_text(text: str) -> str:
    """Comparison form of a passage (see module docstring)."""
    s = unicodedata.normalize("NFKC", text)
    s = scan_text(s)
    s = _MATCH_RE.sub(_match_sub, s).casefold()
    s = _WS.sub(" ", s).strip()
    s = _DIGIT_GROUP.sub(r"\1", s)
    s = _DECIMAL_COMMA.sub(r"\1.", s)
    s = _POUR_CENT.sub("%", s)
    s = _EUROS.sub("€", s)
    s = _SPACE_BEFORE_UNIT.sub(r"\1\2", s)
    return s


def fingerprint_text(text: str) -> str:
    """Light form for fingerprints: typographic variants, case and spacing folded."""
    return " ".join(scan_text(text).replace("«", '"').replace("»", '"').casefold().split())


@lru_cache(maxsize=2048)
def source_match_text(text: str) -> str:
    """`match_text` of a source's text or extract, cached: the same sources back many articles."""
    return match_text(text)


_LEADING_ARTICLE = re.compile(r"^(?:l'|la |le |les |the )")
_NAME_PUNCT = re.compile(r"[^\w.&]+")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Key under which a source name is compared: no accents, no case, no leading article,
    punctuation reduced to spaces ("La French Tech" = "french tech" = "FRENCH-TECH")."""
    s = fold(match_text(name)).replace('"', " ")
    s = _LEADING_ARTICLE.sub("", s.strip())
    s = _NAME_PUNCT.sub(" ", s).strip(" .")
    return _WS.sub(" ", s)


_NAME_SEPARATORS = re.compile(r"\s+[-–—|:]\s+")


def name_keys(*names: str) -> set[str]:
    """All keys a source answers to: each name as given, and the part before a descriptor
    ("CCI Provence – Article" also answers to "CCI Provence")."""
    keys: set[str] = set()
    for name in names:
        if not name or not name.strip():
            continue
        keys.add(name_key(name))
        head = _NAME_SEPARATORS.split(scan_text(name), maxsplit=1)[0]
        keys.add(name_key(head))
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)
        if bare != name:
            keys.add(name_key(bare))
    keys.discard("")
    return keys


_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")

STOPWORDS = frozenset(
    """a au aux avec ce ces cet cette d de des du dans en et est elle elles il ils la le les leur leurs
    l lui mais meme ne ni nos notre nous on ou par pas plus pour qu que qui sa se ses son sont sur ta
    te tes ton tu un une vos votre vous y c s n j m t selon entre ont ete etre fait font sans tres
    deja encore ainsi aussi comme dont alors donc car si tout tous toute toutes autre autres cas
    source sources the of and to in for on is are was were be by with as that this""".split()
)


def content_stems(text: str) -> list[str]:
    """Crude French stems of the content words of `text` (accents and case removed, stopwords
    dropped, first five letters kept): enough to tell whether two figures talk about the same
    thing."""
    out = []
    plain = unicodedata.normalize("NFD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    for word in _ASCII_WORD.findall(plain):
        word = word.split("'")[-1]
        if len(word) < 3 or word in STOPWORDS:
            continue
        out.append(word[:5])
    return out
