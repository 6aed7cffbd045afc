from django import template
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from prizm.markdown import french_typography

register = template.Library()


@register.filter
def fr_typo(value):
    """French typography (no-break spaces, ’) for titles and descriptions, then HTML-escaped."""
    if isinstance(value, SafeData):
        return mark_safe(french_typography(str(value)))
    return escape(french_typography(str(value or "")))
