"""Which of the document's sources a citation names.

The seed format is "(Source : Nom)"; also accepted: "(Source: Nom)", "(Sources : A ; B)",
"(Source : A, B)", "(Source : A et B)" and a locator after the name ("(Source : A, p. 12)").
A name matches a source when their `name_key`s are equal, comparing against the source's name,
its publisher and the name without its descriptor ("CCI Provence – Article" → "CCI Provence").
"""

import re

from articles.quality.normalize import name_key, name_keys

_SPLIT_STRONG = re.compile(r"\s*;\s*")
_SPLIT_WEAK = re.compile(r"\s*,\s*|\s+et\s+|\s+and\s+|\s*/\s*")
_LOCATOR = re.compile(
    r"^(?:p{1,2}\.?\s*\d.*|pages?\s+\d.*|chap\.?\s*\d.*|section\s.*|§.*|n°\s*\d.*|\d{4}(?:-\d{2}(?:-\d{2})?)?|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}|(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|"
    r"octobre|novembre|décembre|decembre)\s+\d{4}|tableau\s.*|figure\s.*|fig\.\s.*|annexe.*|op\.? cit\.?|ibid\.?)$",
    re.I,
)


class SourceMatcher:
    def __init__(self, sources):
        self.keys: dict[str, int] = {}
        for i, src in enumerate(sources):
            for key in name_keys(src.name, getattr(src, "publisher", "") or ""):
                self.keys.setdefault(key, i)
        # Longest first so "Bpifrance Le Lab" wins over "Bpifrance".
        self._prefix_keys = sorted(self.keys, key=len, reverse=True)
        self._prefix_len = (len(self._prefix_keys[0]) + 16) if self._prefix_keys else 0

    def match(self, name: str) -> int | None:
        return self.keys.get(name_key(name))

    def resolve_list(self, raw: str) -> tuple[list[int], list[str]]:
        """Indexes of the sources `raw` names, and the names that match none."""
        idx = self.match(raw)
        if idx is not None:
            return [idx], []
        found: list[int] = []
        unknown: list[str] = []
        for part in _SPLIT_STRONG.split(raw.strip()):
            if not part:
                continue
            idx = self.match(part)
            if idx is not None:
                found.append(idx)
                continue
            pieces = [p for p in _SPLIT_WEAK.split(part) if p and not _LOCATOR.match(p.strip())]
            # Rejoin neighbours: "Actualités, études et chiffres" may be one name.
            i = 0
            while i < len(pieces):
                for j in range(len(pieces), i, -1):
                    candidate = ", ".join(pieces[i:j])
                    idx = self.match(candidate)
                    if idx is not None:
                        found.append(idx)
                        i = j
                        break
                else:
                    unknown.append(pieces[i])
                    i += 1
            if unknown and len(unknown) == len(pieces) and not found:
                # Nothing in this part matched: report it whole rather than in pieces.
                unknown[-len(pieces):] = [part]
        seen: set[int] = set()
        found = [i for i in found if not (i in seen or seen.add(i))]
        return found, unknown

    def match_prefix(self, text: str) -> int | None:
        """The source whose name starts `text` ("selon la CCI Provence, 13 %…" → CCI Provence)."""
        if not self.keys:
            return None
        key = name_key(text[:self._prefix_len]) + " "
        for k in self._prefix_keys:
            if key.startswith(k + " ") or key.startswith(k + ". "):
                return self.keys[k]
        return None

    def mentioned_in(self, text: str) -> set[int]:
        """Sources named anywhere in `text` ("comme le souligne La French Tech :")."""
        if not self.keys:
            return set()
        padded = f" {name_key(text)} "
        return {i for k, i in self.keys.items() if f" {k} " in padded}
