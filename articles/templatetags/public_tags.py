"""Template helpers of the public site.

URLs are built from prefixes reversed once per process: `{% url %}` costs a full reverse() per call,
and a public page has about twenty links (measured: a sixth of the article page's render time)."""

from datetime import date, datetime
from functools import cache, partial

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from prizm.markdown import french_typography

register = template.Library()
_SLUG = "zzslugzz"


@register.filter
def fr_typo(value):
    """French typography (no-break spaces, ’) for titles and descriptions, then HTML-escaped."""
    if isinstance(value, SafeData):
        return mark_safe(french_typography(str(value)))
    return escape(french_typography(str(value or "")))


@cache
def _url(name: str) -> str:
    return reverse(name)


@cache
def _affixes(name: str) -> tuple[str, str]:
    before, after = reverse(name, args=[_SLUG]).split(_SLUG)
    return before, after


def slug_url(name: str, slug: str) -> str:
    """reverse(name, args=[slug]) for the public slug routes, without a reverse() per call."""
    before, after = _affixes(name)
    return f"{before}{slug}{after}"


@register.simple_tag
def purl(name: str) -> str:
    """{% url name %} for argument-less public routes, reversed once."""
    return _url(name)


# {{ slug|article_url }}, {{ slug|category_url }}, {{ slug|tag_url }}, {{ code|language_url }}
SLUG_FILTERS = {
    "article_url": "article_detail",
    "category_url": "category_detail",
    "tag_url": "tag_detail",
    "language_url": "public_language",
}
for _filter, _route in SLUG_FILTERS.items():
    register.filter(_filter, partial(slug_url, _route))


def shorten_text(value: str, limit: int) -> str:
    """Cut plain text at a word boundary with an ellipsis (much cheaper than truncatechars)."""
    value = str(value or "")
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


@register.filter
def shorten(value, limit=200):
    return shorten_text(value, int(limit))


@register.filter
def iso_datetime(value) -> str:
    """A moment for <time datetime="…">: ISO 8601 in the current time zone, to the second.

    `|date:"c"` keeps microseconds ("…T09:27:25.458139+01:00"), and HTML allows at most three
    fractional digits. Dates pass through as YYYY-MM-DD; empty values give ""."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
