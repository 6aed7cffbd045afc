"""Published demo articles for `seed_demo`, so the public site is alive on first run.

Written by hand for the demo (fictitious sources from sources/demo.py, looked up by URL). Every figure
in a sentence that cites a source is taken from that source's registered text, so the quality gate
lets them through. They go through the real workflow: the demo editor saves, submits; the demo
reviewer approves and publishes (articles.workflow). Idempotent by slug: an existing article is left
as it is, whatever its state.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleSource
from articles.taxonomy import category_for_name, tags_for_names
from articles.workflow import article_approve, article_publish, article_submit
from articles.workflow.editing import ArticleInput, article_save
from sources.models import Source

AUTHOR = "Rédaction Prizm"

CONTENT = Path(__file__).parent / "content"
# The articles are data: their fields in public.json (`sources` are URLs of sources/demo.py), each
# body in public/<slug>.md.
DEMO_ARTICLES = [
    {**spec, "body": (CONTENT / "public" / f"{spec['slug']}.md").read_text(encoding="utf-8")}
    for spec in json.loads((CONTENT / "public.json").read_text(encoding="utf-8"))
]


def _users():
    User = get_user_model()
    editor = User.objects.filter(username="editeur").first()
    reviewer = User.objects.filter(username="relecteur").first()
    return editor, reviewer


def _publish(article, *, editor, reviewer, when) -> str:
    """Through the workflow: save (first revision + gate), submit, approve, publish."""

    article_save(article=article, user=editor, data=ArticleInput.from_article(article),
                 base_version=article.version, reason="Version de démonstration")
    article.refresh_from_db()
    article_submit(article=article, user=editor)
    article_approve(article=article, user=reviewer)
    article_publish(article=article, user=reviewer, now=when)
    return "publié"


def seed_demo_content() -> list[str]:

    editor, reviewer = _users()
    if editor is None or reviewer is None:
        return ["Articles publics de démonstration : utilisateurs de démonstration absents, rien créé."]
    sources = {s.url: s for s in Source.objects.filter(url__in={u for a in DEMO_ARTICLES for u in a["sources"]})}
    created, kept, problems = 0, 0, []
    now = timezone.now()
    for spec in DEMO_ARTICLES:
        if Article.objects.filter(slug=spec["slug"]).exists():
            kept += 1
            continue
        missing = [u for u in spec["sources"] if u not in sources]
        if missing:
            problems.append(f"{spec['slug']} : sources de démonstration absentes ({', '.join(missing)})")
            continue
        try:
            with transaction.atomic():
                _create_and_publish(spec, sources=sources, editor=editor, reviewer=reviewer, now=now)
        except Exception as exc:  # shown to whoever runs seed_demo; the rest of the demo goes on
            problems.append(f"{spec['slug']} : non publié ({exc})")
            continue
        created += 1
    lines = [f"Articles publics de démonstration : {created} publiés, {kept} déjà présents."]
    lines += [f"  ! {p}" for p in problems]
    return lines


def _create_and_publish(spec: dict, *, sources: dict, editor, reviewer, now) -> None:

    # Same categories as demo/studio.py (looked up by slug, created if that demo did not run).
    category = category_for_name(spec["category"])
    article = Article.objects.create(
        title=spec["title"], slug=spec["slug"], description=spec["description"], body=spec["body"],
        category=category, featured=spec["featured"], author_name=AUTHOR, created_by=editor,
        generated_by="human",
    )
    for order, url in enumerate(spec["sources"]):
        ArticleSource.objects.create(article=article, source=sources[url], order=order)
    article.tags.set(tags_for_names(spec["tags"]))
    _publish(article, editor=editor, reviewer=reviewer, when=now - timedelta(days=spec["days_ago"]))
