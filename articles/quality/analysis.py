"""One pass over a document, shared by every check: blocks (paragraphs, headings, list items),
sentences, inline citations resolved to the document's sources, quotations, figures.

Everything is computed once per run on the `scan_text` form of the body (same offsets as the
body), so checks only read.
"""

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from articles.quality.citations import SourceMatcher
from articles.quality.document import GateDocument, GateSource
from articles.quality.figures import Figure, FigureIndex, figure_index, figures_find
from articles.quality.normalize import scan_text, source_match_text
from prizm.markdown import THEMATIC_BREAK


@dataclass(slots=True)
class Citation:
    start: int
    end: int
    raw: str
    sources: list[int]  # indexes in doc.sources
    unknown: list[str]


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str  # inner text, as written


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    block: "Block"
    citations: list[Citation] = field(default_factory=list)
    # Sources the sentence relies on: its citations plus "selon X" / "d'après X".
    attributed: set[int] = field(default_factory=set)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # True when the sources come from the cited sentence introducing the list the sentence is in.
    inherited: bool = False


@dataclass(slots=True)
class Block:
    kind: str  # "para", "heading", "item", "table", "rule"
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)


_CITATION = re.compile(r"\((?:sources?|src)\s*:\s*([^()\n]{1,300}?)\s*\)", re.I)
_QUOTE = re.compile(r"«\s*([^«»\n]{2,2000}?)\s*»|\"([^\"\n]{2,2000}?)\"")
_URL = re.compile(r"\]\([^)\s]*\)|https?://[^\s)>\]]+")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
# Matched on the lower-cased text; the word boundary before it is checked in code.
_ATTRIBUTION = re.compile(r"(?:selon|d'après|d'apres|according to|comme l'indique|comme le souligne|comme le note|comme le précise)\s+")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_TABLE = re.compile(r"^\s*\|")
# A sentence ends at . ! ? … followed by spaces and a capital, a digit or an opening quote.
_SENTENCE_BREAK = re.compile(r"[.!?…](\s+)(?=[«\"]?[A-ZÀ-ÖØ-Þ0-9«\"])")
_NEXT_SENTENCE = re.compile(r"\s+(?=[«\"]?[A-ZÀ-ÖØ-Þ0-9«\"])")
_ABBREVIATIONS = frozenset({"p", "pp", "m", "mm", "mme", "mlle", "dr", "pr", "cf", "ex", "art", "vol", "env",
                            "no", "n°", "chap", "fig", "éd", "ed", "st", "ste", "av", "apr", "j.-c", "hab", "mds", "md"})


