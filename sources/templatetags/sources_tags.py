"""Display helpers shared by the studio, the public site and exports.

- `{{ source|partial_date }}`: "2024", "mars 2025" or "12/03/2025" (see sources.dates.partial_date_display);
  works on anything with `published_on` and `published_precision`.
- `{% reliability_bar source.reliability %}`: the small `.reliability` bar with "8/10".
- `{{ url|short_url }}`: "example.org/…/rapport-2024.pdf" — host and path, shortened for lists (put
  the full URL in a title attribute).
- `{{ url|url_breaks }}`: the URL, escaped, with line-break opportunities (<wbr>) after "/" and before
  ".", "?", "&", "=", "#", "_", so a long URL wraps where a reader expects rather than mid-word.
"""

import re
from urllib.parse import unquote, urlsplit

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from sources.dates import partial_date_display
from sources.reliability import reliability_html
from sources.services import extract_key

register = template.Library()


@register.filter
def partial_date(obj) -> str:
    if obj is None:
        return ""
    if isinstance(obj, dict):
        return partial_date_display(obj.get("published_on"), obj.get("published_precision", "day"))
    return partial_date_display(getattr(obj, "published_on", None), getattr(obj, "published_precision", "day"))


@register.simple_tag
def reliability_bar(value):
    """{% reliability_bar source.reliability %}: the one reliability bar (sources/reliability.py)."""
    return reliability_html(value)


@register.filter
def found_in_text(extract, source) -> bool:
    """Whether the extract appears word for word (typography folded) in the source's full text."""

    text = getattr(source, "text", "") or ""
    quote = extract_key(extract.text).rstrip(".…;, ")
    return bool(text) and bool(quote) and quote in extract_key(text)


SHORT_URL_LIMIT = 56
SHORT_HOST_LIMIT = 32


def _ellipsize_middle(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return f"{text[:head]}…{text[len(text) - (limit - 1 - head):]}"


@register.filter
def short_url(url, limit: int = SHORT_URL_LIMIT) -> str:
    """Host (without "www.") and path, with the middle of the path dropped when long: the last
    segment (the document's own name) is what tells two URLs of one site apart. A query shows as "?…"."""
    url = str(url or "")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        port = parts.port
    except ValueError:
        return _ellipsize_middle(url, limit)
    if not host:
        return _ellipsize_middle(url, limit)
    if port:
        host = f"{host}:{port}"
    if len(host) > SHORT_HOST_LIMIT:  # keep the end of a long host: the registered domain
        host = f"…{host[len(host) - (SHORT_HOST_LIMIT - 1):]}"
    path = unquote(parts.path).rstrip("/")
    tail = "?…" if parts.query else ""
    full = f"{host}{path}{tail}"
    if len(full) <= limit:
        return full
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    lead = f"{host}/…/" if len(segments) > 1 else f"{host}/"
    room = max(limit - len(lead) - len(tail), 12)
    return f"{lead}{_ellipsize_middle(last, room)}{tail}"


_BREAK_AFTER = re.compile(r"(/+)")
_BREAK_BEFORE = re.compile(r"(?=[.?&=#_])")


@register.filter(needs_autoescape=False)
def url_breaks(url) -> str:
    pieces = []
    for chunk in _BREAK_AFTER.split(str(url or "")):
        if not chunk:
            continue
        if chunk.startswith("/"):
            pieces.append(f"{chunk}<wbr>")
        else:
            pieces.append("<wbr>".join(str(conditional_escape(p)) for p in _BREAK_BEFORE.split(chunk) if p))
    return mark_safe("".join(pieces))
