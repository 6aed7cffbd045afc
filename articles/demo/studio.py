"""Demo articles in every workflow state, built through the real services (save → gate → submit →
review → publish/schedule/unpublish), citing the demo sources of sources/demo.py. Idempotent by
slug. Notifications are muted: nobody needs demo e-mails."""

from datetime import timedelta

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
DEMO_ARTICLES = [
    {
        "slug": "smartphone-reparation-ecran-dabord",
        "state": "draft",
        "category": "economie",
        "tags": ["Réparation", "Smartphones"],
        "title": "Réparer son smartphone : l'écran d'abord, la batterie ensuite",
        "sources": [PHONES, HOUSEHOLDS],
        "body": (
            "## Ce qui casse\n\n"
            "Dans les boutiques suivies, le remplacement d'écran représente 54 % des réparations de "
            "smartphones, loin devant le changement de batterie (Source : {PHONES}).\n\n"
            "## Ce qui retient les ménages\n\n"
            "Le prix reste le premier frein : six ménages sur dix déclarent avoir renoncé à une réparation "
            "à cause de son coût (Source : {HOUSEHOLDS}).\n"
        ),
    },
    {
        "slug": "bonus-reparation-un-usage-qui-decolle",
        "state": "in_review",
        "category": "economie",
        "tags": ["Réparation", "Consommation"],
        "title": "Bonus réparation : un usage qui décolle, des ateliers plus nombreux",
        "sources": [HOUSEHOLDS, REPAIR],
        "body": (
            "## Un dispositif mieux connu\n\n"
            "Près d'un quart des personnes interrogées, 23 %, ont déjà utilisé un bonus réparation, contre "
            "11 % lors de la vague précédente (Source : {HOUSEHOLDS}).\n\n"
            "## Une offre qui suit\n\n"
            "Côté offre, le nombre d'ateliers de réparation a progressé de 18 % entre 2021 et 2024 "
            "(Source : {REPAIR}).\n"
        ),
        "comment": ("Pouvez-vous préciser la taille de l'échantillon de l'enquête ?", "23 %"),
    },
    {
        "slug": "renovation-energetique-peu-de-chantiers-dampleur",
        "state": "changes_requested",
        "category": "logement",
        "tags": ["Rénovation", "Énergie"],
        "title": "Rénovation énergétique : beaucoup de chantiers, peu de rénovations d'ampleur",
        "sources": [RENOVATION, RURAL],
        "body": (
            "## Des volumes en hausse\n\n"
            "En 2024, 412 000 logements ont bénéficié d'une rénovation énergétique aidée, contre 380 000 "
            "l'année précédente (Source : {RENOVATION}).\n\n"
            "## Le frein du reste à charge\n\n"
            "Les rénovations d'ampleur ne représentent que 12 % des chantiers financés (Source : {RENOVATION}). "
            "En zone rurale, le reste à charge moyen d'une rénovation globale s'élève à 19 500 euros "
            "(Source : {RURAL}).\n"
        ),
        "changes": "Le titre promet une comparaison ville/campagne que le texte ne fait pas : ajoutez la part "
                   "de logements F ou G en zone rurale, ou changez le titre.",
    },
    {
        "slug": "artisans-renovation-carnets-pleins",
        "state": "approved",
        "category": "logement",
        "tags": ["Rénovation", "Emploi"],
        "title": "Artisans de la rénovation : des carnets pleins, des bras qui manquent",
        "sources": [CRAFTS, RENOVATION],
        "body": (
            "## Une demande soutenue\n\n"
            "Les carnets de commandes couvrent en moyenne 4,5 mois d'activité, un niveau stable sur un an "
            "(Source : {CRAFTS}).\n\n"
            "## Des postes à pourvoir\n\n"
            "Un artisan sur trois déclare manquer de main-d'œuvre qualifiée (Source : {CRAFTS}). La demande "
            "porte surtout sur le changement du système de chauffage, qui concerne 46 % des chantiers aidés "
            "(Source : {RENOVATION}).\n"
        ),
    },
    {
        "slug": "velo-assistance-electrique-periurbain",
        "state": "scheduled",
        "category": "mobilites",
        "tags": ["Vélo", "Mobilités"],
        "title": "Vélo à assistance électrique : le périurbain en ligne de mire",
        "sources": [EBIKES, CYCLING],
        "body": (
            "## Un marché installé\n\n"
            "Les ventes de vélos à assistance électrique ont atteint 738 000 unités en 2024 "
            "(Source : {EBIKES}).\n\n"
            "## Des trajets courts\n\n"
            "La distance moyenne d'un trajet à vélo est de 4,2 kilomètres dans les villes moyennes suivies "
            "(Source : {CYCLING}). Un salarié périurbain sur cinq pourrait pourtant laisser sa voiture pour "
            "aller travailler (Source : {EBIKES}).\n"
        ),
    },
    {
        "slug": "ateliers-de-reparation-un-reseau-qui-s-etoffe",
        "state": "published",
        "category": "economie",
        "tags": ["Réparation", "Économie circulaire"],
        "title": "Ateliers de réparation : un réseau qui s'étoffe, des prix qui montent",
        "sources": [REPAIR, HOUSEHOLDS],
        "body": (
            "## Plus d'ateliers\n\n"
            "Le réseau suivi compte désormais 2 350 ateliers ; leur nombre a progressé de 18 % entre 2021 "
            "et 2024 (Source : {REPAIR}).\n\n"
            "## Une facture qui grimpe\n\n"
            "Le coût moyen d'une réparation s'établit à 67 euros en 2024, contre 59 euros en 2021 "
            "(Source : {REPAIR}). Le prix pèse : six ménages sur dix déclarent avoir renoncé à une "
            "réparation pour cette raison (Source : {HOUSEHOLDS}).\n"
        ),
    },
    {
        "slug": "passoires-thermiques-rurales-reste-a-charge",
        "state": "published_with_changes",
        "category": "logement",
        "tags": ["Rénovation", "Ruralité"],
        "title": "Passoires thermiques rurales : le reste à charge en question",
        "sources": [RURAL],
        "body": (
            "## Un parc plus exposé\n\n"
            "Les logements classés F ou G représentent 22 % du parc rural étudié, contre 17 % en zone "
            "urbaine comparable (Source : {RURAL}).\n\n"
            "## Un effort hors de portée\n\n"
            "Le reste à charge moyen d'une rénovation globale s'élève à 19 500 euros (Source : {RURAL}).\n"
        ),
        "later": (
            "\n## Ce que cela représente\n\n"
            "Pour les ménages modestes de l'échantillon, cette somme représente environ 14 mois de revenu "
            "(Source : {RURAL}).\n"
        ),
    },
    {
        "slug": "pistes-cyclables-frequentation-en-hausse",
        "state": "unpublished",
        "category": "mobilites",
        "tags": ["Vélo"],
        "title": "Pistes cyclables des villes moyennes : la fréquentation en hausse",
        "sources": [CYCLING],
        "body": (
            "## Une progression nette\n\n"
            "La fréquentation des pistes cyclables a augmenté de 31 % entre 2019 et 2024 dans les villes "
            "moyennes suivies (Source : {CYCLING}).\n\n"
            "## Le vélo pour aller travailler\n\n"
            "Les trajets domicile-travail représentent 46 % des déplacements à vélo comptés "
            "(Source : {CYCLING}).\n"
        ),
    },
]

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
