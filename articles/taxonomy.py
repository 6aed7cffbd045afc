"""Categories and tags from the names people type or files carry: found by their folded name (case,
accents and ligatures ignored), then by slug,
created otherwise. Used by the editor, imports and demo data alike."""

from django.utils.text import slugify

from articles.models import Category, Tag
from prizm.text import fold_key


def _find_or_create(model, name: str):
    name = (name or "").strip()[:100]
    slug = slugify(name)[:120]
    if not slug:
        return None
    key = fold_key(name)
    found = model.objects.filter(name_key=key).first() or model.objects.filter(slug=slug).first()
    return found or model.objects.create(name=name, slug=slug)


def category_for_name(name: str) -> Category | None:
    return _find_or_create(Category, name)


def tags_for_names(names) -> list[Tag]:
    tags = []
    for name in names:
        tag = _find_or_create(Tag, name)
        if tag is not None and tag not in tags:
            tags.append(tag)
    return tags
