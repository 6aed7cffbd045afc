"""Markdown → sanitized HTML.

LLM output and imported text are untrusted. Raw HTML in markdown is never rendered (it comes out as
text), the tree is rewritten by a few small extensions (citations, link policy, headings, French
typography), and the result is cleaned by nh3 with an allow-list of tags, attributes, classes and URL
schemes (http/https only; every link gets rel="noopener noreferrer"). The nh3 pass is the last word:
even if an extension missed something, nothing outside the allow-list survives.

- `render_markdown(text)`: general use (studio notes, comments). Links: any http(s) URL.
- `render_document(text, citations=…, allowed_urls=…)`: an article body. Links only to the article's
  sources (and in-page anchors / this site); "(Source : Nom)" becomes links to `#source-<n>`; returns
  the HTML plus the headings for a table of contents and the word count.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension
from markdown.extensions.toc import slugify as toc_slugify
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .links import normalize_url
from .text import count_words

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
    "div", "span", "nav", "img", "del", "s", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "div": {"id"}, "nav": {"aria-label"}, "li": {"id"}, "sup": {"id"}, "abbr": {"title"},
}
# Only the classes our own extensions produce; anything else is dropped.
ALLOWED_CLASSES = {
    "a": {"citation", "footnote-ref", "footnote-backref"},
    "div": {"footnote"},
    "span": {"cite", "cite-missing"},
    "nav": {"toc"},
    "p": {"toc__title"},
}
# Ids the page itself uses: a heading must never take one of them.
# A thematic break ("---", "***", "___") on a line of its own.
THEMATIC_BREAK = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")
RESERVED_IDS = re.compile(r"^(main|sources|sommaire|toc|site-q|source-\d+|fn-.*|fnref-.*)$")
URL_SCHEMES = {"http", "https"}

CITATION_RE = r"\((Sources?)\s*:\s*([^()\n]{1,300}?)\s*\)"


@dataclass
class Citation:
    """What a cited name resolves to: the number of its entry in the references block."""

    number: int
    name: str


@dataclass
class RenderedDocument:
    html: str
    headings: list[dict] = field(default_factory=list)  # [{"level", "id", "name", "children": [...]}]
    words: int = 0


# --- URL policy ------------------------------------------------------------------------------


# What a browser does with an attribute before it resolves the URL: it decodes character references
# (`&#9;`, `&#47;`), then drops tabs and newlines anywhere and spaces or controls at the ends. A URL is
# judged as the browser will read it; one holding whitespace or a control character is refused
# outright, as no URL Prizm writes contains one (`/&#9;/evil.example` would become `//evil.example`).
_WHITESPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def as_browser_reads(url: str) -> str | None:
    """`url` decoded as a browser reads an attribute; None when it holds whitespace or a control."""
    decoded = url or ""
    for _ in range(3):  # the etree may hold a reference the serializer escapes again: "&amp;#9;"
        unescaped = html_lib.unescape(decoded)
        if unescaped == decoded:
            break
        decoded = unescaped
    return None if _WHITESPACE_OR_CONTROL.search(decoded) else decoded


def _is_fragment(url: str) -> bool:
    return url.startswith("#") and re.fullmatch(r"#[\w:.\-]*", url) is not None


def _is_site_relative(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


class LinkPolicy:
    """Which hrefs and image sources an HTML fragment may keep.

    `allowed_urls=None`: any http(s) URL (general markdown). A set: only those URLs (compared after
    `prizm.links.normalize_url`: scheme, www., trailing slash and tracking
    parameters do not matter), plus in-page anchors and paths on this site.
    """

    def __init__(self, allowed_urls: set[str] | None = None, site_url: str = ""):
        self.any_http = allowed_urls is None
        self.allowed = {normalize_url(u) for u in (allowed_urls or ()) if u}
        self.site = normalize_url(site_url) if site_url else ""

    def _http(self, url: str) -> bool:
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return False
        return scheme in URL_SCHEMES and not re.search(r"[\s\x00-\x1f]", url)

    def _same_site(self, url: str) -> bool:
        return bool(self.site) and self._http(url) and normalize_url(url).startswith(self.site)

    def href_ok(self, url: str) -> bool:
        url = as_browser_reads(url)
        if url is None:
            return False
        if _is_fragment(url) or _is_site_relative(url):
            return True
        if not self._http(url):
            return False
        return self.any_http or self._same_site(url) or normalize_url(url) in self.allowed

    def src_ok(self, url: str) -> bool:
        """Images: only from this site (no tracking pixels, no data: URLs)."""
        url = as_browser_reads(url)
        return url is not None and (_is_site_relative(url) or self._same_site(url))


# --- Markdown extensions -------------------------------------------------------------------------


class _NoRawHtml(markdown.extensions.Extension):
    """Raw HTML blocks and inline tags come out as visible text, never as markup."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class _CitationPattern(InlineProcessor):
    def __init__(self, pattern, md, resolve):
        super().__init__(pattern, md)
        self.resolve = resolve

    def handleMatch(self, m, data):
        word, names = m.group(1), m.group(2)
        parts = _split_names(names, self.resolve)
        if parts is None:
            return None, None, None
        span = etree.Element("span", {"class": "cite"})
        span.text = f"({word} : "
        last = None
        for index, (name, citation) in enumerate(parts):
            sep = " ; " if index else ""
            if citation:
                a = etree.SubElement(span, "a", {"class": "citation", "href": f"#source-{citation.number}"})
                a.text = name
                if last is None:
                    span.text += sep
                else:
                    last.tail = (last.tail or "") + sep
                last = a
            else:
                # An unknown name stays visible as plain text (the quality gate reports it).
                if last is None:
                    span.text += sep + name
                else:
                    last.tail = (last.tail or "") + sep + name
        if last is None:
            span.text += ")"
        else:
            last.tail = (last.tail or "") + ")"
        return span, m.start(0), m.end(0)


