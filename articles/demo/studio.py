"""Demo articles in every workflow state, built through the real services (save → gate → submit →
review → publish/schedule/unpublish), citing the demo sources of sources/demo.py. Idempotent by
slug. Notifications are muted: nobody needs demo e-mails."""

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles import workflow
from articles.models import Article, Category
from articles.workflow import notifications
from articles.workflow.editing import ArticleInput, article_save
from prizm.links import normalize_url
from sources.demo import DEMO_SOURCES
from sources.models import Source

REPAIR = "Baromètre des ateliers de réparation 2024"
HOUSEHOLDS = "Enquête sur les habitudes de réparation des ménages"
PHONES = "Note de conjoncture sur la réparation des smartphones"
RENOVATION = "Rapport annuel sur la rénovation énergétique des logements"
RURAL = "Étude sur les passoires thermiques en zone rurale"
CRAFTS = "Communiqué sur la demande de rénovation adressée aux artisans"
CYCLING = "Baromètre des déplacements à vélo dans les villes moyennes"
EBIKES = "Le vélo à assistance électrique gagne les trajets périurbains"

CATEGORIES = {
    "economie": "Économie",
    "logement": "Logement",
    "mobilites": "Mobilités",
}


def _described(n: int) -> str:
    return f"Analyse factuelle basée sur {n} sources vérifiées." if n > 1 else "Analyse factuelle basée sur 1 source vérifiée."


# slug, state, category, tags, title, sources (names, in order), body
# The articles themselves are data (articles/demo/content/studio.json): `sources` names sources of
# sources/demo.py, and `{NAME}` in a body is replaced by the source name of the constant above.
DEMO_ARTICLES = json.loads((Path(__file__).parent / "content" / "studio.json").read_text(encoding="utf-8"))

NAMES = {
    "REPAIR": REPAIR, "HOUSEHOLDS": HOUSEHOLDS, "PHONES": PHONES, "RENOVATION": RENOVATION, "RURAL": RURAL,
    "CRAFTS": CRAFTS, "CYCLING": CYCLING, "EBIKES": EBIKES,
}


def _sources_by_name() -> dict[str, Source]:
    by_name = {}
    for item in DEMO_SOURCES:
        source = Source.objects.filter(normalized_url=normalize_url(item["url"])).first()
        if source is not None:
            by_name[item["name"]] = source
    return by_name


def _save(article: Article, user, *, title: str, body: str, sources: list[int], reason: str, spec: dict):
    article.refresh_from_db()
    category = Category.objects.filter(slug=spec["category"]).first()
    data = ArticleInput(
        title=title, description=_described(len(sources)), body=body, slug=article.slug, sources=sources,
        category_id=category.pk if category else None, tags=spec["tags"], featured=spec["state"] == "published",
    )
    return article_save(article=article, user=user, data=data, base_version=article.version, reason=reason)


def seed_demo_content() -> list[str]:
    User = get_user_model()
    editor = User.objects.filter(username="editeur").first()
    reviewer = User.objects.filter(username="relecteur").first()
    if editor is None or reviewer is None:
        return ["Articles de démonstration : utilisateurs editeur/relecteur absents, rien créé."]
    sources = _sources_by_name()
    missing = {name for spec in DEMO_ARTICLES for name in spec["sources"]} - set(sources)
    if missing:
        return [f"Articles de démonstration : sources absentes ({', '.join(sorted(missing))}), rien créé."]
    for slug, name in CATEGORIES.items():
        Category.objects.get_or_create(slug=slug, defaults={"name": name})

    created = []
    with notifications.muted():
        for spec in DEMO_ARTICLES:
            if Article.objects.filter(slug=spec["slug"]).exists():
                continue
            _build(spec, editor=editor, reviewer=reviewer, sources=sources)
            created.append(spec["slug"])
    states = ", ".join(sorted({s["state"].replace("_with_changes", "") for s in DEMO_ARTICLES}))
    return [
        f"Articles de démonstration : {len(DEMO_ARTICLES)} articles du flux de travail ({states}) ; "
        f"{len(created)} créés."
    ]


def _build(spec: dict, *, editor, reviewer, sources: dict[str, Source]) -> Article:
    title = spec["title"]
    body = spec["body"].format(**NAMES)
    source_ids = [sources[name].pk for name in spec["sources"]]
    article = Article.objects.create(
        title=title, slug=spec["slug"], created_by=editor, generated_by="human", author_name="Rédaction Prizm"
    )
    _save(article, editor, title=title, body=body, sources=source_ids, reason="Première version", spec=spec)
    state = spec["state"]
    if state == "draft":
        workflow.preview_link_create(article=article, user=editor, days=7)
        return article
    workflow.article_submit(article=article, user=editor, message="Prêt pour relecture.")
    if state == "in_review":
        text, quote = spec["comment"]
        workflow.article_comment(article=article, user=reviewer, text=text, quote=quote)
        return article
    if state == "changes_requested":
        workflow.article_request_changes(article=article, user=reviewer, message=spec["changes"])
        return article
    workflow.article_approve(article=article, user=reviewer, message="Chiffres vérifiés dans les sources.")
    if state == "approved":
        return article
    if state == "scheduled":
        when = timezone.localtime() + timedelta(days=3)
        workflow.article_schedule(
            article=article, user=reviewer, go_live_at=when.replace(hour=9, minute=0, second=0, microsecond=0)
        )
        return article
    workflow.article_publish(article=article, user=reviewer)
    if state == "unpublished":
        workflow.article_unpublish(
            article=article, user=reviewer, message="Retiré le temps de mettre à jour les chiffres 2025."
        )
    if state == "published_with_changes":
        # Online, with a correction waiting in the review queue: the public page does not change yet.
        _save(article, editor, title=title, body=body + spec["later"].format(**NAMES), sources=source_ids,
              reason="Ajout de l'effort rapporté au revenu", spec=spec)
        workflow.article_submit(article=article, user=editor)
    return article