def _blank(text: str, spans) -> str:
    """`text` with the given spans replaced by spaces (length preserved)."""
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(" " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _within(items, starts, block) -> list:
    """Items (sorted by start, `starts` their starts) that start inside `block`."""
    return items[bisect.bisect_left(starts, block.start):bisect.bisect_left(starts, block.end)]


class Analysis:
    def __init__(self, doc: GateDocument):
        self.doc = doc
        self.integrity = None  # set by the integrity check when the document is a rewrite
        # Offsets are given in the body with "\n" line endings: what an editor's textarea holds.
        self.body = (doc.body or "").replace("\r\n", "\n").replace("\r", "\n")
        self.scan = scan_text(self.body)
        self.matcher = SourceMatcher(doc.sources)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.body)]

        self.citations = self._find_citations()
        # Text without URLs, inline code and citations: where prose checks look.
        url_spans = [m.span() for m in _URL.finditer(self.scan)] if ("](" in self.scan or "http" in self.scan) else []
        masked_spans = sorted(
            url_spans
            + ([m.span() for m in _INLINE_CODE.finditer(self.scan)] if "`" in self.scan else [])
            + [(c.start, c.end) for c in self.citations]
        )
        merged: list[tuple[int, int]] = []
        for s, e in masked_spans:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self.prose = _blank(self.scan, merged)
        lower = self.prose.lower()
        # Lower-case form with the same offsets (a few characters change length when lowered).
        self.lower = lower if len(lower) == len(self.prose) else "".join(c.lower()[:1] or c for c in self.prose)
        self.structure = _blank(self.scan, url_spans)
        self.quotes = [
            Quote(start=m.start(), end=m.end(), text=(m.group(1) or m.group(2)).strip())
            for m in _QUOTE.finditer(self.prose)
        ]
        self._quote_starts = [q.start for q in self.quotes]
        self._citation_starts = [c.start for c in self.citations]
        self.blocks = self._find_blocks()
        self.sentences = [s for b in self.blocks for s in b.sentences]
        self._sentence_starts = [s.start for s in self.sentences]
        self.figures = figures_find(self.prose)
        self._assign()

    # -- structure --------------------------------------------------------------------------
    def _find_citations(self) -> list[Citation]:
        out = []
        for m in _CITATION.finditer(self.scan):
            found, unknown = self.matcher.resolve_list(m.group(1))
            out.append(Citation(start=m.start(), end=m.end(), raw=m.group(0), sources=found, unknown=unknown))
        return out

    def _find_blocks(self) -> list[Block]:
        blocks: list[Block] = []
        current: Block | None = None
        in_fence = False
        pos = 0
        for line in self.structure.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if stripped.startswith("```") or stripped.startswith("~~~"):
                in_fence = not in_fence
                current = None
                continue
            if in_fence:
                continue
            if not stripped:
                current = None
                continue
            if _HEADING.match(line):
                blocks.append(Block("heading", start, end))
                current = None
            elif THEMATIC_BREAK.match(line):
                current = None
            elif _TABLE.match(line):
                current = Block("table", start, end)
                blocks.append(current)
                current = None
            elif _LIST_ITEM.match(line):
                current = Block("item", start, end)
                blocks.append(current)
            elif current is not None:
                current.end = end
            else:
                current = Block("para", start, end)
                blocks.append(current)
        for block in blocks:
            block.sentences = self._split_sentences(block)
        return blocks

    def _split_sentences(self, block: Block) -> list[Sentence]:
        text = self.structure[block.start:block.end]
        cuts = sorted(self._break_cuts(block, text) + self._citation_cuts(block, text))
        sentences, last = [], 0
        for cut, next_start in cuts:
            if cut > last:
                sentences.append(Sentence(block.start + last, block.start + cut, block))
            last = next_start
        if text[last:].strip():
            sentences.append(Sentence(block.start + last, block.end, block))
        for s in sentences:
            self._trim(s)
        return sentences

    def _break_cuts(self, block: Block, text: str) -> list[tuple[int, int]]:
        """(end of a sentence, start of the next) at each sentence break outside quotes and abbreviations."""
        quote_spans = [(q.start - block.start, q.end - block.start) for q in _within(self.quotes, self._quote_starts, block)]
        cuts: list[tuple[int, int]] = []
        for m in _SENTENCE_BREAK.finditer(text):
            cut = m.start(1)
            if any(qs < cut < qe for qs, qe in quote_spans):
                continue
            word = text[max(0, cut - 8):cut].rstrip(".").rsplit(None, 1)
            if word and word[-1].lower() in _ABBREVIATIONS:
                continue
            cuts.append((cut, m.end()))
        return cuts

    def _citation_cuts(self, block: Block, text: str) -> list[tuple[int, int]]:
        cuts: list[tuple[int, int]] = []
        for c in _within(self.citations, self._citation_starts, block):
            # "… fin de phrase. (Source : X) Phrase suivante" : the citation closes the first sentence.
            if c.end <= block.end:
                before = text[:c.start - block.start].rstrip()
                after = _NEXT_SENTENCE.match(text, c.end - block.start)
                if before.endswith((".", "!", "?", "…")) and after:
                    cuts.append((c.end - block.start, after.end()))
        return cuts

    def _trim(self, s: Sentence) -> None:
        body = self.body
        while s.start < s.end and body[s.start].isspace():
            s.start += 1
        while s.end > s.start and body[s.end - 1].isspace():
            s.end -= 1

    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos <= self.sentences[i].end:
            return self.sentences[i]
        return None

    def _assign(self) -> None:
        for c in self.citations:
            s = self.sentence_at(c.start)
            if s is not None:
                s.citations.append(c)
                s.attributed.update(c.sources)
        for q in self.quotes:
            s = self.sentence_at(q.start)
            if s is not None:
                s.quotes.append(q)
        for f in self.figures:
            s = self.sentence_at(f.start)
            if s is not None:
                s.figures.append(f)
        self._assign_attributions()
        self._assign_list_leads()

    def _assign_attributions(self) -> None:
        """A sentence saying "selon X" / "d'après X" relies on X, cited or not."""
        for m in _ATTRIBUTION.finditer(self.lower):
            if m.start() and self.lower[m.start() - 1].isalnum():
                continue
            idx = self.matcher.match_prefix(self.prose[m.end():m.end() + 120])
            if idx is not None:
                s = self.sentence_at(m.start())
                if s is not None:
                    s.attributed.add(idx)

    def _assign_list_leads(self) -> None:
        """A list introduced by a cited sentence ending with ":" relies on that citation."""
        lead: set[int] = set()
        for block in self.blocks:
            if block.kind == "item":
                for s in block.sentences:
                    if not s.attributed and lead:
                        s.attributed.update(lead)
                        s.inherited = True
            elif block.sentences:
                last = block.sentences[-1]
                lead = set(last.attributed) if self.body[last.start:last.end].rstrip().endswith(":") else set()
            else:
                lead = set()

    # -- helpers for checks -----------------------------------------------------------------
    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) + (self.doc.line_offset or 0)

    def text(self, start: int, end: int) -> str:
        return self.body[start:end]

    def sentence_text(self, s: Sentence) -> str:
        return self.body[s.start:s.end]

    @cached_property
    def original_analysis(self) -> "Analysis | None":
        return Analysis(self.doc.original) if self.doc.original is not None else None

    @cached_property
    def cited_sources(self) -> set[int]:
        """Sources cited or attributed anywhere in the body."""
        out: set[int] = set()
        for s in self.sentences:
            out |= s.attributed
        for c in self.citations:
            out.update(c.sources)
        return out

    @cached_property
    def citation_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for c in self.citations:
            for i in c.sources:
                counts[i] = counts.get(i, 0) + 1
        for s in self.sentences:
            for i in s.attributed:
                if not any(i in c.sources for c in s.citations):
                    counts[i] = counts.get(i, 0) + 1
        return counts

    def source(self, i: int) -> GateSource:
        return self.doc.sources[i]

    def source_is_verifiable(self, i: int) -> bool:
        src = self.doc.sources[i]
        return bool((src.text or "").strip() or any((e or "").strip() for e in src.extracts))

    def source_figures(self, i: int) -> FigureIndex:
        src = self.doc.sources[i]
        return figure_index("\n".join([src.text or "", *src.extracts]))

    def source_match_texts(self, i: int) -> list[str]:
        """Normalized extracts first (short, likely), then the full text."""
        src = self.doc.sources[i]
        texts = [source_match_text(e) for e in src.extracts if e and e.strip()]
        if src.text and src.text.strip():
            texts.append(source_match_text(src.text))
        return texts
