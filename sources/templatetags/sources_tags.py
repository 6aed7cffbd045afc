"""Display helpers shared by the studio, the public site and exports.

- `{{ source|partial_date }}`: "2024", "mars 2025" or "12/03/2025" (see sources.dates.partial_date_display);
  works on anything with `published_on` and `published_precision`.
- `{% reliability_bar source.reliability %}`: the small `.reliability` bar with "8/10".
"""

from django import template

from sources.dates import partial_date_display

register = template.Library()


@register.filter
def partial_date(obj) -> str:
    if obj is None:
        return ""
    if isinstance(obj, dict):
        return partial_date_display(obj.get("published_on"), obj.get("published_precision", "day"))
    return partial_date_display(getattr(obj, "published_on", None), getattr(obj, "published_precision", "day"))


@register.inclusion_tag("sources/reliability.html")
def reliability_bar(value) -> dict:
    try:
        value = max(0, min(10, int(value)))
    except (TypeError, ValueError):
        return {"value": None}
    level = "high" if value >= 7 else "mid" if value >= 5 else "low"
    return {"value": value, "percent": value * 10, "level": level}


@register.filter
def found_in_text(extract, source) -> bool:
    """Whether the extract appears word for word (typography folded) in the source's full text."""
    from sources.services import extract_key

    text = getattr(source, "text", "") or ""
    quote = extract_key(extract.text).rstrip(".…;, ")
    return bool(text) and bool(quote) and quote in extract_key(text)
