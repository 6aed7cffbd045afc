"""Markdown export in the format of the seed files (design §6): front matter (title with " | Prizm
AI", description, date, author, categories, tags, image, featured, readingTime, sources), "# Titre",
the body, and the "Sources et références" section rendered from the database.

Published articles are exported as their published revision (what readers see), never the working
copy; with another status, the working copy is exported. `import_articles` reads these files back.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils import timezone

from articles.models import ArticleStatus
from articles.public import selectors
from articles.public.rendering import (
    article_body_markdown,
    is_frozen,
    reading_minutes,
    references_markdown,
    source_entries,
    source_entry,
)
from prizm.text import count_words

TITLE_SUFFIX = " | Prizm AI"


def _q(value) -> str:
    """A YAML scalar: JSON strings, lists and booleans are valid YAML flow scalars."""
    return json.dumps(value, ensure_ascii=False)


def _export_data(article) -> dict:
    revision = article.published_revision if article.status == ArticleStatus.PUBLISHED else None
    if revision is not None:
        title, description, body = revision.title, revision.description, revision.body
        if is_frozen(revision):
            sources = revision.public_data["sources"]
        else:
            sources = source_entries(revision.sources or [])
        when = article.first_published_at or article.published_at
    else:
        title, description, body = article.title, article.description, article.body
        links = list(article.articlesource_set.all())
        sources = [source_entry(link.source, n) for n, link in enumerate(links, start=1)]
        when = article.created_at
    return {"title": title, "description": description, "body": article_body_markdown(body), "sources": sources,
            "date": timezone.localdate(when) if when else None}


def article_export_text(article) -> str:
    """One article as a markdown file (seed format). `article` comes from selectors.export_articles."""
    data = _export_data(article)
    body = data["body"].strip("\n")
    minutes = reading_minutes(count_words(body))
    front = [
        "---",
        f"title: {_q(data['title'] + TITLE_SUFFIX)}",
        f"description: {_q(data['description'])}",
        f"date: {_q(data['date'].isoformat() if data['date'] else '')}",
        f"author: {_q(article.author_name)}",
        f"categories: {_q([article.category.name] if article.category_id else [])}",
        f"tags: {_q([tag.name for tag in article.tags.all()])}",
        f"image: {_q(article.image)}",
        f"featured: {_q(bool(article.featured))}",
        f"readingTime: {_q(f'{minutes} min')}",
        f"sources: {len(data['sources'])}",
        "---",
    ]
    return "\n".join(front) + f"\n\n# {data['title']}\n\n{body}\n\n" + references_markdown(data["sources"])


def articles_export(*, directory: str | Path, status: str = ArticleStatus.PUBLISHED) -> list[Path]:
    """Write one `<slug>.md` per article into `directory` (created if needed). Returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in selectors.export_articles(status=status):
        path = directory / f"{article.slug}.md"
        path.write_text(article_export_text(article), encoding="utf-8")
        paths.append(path)
    return paths