def _split_names(names: str, resolve) -> list[tuple[str, Citation | None]] | None:
    """"A ; B" or "A, B" or "A et B" → [(name, citation)]. None if nothing resolves."""
    names = names.strip()
    whole = resolve(names)
    if whole:
        return [(names, whole)]
    for separator in (r"\s*;\s*", r"\s*,\s*|\s+et\s+"):
        pieces = [p for p in re.split(separator, names) if p]
        if len(pieces) > 1:
            resolved = [(p, resolve(p)) for p in pieces]
            if any(c for _, c in resolved):
                return resolved
    return None


class _Citations(markdown.extensions.Extension):
    def __init__(self, resolve: Callable[[str], Citation | None]):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md):
        # After code spans (190) and escapes (180), before links (160): citations never match inside code.
        md.inlinePatterns.register(_CitationPattern(CITATION_RE, md, self.resolve), "citation", 175)


class _TreeRules(Treeprocessor):
    """h1 → h2 (the page has its own h1); links and images outside the policy become text."""

    def __init__(self, md, policy: LinkPolicy):
        super().__init__(md)
        self.policy = policy

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "h1":
                    child.tag = "h2"
                elif child.tag == "a" and not self.policy.href_ok(child.get("href", "")):
                    child.tag = "span"
                    child.attrib.clear()
                elif child.tag == "img" and not self.policy.src_ok(child.get("src", "")):
                    replacement = etree.Element("span")
                    replacement.text = child.get("alt", "")
                    replacement.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, replacement)
        return None


_NBSP, _NNBSP = "\u00a0", "\u202f"
_TYPO_RULES = [
    (re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])"), "’"),
    (re.compile(r" ([:»])"), _NBSP + r"\1"),
    (re.compile(r"« "), "«" + _NBSP),
    (re.compile(r" ([;!?])"), _NNBSP + r"\1"),
    (re.compile(r"(\d) (%|€|\$)"), r"\1" + _NBSP + r"\2"),
    (re.compile(r"(\d) (?=\d{3}\b)"), r"\1" + _NNBSP),
]


def french_typography(text: str) -> str:
    """French typography: no-break spaces before : ; ! ? » %, inside « » and in 12 000; ’ in l’été."""
    for pattern, replacement in _TYPO_RULES:
        text = pattern.sub(replacement, text)
    return text


class _FrenchTypography(Treeprocessor):
    SKIP = {"code", "pre"}

    def run(self, root):
        self._walk(root)

    def _walk(self, element):
        if element.tag in self.SKIP:
            return
        if element.text:
            element.text = french_typography(element.text)
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = french_typography(child.tail)


class _Rules(markdown.extensions.Extension):
    def __init__(self, policy: LinkPolicy):
        super().__init__()
        self.policy = policy

    def extendMarkdown(self, md):
        # After inline (20), before the table of contents (5) collects headings.
        md.treeprocessors.register(_TreeRules(md, self.policy), "prizm_rules", 7)
        md.treeprocessors.register(_FrenchTypography(md), "prizm_typography", 4)


def _slugify(value: str, separator: str) -> str:
    slug = toc_slugify(value, separator) or "section"
    return f"{slug}-section" if RESERVED_IDS.match(slug) else slug


# --- Sanitizing ----------------------------------------------------------------------------------


def sanitize_html(html: str, *, policy: LinkPolicy | None = None) -> str:
    """The last gate: nh3 with our allow-lists; href/src also checked against the link policy."""
    policy = policy or LinkPolicy()

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "href":
            return value if policy.href_ok(value) else None
        if attribute == "src":
            return value if policy.src_ok(value) else None
        if attribute == "id" and not re.fullmatch(r"[\w:\-.]{1,120}", value):
            return None
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _markdown(policy: LinkPolicy, resolve=None) -> markdown.Markdown:
    extensions = [
        "tables",
        "sane_lists",
        FootnoteExtension(
            SEPARATOR="-", BACKLINK_TITLE="Revenir à l’appel de note %d", SUPERSCRIPT_TEXT="{}"
        ),
        TocExtension(toc_depth="2-3", slugify=_slugify),
        _NoRawHtml(),
        _Rules(policy),
    ]
    if resolve is not None:
        extensions.append(_Citations(resolve))
    return markdown.Markdown(extensions=extensions, output_format="html")


