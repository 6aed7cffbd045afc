"""Articles written as front-matter markdown files (the format of seeds 001–004, design §6).

- `article_file_parse(text, path=…)` reads one file (pure: no database) into a `ParsedArticle`:
  front matter (title, description, date, author, categories, tags, image, featured, readingTime,
  sources), the HTML comment header of conversational rewrites (style, scores, date), the body, and
  the "Sources et références" list parsed into `ParsedReference`s. The body is kept without that
  section, which the app renders from the database — unless the section holds no reference at all
  (a placeholder instead of a list): then it stays in the body, where the gate flags it.
  A file that cannot be read raises `ArticleFileError(reason, line)`.
- `header_comment_parse(text)` / `header_comment_render(meta)`: that HTML comment header.
- `references_resolve(references)`: registered sources matching each reference (by normalized URL,
  then by name).
- `parsed_gate_document(parsed)`: the `GateDocument` the gate checks for a file.
- `articles_import(*, parsed, user)`: store each file as a draft with its first revision and run
  the gate; idempotent by slug; all files or none.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.audit import audit_record
from articles.labels import body_too_long
from articles.models import Article, ArticleSource, ArticleStatus, ArticleStyle
from articles.quality import GateDocument, GateSource, gate_revision, gate_source
from articles.quality.checks.sourcing import url_is_valid
from articles.quality.normalize import name_key, name_keys, scan_text
from articles.revisions import revision_create
from articles.taxonomy import category_for_name, tags_for_names
from prizm.links import normalize_url
from prizm.markdown import THEMATIC_BREAK
from prizm.text import fold
from sources.dates import PartialDateError, parse_partial_date
from sources.limits import file_size_problem, long_line_problem
from sources.models import Source
from sources.services import DuplicateSourceError, source_create
from sources.synthesis_format import kind_from_label

TITLE_SUFFIX = re.compile(r"\s*\|\s*Prizm(?:\s+AI)?\s*$", re.I)
REFERENCES_HEADING = re.compile(r"^(#{1,4})\s*sources?\s+(?:et|&)\s+r[ée]f[ée]rences\s*:?\s*#*\s*$", re.I)
HEADING = re.compile(r"^(#{1,6})\s+\S")
ENTRY = re.compile(r"^\s{0,3}(\d{1,3})[.)]\s+(.*\S)\s*$")
ENTRY_BOLD = re.compile(r"^\*\*\s*(?P<name>.+?)\s*\*\*\s*(?:[-–—:]\s*(?P<kind>.*\S))?\s*$")
ENTRY_PLAIN = re.compile(r"^(?P<name>.+?)\s+[-–—]\s+(?P<kind>[^-–—]+)$")
FIELD = re.compile(r"^\s*[-*•]\s*(?:\*\*)?\s*([^:*]+?)\s*(?:\*\*)?\s*:\s*(.*?)\s*$")
ITALIC_LINE = re.compile(r"^\s*[*_][^*_].*[*_]\s*$")
NAME_DESCRIPTOR = re.compile(r"\s+[–—]\s+")
RELIABILITY = re.compile(r"^(\d{1,2})\s*(?:/\s*10)?$")
FIELD_KEYS = {
    "url": "url", "lien": "url", "adresse": "url", "link": "url",
    "date": "date", "publie le": "date", "date de publication": "date",
    "fiabilite": "reliability", "reliability": "reliability",
    "editeur": "publisher", "type": "kind",
}
STYLE_WORDS = {"conversationnel": "conversational", "conversational": "conversational", "concis": "concise",
               "concise": "concise", "factuel": "factual", "factual": "factual"}


class ArticleFileError(ValueError):
    """The file cannot be read as an article; `reason` says what to fix, `line` where (1-based)."""

    def __init__(self, reason: str, line: int | None = None, path: str = ""):
        self.reason, self.line, self.path = reason, line, path
        super().__init__(reason)

    def __str__(self) -> str:
        path, line = self.path, self.line
        where = f"{path}:{line}" if path and line else (path or (f"ligne {line}" if line else ""))
        return f"{where} : {self.reason}" if where else self.reason


@dataclass
class ParsedReference:
    number: int
    name: str
    line: int
    kind: str = "autre"
    kind_label: str = ""
    descriptor: str = ""
    url: str = ""
    date_text: str = ""
    published_on: datetime.date | None = None
    published_precision: str = "day"
    reliability: int | None = None
    publisher: str = ""

    @property
    def published_iso(self) -> str:
        if not self.published_on:
            return ""
        if self.published_precision == "year":
            return f"{self.published_on.year:04d}"
        if self.published_precision == "month":
            return f"{self.published_on.year:04d}-{self.published_on.month:02d}"
        return self.published_on.isoformat()


@dataclass
class ParsedArticle:
    path: str
    title: str
    slug: str
    body: str
    description: str = ""
    date: datetime.date | None = None
    author: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: str = ""
    featured: bool = False
    reading_time: str = ""
    sources_count: int | None = None
    references: list[ParsedReference] = field(default_factory=list)
    # True when the "Sources et références" section held no reference and was left in the body.
    references_in_body: bool = False
    header: dict = field(default_factory=dict)
    front_matter: dict = field(default_factory=dict)
    # Lines of the file before the body's first line (reported lines are file lines).
    line_offset: int = 0

    @property
    def style(self) -> str:
        return self.header.get("style", "")


# --- the HTML comment header of conversational rewrites (seed 004) ----------------------------------

HEADER_COMMENT = re.compile(r"^\ufeff?\s*<!--(.*?)-->[ \t]*\n?", re.S)
HEADER_STYLE = re.compile(r"^style\s+(\w+)\s+appliqu[ée]", re.I)
HEADER_FIELD = re.compile(r"^\s*(.+?)\s*:\s*(.+?)\s*$")
HEADER_KEYS = {
    "score conversationnel": "conversational_score", "score integrite": "integrity_score",
    "score d'integrite": "integrity_score", "optimise le": "date", "date": "date", "style": "style",
}
HEADER_LABELS = {"conversational": "CONVERSATIONNEL", "concise": "CONCIS", "factual": "FACTUEL"}


def _plain(text: str) -> str:
    return fold(text)


def _percent(value: str) -> float | None:
    m = re.match(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$", value)
    return float(m.group(1).replace(",", ".")) if m else None


def header_comment_parse(text: str) -> tuple[dict, int]:
    """Metadata of a leading `<!-- … -->` header and the number of characters it takes.

    {"style": "conversational", "conversational_score": 89.0, "integrity_score": 0.0,
     "date": "2025-07-30T12:56:50.058Z"}; ({}, 0) when the text has no such header."""
    m = HEADER_COMMENT.match(text)
    if not m:
        return {}, 0
    meta: dict = {}
    for line in m.group(1).splitlines():
        line = line.strip()
        if not line:
            continue
        style = HEADER_STYLE.match(_plain(line))
        if style:
            meta["style"] = STYLE_WORDS.get(style.group(1), style.group(1))
            continue
        f = HEADER_FIELD.match(line)
        if not f:
            continue
        key = HEADER_KEYS.get(_plain(f.group(1)))
        if key in ("conversational_score", "integrity_score"):
            meta[key] = _percent(f.group(2))
        elif key == "style":
            meta["style"] = STYLE_WORDS.get(_plain(f.group(2)), f.group(2))
        elif key:
            meta[key] = f.group(2)
    return meta, m.end()


def header_comment_render(meta: dict) -> str:
    """The header `header_comment_parse` reads back (what exports of rewrites start with)."""
    lines = ["<!--"]
    if meta.get("style"):
        lines.append(f"STYLE {HEADER_LABELS.get(meta['style'], str(meta['style']).upper())} APPLIQUÉ")
    if meta.get("conversational_score") is not None:
        lines.append(f"Score conversationnel : {meta['conversational_score']:g}%")
    if meta.get("integrity_score") is not None:
        lines.append(f"Score intégrité : {float(meta['integrity_score']):.1f}%")
    if meta.get("date"):
        lines.append(f"Optimisé le : {meta['date']}")
    lines.append("-->")
    return "\n".join(lines) + "\n"


# --- one file -----------------------------------------------------------------------------------------

def _date(value, line: int | None) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if m:
        try:
            return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    raise ArticleFileError(
        _("date « %(value)s » illisible : écrivez-la AAAA-MM-JJ (par exemple 2025-08-15).") % {"value": text}, line
    )


def _str_list(value, key: str, line: int | None) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise ArticleFileError(_("« %(key)s » doit être une liste de mots, par exemple [\"IA\", \"PME\"].") % {"key": key}, line)


def _front_matter(text: str, path: str) -> tuple[dict, int, dict]:
    """(front matter, index where the body starts, line of each key)."""
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return {}, 0, {}
    bounds = list(handler.FM_BOUNDARY.finditer(text))
    if len(bounds) < 2:
        raise ArticleFileError(_("en-tête ouvert par « --- » mais jamais refermé : ajoutez une ligne « --- » après lui."), 1, path)
    fm_text = text[bounds[0].end():bounds[1].start()]
    try:
        data = handler.load(fm_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleFileError(_("en-tête YAML illisible (%(problem)s).") % {"problem": problem}, line, path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ArticleFileError(_("l'en-tête doit être une liste de champs « clé: valeur »."), 2, path)
    lines = {}
    base = text[:bounds[0].end()].count("\n") + 1
    for n, raw in enumerate(fm_text.split("\n")):
        key = raw.split(":", 1)[0].strip()
        if key and not raw.startswith((" ", "\t", "-")):
            lines.setdefault(key, base + n)
    return data, bounds[1].end(), lines


def _parse_entry_head(rest: str) -> tuple[str, str]:
    m = ENTRY_BOLD.match(rest) or ENTRY_PLAIN.match(rest)
    if m:
        return m.group("name").strip(), (m.group("kind") or "").strip()
    return rest.strip(" *"), ""


def _reference_entry(entry: re.Match, line_no: int, path: str) -> ParsedReference:
    name, kind_label = _parse_entry_head(entry.group(2))
    if not name:
        raise ArticleFileError(_("référence sans nom."), line_no, path)
    parts = NAME_DESCRIPTOR.split(name, maxsplit=1)
    head, descriptor = (parts[0], parts[1]) if len(parts) == 2 else (name, "")
    return ParsedReference(
        number=int(entry.group(1)), name=head.strip(), line=line_no, kind_label=kind_label,
        kind=kind_from_label(kind_label or descriptor), descriptor=descriptor.strip(), publisher=head.strip(),
    )


def _reference_date_set(ref: ParsedReference, value: str, line_no: int, path: str) -> None:
    ref.date_text = value
    date_part = re.sub(r"\s*\(.*\)\s*$", "", value).strip()
    try:
        ref.published_on, ref.published_precision = parse_partial_date(date_part)
    except PartialDateError as exc:
        raise ArticleFileError(
            _("date de la référence %(n)s : %(reason)s") % {"n": ref.number, "reason": exc}, line_no, path
        ) from None


def _reference_reliability(ref: ParsedReference, value: str, line_no: int, path: str) -> int:
    m = RELIABILITY.match(value)
    if not m or not 0 <= int(m.group(1)) <= 10:
        raise ArticleFileError(
            _("fiabilité « %(value)s » de la référence %(n)s : écrivez un entier de 0 à 10, par exemple 8/10.")
            % {"value": value, "n": ref.number}, line_no, path)
    return int(m.group(1))


def _reference_field_set(ref: ParsedReference, key: str | None, value: str, line_no: int, path: str) -> None:
    if key == "url":
        ref.url = value.strip("<>")
    elif key == "date":
        _reference_date_set(ref, value, line_no, path)
    elif key == "reliability":
        ref.reliability = _reference_reliability(ref, value, line_no, path)
    elif key == "publisher":
        ref.publisher = value
    elif key == "kind":
        ref.kind_label, ref.kind = value, kind_from_label(value)


def _references(lines: list[str], first_line: int, path: str) -> tuple[list[ParsedReference], list[tuple[int, str]]]:

    refs: list[ParsedReference] = []
    leftovers: list[tuple[int, str]] = []
    for n, raw in enumerate(lines):
        line_no = first_line + n
        line = raw.rstrip()
        if not line.strip() or ITALIC_LINE.match(line):
            continue
        entry = ENTRY.match(line)
        if entry:
            refs.append(_reference_entry(entry, line_no, path))
            continue
        f = FIELD.match(line)
        if f and refs:
            key = FIELD_KEYS.get(_plain(f.group(1)).strip())
            _reference_field_set(refs[-1], key, f.group(2).strip(), line_no, path)
            continue
        leftovers.append((line_no, line.strip()))
    return refs, leftovers


def _title_split(body: str, title: str) -> tuple[str, str, int]:
    """(title, body, characters taken from the body's start): leading blank lines and the "# Titre"
    line belong to the page, not to the body."""
    stripped = body.lstrip("\n")
    taken = len(body) - len(stripped)
    body = stripped
    first_line = body.split("\n", 1)[0]
    h1 = re.match(r"^#\s+(.+?)\s*#*\s*$", first_line)
    if h1 and (not title or name_key(TITLE_SUFFIX.sub("", h1.group(1))) == name_key(title)):
        title = title or TITLE_SUFFIX.sub("", h1.group(1)).strip()
        rest = body[len(first_line):]
        skipped = len(rest) - len(rest.lstrip("\n"))
        taken += len(first_line) + skipped
        body = rest.lstrip("\n")
    return title, body, taken


def _title_check(title: str, body: str, path: str) -> None:
    if re.match(r"^synth[èe]se\b", _plain(title)) and re.search(r"^\*\*\s*Source\s+\d+\s*\*\*", body, re.M):
        raise ArticleFileError(
            _("ce fichier est une synthèse de sources, pas un article : importez-le avec « manage.py import_sources »."),
            1, path)
    if not title:
        raise ArticleFileError(_("titre introuvable : ajoutez « title: » dans l'en-tête ou une première ligne « # Titre »."), 1, path)


def _references_heading(lines: list[str]) -> tuple[int, int] | None:
    """(index, heading level) of the first "Sources et références" heading."""
    for i, line in enumerate(lines):
        m = REFERENCES_HEADING.match(line.strip())
        if m:
            return i, len(m.group(1))
    return None


def _section_end(lines: list[str], start: int, level: int) -> int:
    for j in range(start + 1, len(lines)):
        h = HEADING.match(lines[j])
        if (h and len(h.group(1)) <= level) or THEMATIC_BREAK.match(lines[j]):
            return j
    return len(lines)


def _references_section(lines: list[str], line_offset: int, path: str) -> tuple[list[str], list[ParsedReference], bool]:
    """(body lines without the "Sources et références" section, its references, whether the section
    held no reference and stays in the body)."""
    heading = _references_heading(lines)
    if heading is None:
        return lines, [], False
    i, level = heading
    end = _section_end(lines, i, level)
    references, leftovers = _references(lines[i + 1:end], line_offset + i + 2, path)
    if not references:
        return lines, [], True
    if leftovers:
        line_no, content = leftovers[0]
        raise ArticleFileError(
            _("ligne illisible dans « Sources et références » : « %(line)s ». Chaque référence s'écrit "
              "« 1. **Nom** - Type » suivie de « - Date : », « - URL : », « - Fiabilité : ».") % {"line": content[:80]},
            line_no, path)
    tail = lines[end:]
    if not any(t.strip() and not THEMATIC_BREAK.match(t) for t in tail):
        tail = []  # only a closing rule after the list
    return lines[:i] + tail, references, False


def _sources_count(fm: dict, fm_lines: dict, path: str) -> int | None:
    value = fm.get("sources")
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ArticleFileError(_("« sources » doit être un nombre entier."), fm_lines.get("sources"), path) from None


def _featured(fm: dict, fm_lines: dict, path: str) -> bool:
    featured = fm.get("featured", False)
    if isinstance(featured, str):
        if featured.strip().lower() not in {"true", "false", "oui", "non", "yes", "no", ""}:
            raise ArticleFileError(_("« featured » doit valoir true ou false."), fm_lines.get("featured"), path)
        featured = featured.strip().lower() in {"true", "oui", "yes"}
    return bool(featured)


def _article_date(fm: dict, header: dict, fm_lines: dict, path: str) -> datetime.date | None:
    date_value = fm.get("date") or (header.get("date") or None)
    try:
        return _date(date_value, fm_lines.get("date"))
    except ArticleFileError as exc:
        exc.path = path
        raise


def _slug(title: str, path: str) -> str:
    slug = slugify(title)[:200].strip("-")
    if not slug:
        raise ArticleFileError(_("le titre « %(title)s » ne donne pas d'adresse (slug) : ajoutez des lettres.") % {"title": title}, 1, path)
    return slug


def line_offset_of(text: str, index: int) -> int:
    return text[:index].count("\n") + 1


def article_file_parse(text: str, *, path: str = "") -> ParsedArticle:
    """Read one article file (see the module docstring). Raises ArticleFileError."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    too_long = long_line_problem(text)
    if too_long:
        raise ArticleFileError(too_long[1], too_long[0], path)
    header, header_end = header_comment_parse(text)
    fm, body_start, fm_lines = _front_matter(text[header_end:], path)
    body_start += header_end
    title = TITLE_SUFFIX.sub("", str(fm.get("title") or "")).strip()
    title, body, taken = _title_split(text[body_start:], title)
    body_start += taken
    _title_check(title, body, path)
    if len(body) > settings.PRIZM_MAX_BODY_CHARS:
        raise ArticleFileError(body_too_long(len(body)), line_offset_of(text, body_start), path)
    line_offset = text[:body_start].count("\n")
    lines, references, references_in_body = _references_section(body.split("\n"), line_offset, path)
    body = "\n".join(lines).strip("\n") + "\n"
    if not scan_text(body).strip():
        raise ArticleFileError(_("le corps de l'article est vide."), line_offset + 1, path)
    sources_count = _sources_count(fm, fm_lines, path)
    featured = _featured(fm, fm_lines, path)
    date = _article_date(fm, header, fm_lines, path)
    slug = _slug(title, path)
    return ParsedArticle(
        path=path,
        title=title[:300],
        slug=slug,
        body=body,
        description=str(fm.get("description") or "").strip(),
        date=date,
        author=str(fm.get("author") or "").strip(),
        categories=_str_list(fm.get("categories") or fm.get("category"), "categories", fm_lines.get("categories")),
        tags=_str_list(fm.get("tags"), "tags", fm_lines.get("tags")),
        image=str(fm.get("image") or "").strip(),
        featured=featured,
        reading_time=str(fm.get("readingTime") or fm.get("reading_time") or "").strip(),
        sources_count=sources_count,
        references=references,
        references_in_body=references_in_body,
        header=header,
        front_matter={k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in fm.items()},
        line_offset=line_offset,
    )


def article_file_read(path: str | Path) -> ParsedArticle:
    p = Path(path)
    too_large = file_size_problem(p)
    if too_large:
        raise ArticleFileError(too_large, None, str(path))
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ArticleFileError(_("fichier illisible (%(error)s).") % {"error": exc.strerror or exc}, None, str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ArticleFileError(_("le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8."), line, str(path)) from None
    return article_file_parse(text, path=str(path))


# --- sources of a file ----------------------------------------------------------------------------

def _matched_by_url(references: list[ParsedReference]) -> list:
    urls = {}
    for ref in references:
        if ref.url:
            try:
                urls[ref.url] = normalize_url(ref.url)
            except ValueError:
                pass
    by_url = {s.normalized_url: s for s in Source.objects.filter(normalized_url__in=set(urls.values()))}
    return [by_url.get(urls.get(ref.url, "")) if ref.url else None for ref in references]


def _source_ids_by_name_key() -> dict:
    keys = {}
    for sid, name, publisher in Source.objects.values_list("id", "name", "publisher"):
        for key in name_keys(name):
            keys.setdefault(key, sid)
        if publisher:
            keys.setdefault(name_key(publisher), sid)
    return keys


def _reference_name_keys(ref: ParsedReference) -> tuple[str, str]:
    return name_key(ref.name), name_key(f"{ref.name} – {ref.descriptor}") if ref.descriptor else ""


def _match_by_name(references: list[ParsedReference], matched: list) -> None:
    keys = _source_ids_by_name_key()
    wanted = {}
    for i, ref in enumerate(references):
        if matched[i] is None:
            for key in _reference_name_keys(ref):
                if key and key in keys:
                    wanted[i] = keys[key]
                    break
    found = Source.objects.in_bulk(set(wanted.values()))
    for i, sid in wanted.items():
        matched[i] = found.get(sid)


def references_resolve(references: list[ParsedReference]) -> list:
    """The registered `Source` matching each reference (same normalized URL, else same name), or
    None. A fixed number of queries whatever the number of references."""

    if not references:
        return []
    matched = _matched_by_url(references)
    if any(m is None for m in matched):
        _match_by_name(references, matched)
    return matched


def _gate_source_from_reference(ref: ParsedReference):

    return GateSource(id=None, name=ref.name, url=ref.url, kind=ref.kind, published=ref.published_iso,
                      reliability=ref.reliability, publisher=ref.publisher)


def parsed_gate_document(parsed: ParsedArticle, *, resolve: bool = True):
    """The document the gate checks for a file: references resolved against the registry (so
    quotes and figures are checked against registered texts), the others as the file gives them."""
    from django.db.models import prefetch_related_objects


    matched = references_resolve(parsed.references) if resolve else [None] * len(parsed.references)
    prefetch_related_objects([m for m in matched if m is not None], "extracts")
    sources, seen = [], set()
    for ref, source in zip(parsed.references, matched, strict=True):
        if source is not None:
            if source.pk in seen:
                continue
            seen.add(source.pk)
            sources.append(gate_source(source))
        else:
            sources.append(_gate_source_from_reference(ref))
    front = dict(parsed.front_matter)
    return GateDocument(
        title=parsed.title,
        body=parsed.body,
        description=parsed.description,
        sources=sources,
        front_matter=front,
        published_on=parsed.date.isoformat() if parsed.date else "",
        line_offset=parsed.line_offset,
    )


# --- import -----------------------------------------------------------------------------------------

@dataclass
class ImportOutcome:
    parsed: ParsedArticle
    action: str  # "created", "updated", "unchanged", "skipped"
    article: object = None
    reason: str = ""
    sources_created: list[str] = field(default_factory=list)
    sources_matched: list[str] = field(default_factory=list)
    # References kept on the revision but not registered (no valid URL): the gate blocks on them.
    sources_unregistered: list[str] = field(default_factory=list)
    result: object = None


def _reference_sources(parsed: ParsedArticle, user, outcome: ImportOutcome) -> list[dict]:
    """Registered source (matched or created) for each reference, as the revision snapshot lists
    them; a reference without a valid URL cannot enter the registry and is kept with id None."""

    matched = references_resolve(parsed.references)
    snapshot, seen = [], set()
    for ref, source in zip(parsed.references, matched, strict=True):
        if source is None and url_is_valid(ref.url):
            try:
                source = source_create(
                    user=user, name=ref.name, url=ref.url, kind=ref.kind, publisher=ref.publisher,
                    published_on=ref.published_on, published_precision=ref.published_precision,
                    reliability=ref.reliability if ref.reliability is not None else 5,
                    notes=_("Importée depuis %(file)s (référence %(n)s%(descriptor)s).") % {
                        "file": Path(parsed.path).name or "un fichier", "n": ref.number,
                        "descriptor": f" : {ref.descriptor}" if ref.descriptor else ""},
                )
            except DuplicateSourceError as exc:  # the same URL listed twice in the file
                source = exc.existing
            except ValidationError as exc:
                raise ArticleFileError(
                    _("la référence %(n)s (« %(name)s ») ne peut pas être enregistrée : %(errors)s") % {
                        "n": ref.number, "name": ref.name, "errors": "; ".join(exc.messages)},
                    ref.line, parsed.path) from None
            if source.name not in outcome.sources_created:
                outcome.sources_created.append(source.name)
        elif source is not None:
            outcome.sources_matched.append(source.name)
        if source is None:
            outcome.sources_unregistered.append(ref.name)
            snapshot.append({"id": None, "name": ref.name, "url": ref.url, "kind": ref.kind,
                             "published": ref.published_iso, "reliability": ref.reliability})
        elif source.pk not in seen:
            seen.add(source.pk)
            snapshot.append({"id": source.pk, "name": source.name, "url": source.url})
    return snapshot


def _taxonomy(parsed: ParsedArticle):

    category = category_for_name(parsed.categories[0]) if parsed.categories else None
    return category, tags_for_names(parsed.tags)


def _same_content(article, parsed: ParsedArticle, snapshot: list[dict]) -> bool:
    revision = article.current_revision
    if revision is None:
        return False
    def names(items):
        return [(s.get("id"), name_key(s.get("name") or "")) for s in items]
    return (
        revision.title == parsed.title and revision.description == parsed.description
        and revision.body == parsed.body and names(revision.sources or []) == names(snapshot)
    )


def _existing_action(article, parsed: ParsedArticle, snapshot: list[dict]) -> tuple[str, str]:
    """("unchanged" | "skipped" | "updated", reason) for a file whose slug is already an article."""
    if _same_content(article, parsed, snapshot):
        return "unchanged", ""
    if article.status not in (ArticleStatus.DRAFT, ArticleStatus.CHANGES_REQUESTED):
        return "skipped", _("l'article « %(slug)s » est %(status)s : il n'est pas écrasé par l'import.") % {
            "slug": parsed.slug, "status": article.get_status_display().lower()}
    return "updated", ""


def _article_fields_set(article, parsed: ParsedArticle, category) -> None:
    article.title = parsed.title
    article.description = parsed.description
    article.body = parsed.body
    article.category = category
    article.image = parsed.image[:500]
    article.featured = parsed.featured
    article.author_name = (parsed.author or "Prizm AI")[:200]
    if parsed.style in ArticleStyle.values:
        article.style = parsed.style


def _created_at_set(article, date: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(date, datetime.time(12, 0)))
    Article.objects.filter(pk=article.pk).update(created_at=moment)
    article.created_at = moment


def _article_sources_set(article, snapshot: list[dict]) -> None:
    ArticleSource.objects.filter(article=article).delete()
    ArticleSource.objects.bulk_create([
        ArticleSource(article=article, source_id=s["id"], order=n) for n, s in enumerate(snapshot) if s["id"]
    ])


def _article_store(article, parsed: ParsedArticle, snapshot: list[dict], action: str) -> None:
    category, tags = _taxonomy(parsed)
    _article_fields_set(article, parsed, category)
    if action == "updated":
        article.version += 1
    article.save()
    if parsed.date and action == "created":
        _created_at_set(article, parsed.date)
    article.tags.set(tags)
    _article_sources_set(article, snapshot)


def _import_audit(user, article, revision, parsed: ParsedArticle, outcome: ImportOutcome) -> None:
    audit_record(
        actor=user, action="article.import", obj=article, article=article, revision=revision,
        data={
            "file": parsed.path, "action": outcome.action, "header": parsed.header,
            "front_matter": {k: v for k, v in parsed.front_matter.items() if isinstance(v, str | int | float | bool | list)},
            "sources_created": outcome.sources_created, "sources_unregistered": outcome.sources_unregistered,
            "score": outcome.result.score, "blockers": sorted(outcome.result.codes("blocker")),
        },
    )


def _article_import(parsed: ParsedArticle, user) -> ImportOutcome:
    outcome = ImportOutcome(parsed=parsed, action="created")
    snapshot = _reference_sources(parsed, user, outcome)
    article = Article.objects.select_related("current_revision").filter(slug=parsed.slug).first()
    if article is not None:
        outcome.article = article
        outcome.action, outcome.reason = _existing_action(article, parsed, snapshot)
        if outcome.action != "updated":
            return outcome
    else:
        article = Article(slug=parsed.slug, created_by=user if getattr(user, "pk", None) else None, generated_by="import")
    _article_store(article, parsed, snapshot, outcome.action)
    revision = revision_create(
        article=article, title=parsed.title, description=parsed.description, body=parsed.body, sources=snapshot,
        author=user, reason=_("Import de %(file)s") % {"file": Path(parsed.path).name or "fichier"},
    )
    outcome.article = article
    outcome.result = gate_revision(revision)
    _import_audit(user, article, revision, parsed, outcome)
    return outcome


def articles_import(*, parsed: list[ParsedArticle], user=None) -> list[ImportOutcome]:
    """Store each parsed file as a draft article with its first revision and run the gate.

    Idempotent by slug: a file already imported with the same content is left alone; a draft whose
    file changed gets a new revision; an article already past the draft stage is never overwritten.
    All files or none: any error rolls everything back. `user` None means the system (commands).
    """

    if user is not None and not user.has_perm("articles.add_article"):
        raise PermissionDenied(_("Vous n'avez pas le droit d'importer des articles."))
    with transaction.atomic():
        return [_article_import(p, user) for p in parsed]
