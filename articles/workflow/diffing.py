"""Diffs and merges for the editor and the reviewers: side-by-side line diffs with word-level
highlights, short-field diffs, source list changes, and a line-based three-way merge.

Everything returns plain data (text segments flagged as changed or not); templates escape the
text, so no HTML is built here.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass
class Segment:
    text: str
    changed: bool = False


@dataclass
class Row:
    kind: str  # equal, replace, delete, insert
    left_no: int | None
    left: list[Segment]
    right_no: int | None
    right: list[Segment]


@dataclass
class TextDiff:
    rows: list[Row]
    changed: bool
    added: int = 0
    removed: int = 0


def _lines(text: str) -> list[str]:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def inline_diff(a: str, b: str) -> tuple[list[Segment], list[Segment]]:
    """Word-level diff of two short texts: (segments of a, segments of b), changed parts flagged."""
    wa, wb = _WORDS.findall(a or ""), _WORDS.findall(b or "")
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Segment("".join(wa[i1:i2])))
            right.append(Segment("".join(wb[j1:j2])))
        else:
            if i2 > i1:
                left.append(Segment("".join(wa[i1:i2]), True))
            if j2 > j1:
                right.append(Segment("".join(wb[j1:j2]), True))
    return _join(left), _join(right)


def _join(segments: list[Segment]) -> list[Segment]:
    """Merge runs of changed words separated only by spaces into one highlighted segment."""
    out: list[Segment] = []
    for i, seg in enumerate(segments):
        bridging = (
            not seg.changed and not seg.text.strip() and 0 < i < len(segments) - 1
            and segments[i - 1].changed and segments[i + 1].changed
        )
        changed = seg.changed or bridging
        if out and out[-1].changed == changed:
            out[-1] = Segment(out[-1].text + seg.text, changed)
        else:
            out.append(Segment(seg.text, changed))
    return out


def _equal_rows(la: list[str], lb: list[str], i1: int, i2: int, j1: int, j2: int) -> list[Row]:
    return [Row("equal", i1 + k + 1, [Segment(la[i1 + k])], j1 + k + 1, [Segment(lb[j1 + k])]) for k in range(i2 - i1)]


def _replace_rows(la: list[str], lb: list[str], i1: int, i2: int, j1: int, j2: int) -> list[Row]:
    rows: list[Row] = []
    for k in range(max(i2 - i1, j2 - j1)):
        left_line = la[i1 + k] if i1 + k < i2 else None
        right_line = lb[j1 + k] if j1 + k < j2 else None
        if left_line is not None and right_line is not None:
            left, right = inline_diff(left_line, right_line)
            rows.append(Row("replace", i1 + k + 1, left, j1 + k + 1, right))
        elif left_line is not None:
            rows.append(Row("delete", i1 + k + 1, [Segment(left_line, True)], None, []))
        else:
            rows.append(Row("insert", None, [], j1 + k + 1, [Segment(right_line, True)]))
    return rows


def _delete_rows(la: list[str], lb: list[str], i1: int, i2: int, j1: int, j2: int) -> list[Row]:
    return [Row("delete", k + 1, [Segment(la[k], True)], None, []) for k in range(i1, i2)]


def _insert_rows(la: list[str], lb: list[str], i1: int, i2: int, j1: int, j2: int) -> list[Row]:
    return [Row("insert", None, [], k + 1, [Segment(lb[k], True)]) for k in range(j1, j2)]


_ROWS_OF_OPCODE = {"equal": _equal_rows, "replace": _replace_rows, "delete": _delete_rows, "insert": _insert_rows}


def side_by_side(a: str, b: str, *, context: int | None = None) -> TextDiff:
    """Line-by-line diff of two texts. With `context`, long unchanged runs are folded to
    `context` lines around each change (a folded run is one row of kind "skip")."""
    la, lb = _lines(a), _lines(b)
    rows: list[Row] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        rows += _ROWS_OF_OPCODE[op](la, lb, i1, i2, j1, j2)
        if op != "equal":
            removed += i2 - i1
            added += j2 - j1
    changed = any(r.kind != "equal" for r in rows)
    if context is not None and changed:
        rows = _fold(rows, context)
    return TextDiff(rows=rows, changed=changed, added=added, removed=removed)


def _fold(rows: list[Row], context: int) -> list[Row]:
    keep = [False] * len(rows)
    for i, row in enumerate(rows):
        if row.kind != "equal":
            for k in range(max(0, i - context), min(len(rows), i + context + 1)):
                keep[k] = True
    out: list[Row] = []
    skipped = 0
    for i, row in enumerate(rows):
        if keep[i]:
            if skipped:
                out.append(Row("skip", None, [Segment(str(skipped))], None, []))
                skipped = 0
            out.append(row)
        else:
            skipped += 1
    if skipped:
        out.append(Row("skip", None, [Segment(str(skipped))], None, []))
    return out


@dataclass
class SourceChange:
    name: str
    url: str
    change: str  # kept, moved, added, removed
    position: int | None = None


def sources_diff(old: list[dict], new: list[dict]) -> list[SourceChange]:
    """How the ordered source list changed between two revision snapshots."""
    old_ids = [s.get("id") or s.get("url") for s in old or []]
    out: list[SourceChange] = []
    for position, source in enumerate(new or [], start=1):
        key = source.get("id") or source.get("url")
        if key not in old_ids:
            change = "added"
        elif old_ids.index(key) + 1 != position:
            change = "moved"
        else:
            change = "kept"
        out.append(SourceChange(source.get("name", ""), source.get("url", ""), change, position))
    new_ids = {s.get("id") or s.get("url") for s in new or []}
    for source in old or []:
        if (source.get("id") or source.get("url")) not in new_ids:
            out.append(SourceChange(source.get("name", ""), source.get("url", ""), "removed"))
    return out


@dataclass
class RevisionDiff:
    title: tuple[list[Segment], list[Segment]]
    title_changed: bool
    description: tuple[list[Segment], list[Segment]]
    description_changed: bool
    body: TextDiff
    sources: list[SourceChange]
    sources_changed: bool
    changed: bool = field(init=False)

    def __post_init__(self):
        self.changed = self.title_changed or self.description_changed or self.body.changed or self.sources_changed


def snapshot_diff(old: dict, new: dict, *, context: int | None = 3) -> RevisionDiff:
    """Diff of two snapshots: dicts (or revisions) with title, description, body, sources."""

    def get(obj, name):
        return (obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)) or ([] if name == "sources" else "")

    sources = sources_diff(get(old, "sources"), get(new, "sources"))
    return RevisionDiff(
        title=inline_diff(get(old, "title"), get(new, "title")),
        title_changed=get(old, "title") != get(new, "title"),
        description=inline_diff(get(old, "description"), get(new, "description")),
        description_changed=get(old, "description") != get(new, "description"),
        body=side_by_side(get(old, "body"), get(new, "body"), context=context),
        sources=sources,
        sources_changed=any(s.change != "kept" for s in sources),
    )


# --- three-way merge ---------------------------------------------------------------------------

MINE_MARK = "<<<<<<< "
SEP_MARK = "======="
THEIRS_MARK = ">>>>>>> "
_MARKER_LINE = re.compile(r"^(<{7} |={7}$|>{7} )", re.M)


@dataclass
class MergeResult:
    text: str
    conflicts: int


def has_conflict_markers(text: str) -> bool:
    return bool(_MARKER_LINE.search(text or ""))


def merge3(base: str, mine: str, theirs: str, *, mine_label: str, theirs_label: str) -> MergeResult:
    """Line-based three-way merge. Changes made on one side only are taken; where both sides
    changed the same lines differently, both versions are kept between conflict markers."""
    lb, lm, lt = _lines(base), _lines(mine), _lines(theirs)
    if lm == lt:
        return MergeResult("\n".join(lm), 0)
    to_mine = _matches(lb, lm)
    to_theirs = _matches(lb, lt)
    sync = [i for i in range(len(lb)) if i in to_mine and i in to_theirs]
    out: list[str] = []
    conflicts = 0
    ib = im = it = 0
    for s in [*sync, None]:
        end_b, end_m, end_t = (len(lb), len(lm), len(lt)) if s is None else (s, to_mine[s], to_theirs[s])
        if end_m < im or end_t < it:  # not monotonic: skip this sync point
            continue
        chunk_b, chunk_m, chunk_t = lb[ib:end_b], lm[im:end_m], lt[it:end_t]
        if chunk_m == chunk_b:
            out += chunk_t
        elif chunk_t == chunk_b or chunk_m == chunk_t:
            out += chunk_m
        elif _text_lines(chunk_m) == _text_lines(chunk_b):  # mine only moved blank lines
            out += chunk_t
        elif _text_lines(chunk_t) == _text_lines(chunk_b) or _text_lines(chunk_m) == _text_lines(chunk_t):
            out += chunk_m
        else:
            conflicts += 1
            out += [MINE_MARK + mine_label, *chunk_m, SEP_MARK, *chunk_t, THEIRS_MARK + theirs_label]
        if s is None:
            break
        out.append(lb[s])
        ib, im, it = s + 1, end_m + 1, end_t + 1
    return MergeResult("\n".join(out), conflicts)


def _text_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()]


def _matches(a: list[str], b: list[str]) -> dict[int, int]:
    found: dict[int, int] = {}
    for i, j, n in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(n):
            found[i + k] = j + k
    return found


def merge_field(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    """Merge a one-line field: take the side that changed; when both changed differently keep
    mine and report the conflict."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    return mine, True