def _headings(tokens: list[dict]) -> list[dict]:
    return [
        {
            "level": t["level"],
            "id": t["id"],
            "name": html_lib.unescape(t["name"]),
            "children": _headings(t.get("children", [])),
        }
        for t in tokens
    ]


_MD_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_MD_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>]*)>")


@dataclass
class RefusedLink:
    url: str
    image: bool
    start: int
    end: int


def links_refused(text: str, *, allowed_urls: set[str], site_url: str = "") -> list[RefusedLink]:
    """The links and images of an article body that `render_document` with the same `allowed_urls`
    will drop (not a source of the article / not an image of this site), with their positions, so the
    editor and the quality gate can say so instead of letting them vanish silently."""
    policy = LinkPolicy(allowed_urls, site_url)
    text = text or ""
    refused = []
    for m in _MD_LINK.finditer(text):
        image, url = m.group(1) == "!", html_lib.unescape(m.group(2))
        if not (policy.src_ok(url) if image else policy.href_ok(url)):
            refused.append(RefusedLink(url=url, image=image, start=m.start(), end=m.end()))
    for m in _MD_AUTOLINK.finditer(text):
        url = m.group(1)
        if not policy.href_ok(url):
            refused.append(RefusedLink(url=url, image=False, start=m.start(), end=m.end()))
    return sorted(refused, key=lambda r: r.start)


def render_markdown(text: str) -> str:
    """General markdown → sanitized HTML (any http(s) link, no raw HTML, no citations)."""
    policy = LinkPolicy()
    md = _markdown(policy)
    parsed, plain = _defused(_clean_input(text))
    return _restore_plain(sanitize_html(md.convert(parsed), policy=policy), plain)


def render_document(
    text: str,
    *,
    citations: Callable[[str], Citation | None] | None = None,
    allowed_urls: set[str] | None = None,
    site_url: str = "",
) -> RenderedDocument:
    """An article body: citations linked, links restricted to `allowed_urls`, headings collected."""
    policy = LinkPolicy(allowed_urls if allowed_urls is not None else set(), site_url)
    md = _markdown(policy, citations or (lambda name: None))
    text = _clean_input(text)
    parsed, plain = _defused(text)
    body = md.convert(parsed)
    return RenderedDocument(
        html=_restore_plain(sanitize_html(body, policy=policy), plain),
        headings=_headings(getattr(md, "toc_tokens", [])),
        words=count_words(text),
    )


def _clean_input(text: str) -> str:
    # NFC so that "é" typed as e + accent and "é" compare, render and search the same; no NUL bytes.
    return unicodedata.normalize("NFC", (text or "").replace("\x00", ""))


# Text that is cheap to write and expensive to render (untrusted: a model or an importer writes it).
# Python-Markdown is quadratic in the inline markup of one paragraph (40 KB of "[" took minutes) and
# recurses once per level of nested list or quote (400 levels: RecursionError). Both are defused in
# linear time: nesting is capped at MAX_NESTING levels, and a paragraph with more than
# MAX_INLINE_MARKS markup characters is shown as plain text, not parsed. Real articles are unchanged.
MAX_NESTING = 12
MAX_INLINE_MARKS = 1000
_QUOTE_DEPTH_RE = re.compile(rf"^(?:[ \t]*>[ \t]?){{{MAX_NESTING + 1},}}", re.M)
_DEEP_INDENT_RE = re.compile(rf"^[ \t]{{{4 * MAX_NESTING + 1},}}(?=\S)", re.M)
_INLINE_MARKS_RE = re.compile(r"[\[\]*_`<>&!\\]")
_BLOCK_SPLIT_RE = re.compile(r"(\n[ \t]*\n)")
_RAW_TOKEN = "PRIZMPLAINTEXTBLOCK{}X"


def _defused(text: str) -> tuple[str, list[str]]:
    """The text to parse, and the paragraphs set aside as plain text (their tokens stand in the text)."""
    text = _QUOTE_DEPTH_RE.sub("> " * MAX_NESTING, text)
    text = _DEEP_INDENT_RE.sub(" " * (4 * MAX_NESTING), text)
    if len(_INLINE_MARKS_RE.findall(text)) <= MAX_INLINE_MARKS:
        return text, []
    plain, parts = [], []
    for part in _BLOCK_SPLIT_RE.split(text):
        if len(_INLINE_MARKS_RE.findall(part)) > MAX_INLINE_MARKS:
            parts.append(_RAW_TOKEN.format(len(plain)))
            plain.append(part)
        else:
            parts.append(part)
    return "".join(parts), plain


def _restore_plain(html: str, plain: list[str]) -> str:
    for index, part in enumerate(plain):
        escaped = html_lib.escape(part.strip()).replace("\n", "<br>")
        html = html.replace(f"<p>{_RAW_TOKEN.format(index)}</p>", f'<p class="plain-text">{escaped}</p>')
    return html
