"""The one reliability bar (0–10), in the studio and on the public references: the level that colours
it and its HTML. Written in Python, not as a template: the article page shows one per source. The
width is a class (`reliability__fill--7`, prizm.css), not a style attribute: the CSP allows none."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext


def reliability_level(value: int) -> str:
    return "high" if value >= 8 else "medium" if value >= 5 else "low"


def reliability_html(value, *, labelled: bool = False) -> SafeString:
    """The bar and « 8/10 » (« Fiabilité 8/10 » when `labelled`); a dash when there is no value."""
    try:
        value = max(0, min(10, int(value)))
    except (TypeError, ValueError):
        return format_html('<span class="muted">{}</span>', "—")
    text = gettext("Fiabilité %(value)s/10") % {"value": value} if labelled else f"{value}/10"
    return format_html(
        '<span class="reliability reliability--{}" title="{}"><span class="reliability__bar" aria-hidden="true">'
        '<span class="reliability__fill reliability__fill--{}"></span></span>'
        '<span class="reliability__value">{}</span></span>',
        reliability_level(value), gettext("Fiabilité : %(value)s sur 10") % {"value": value}, value, text,
    )
