"""Pieces of the studio's screens written once: table heads (`{% columns … as cols %}` for
`studio/partials/table.html`) and breadcrumbs."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Column:
    """A column head of a studio table (`studio/partials/table.html`)."""

    label: str
    numeric: bool = False
    hidden: bool = False


# Django joins a tag's arguments that start with `_("` until one ends with `")`, so a filter
# cannot follow `_("…")` there: the kind comes first, the translated label as the filter's argument.
KINDS = {"text": {}, "num": {"numeric": True}, "hidden": {"hidden": True}}


@register.filter
def column(kind: str, label) -> Column:
    """`"num"|column:_("Jetons")` (right-aligned numbers), `"hidden"|column:_("Actions")` (a head
    read by screen readers only)."""
    if kind not in KINDS:
        raise template.TemplateSyntaxError(f"column kind must be one of {', '.join(KINDS)}; got {kind!r}")
    return Column(str(label), **KINDS[kind])


@register.filter
def column_if(condition, label) -> Column | None:
    """`show_article|column_if:_("Objet")`: a column present only when `condition` is true."""
    return Column(str(label)) if condition else None


@register.simple_tag
def columns(*labels) -> list[Column]:
    """`{% columns _("Titre") "num"|column:_("Révision") … as cols %}`: the heads of a studio table."""
    heads = [label if isinstance(label, Column) else Column(str(label)) for label in labels if label is not None]
    return heads


@register.simple_tag
def breadcrumbs(*trail, here=""):
    """`{% breadcrumbs "studio:source_list" _("Sources") source_url source.name here=_("Modifier") %}`:
    links as (URL name or path, label) pairs, then the page's own name (not a link)."""
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes (URL, label) pairs, then here=")
    parts = [
        format_html('<a href="{}">{}</a>', url if str(url).startswith("/") else reverse(url), label)
        for url, label in zip(trail[::2], trail[1::2], strict=True)
    ]
    if here:
        parts.append(conditional_escape(here))
    return format_html(
        '<nav class="breadcrumbs" aria-label="{}">{}</nav>', _("Fil d’Ariane"), mark_safe(" › ".join(parts))
    )
