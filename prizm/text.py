"""Plain-text helpers every app shares (no Django, no app imports).

`fold` is the one accent/case folding of the project: names of tags and categories, studio and
public search on SQLite, date and kind labels, source names. "Œuvre", "oeuvre" and "ŒUVRE" fold
alike; so do "Économie" and "economie", "l’État" and "l'etat".
"""

from __future__ import annotations

import math
import re
import unicodedata

WORDS_PER_MINUTE = 200
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

# Letters NFKD does not decompose but a reader considers equal to plain letters.
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
_PUNCTUATION = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
    "\u2013": "-", "\u2014": "-", "\u2011": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


def _fold_char(char: str) -> str:
    lowered = char.casefold()
    out = []
    for c in lowered:
        if c in _LIGATURES:
            out.append(_LIGATURES[c])
            continue
        if c in _PUNCTUATION:
            out.append(_PUNCTUATION[c])
            continue
        base = "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
        out.append(base)
    return "".join(out)


def fold(text: str | None) -> str:
    """Lower case, no accents, ligatures spelled out, typographic apostrophes, dashes and spaces
    made plain. Not length-preserving ("œ" → "oe"): use `fold_with_positions` to map back."""
    return "".join(_fold_char(c) for c in text or "")


def fold_with_positions(text: str | None) -> tuple[str, list[int]]:
    """`fold(text)` and, for each folded character, the index of the original character it came
    from (plus one final entry = len(text)), so a match in the folded text maps back to the
    original for highlighting."""
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text or ""):
        piece = _fold_char(char)
        folded.append(piece)
        origins.extend([index] * len(piece))
    origins.append(len(text or ""))
    return "".join(folded), origins


def fold_key(text: str | None) -> str:
    """`fold` with runs of whitespace collapsed and the ends trimmed: the key under which names
    typed by people are compared and stored (e.g. `Tag.name_key`)."""
    return " ".join(fold(text).split())


def count_words(text: str | None) -> int:
    """Words as readers count them ("main-d'œuvre" is one word)."""
    return len(WORD_RE.findall(text or ""))


def reading_minutes(words: int) -> int:
    """Reading time shown on articles and checked by the gate: words ÷ 200, rounded up, at least 1."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
