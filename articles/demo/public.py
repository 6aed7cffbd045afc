"""Published demo articles for `seed_demo`, so the public site is alive on first run.

Written by hand for the demo (fictitious sources from sources/demo.py, looked up by URL). Every figure
in a sentence that cites a source is taken from that source's registered text, so the quality gate
lets them through. They go through the real workflow: the demo editor saves, submits; the demo
reviewer approves and publishes (articles.workflow). Idempotent by slug: an existing article is left
as it is, whatever its state.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleSource
from articles.taxonomy import category_for_name, tags_for_names
from articles.workflow import article_approve, article_publish, article_submit
from articles.workflow.editing import ArticleInput, article_save
from sources.models import Source

AUTHOR = "Rédaction Prizm"

# Source URLs, from sources/demo.py.
ORBE = "https://observatoire-orbe.example.org/barometre/ateliers-reparation-2024"
BOREAL = "https://institut-boreal.example.com/enquetes/reparation-menages"
ARDOISE = "https://ardoise-conseil.example.org/notes/reparation-smartphones"
LUMEN = "https://lumen-habitat.example.org/rapports/renovation-energetique-2024"
TERRITOIRES = "https://territoires-climat.example.com/etudes/passoires-thermiques-rurales"
TOURNEVIS = "https://tournevis-truelle.example.org/communiques/demande-renovation-2025"
PEDALIER = "https://pedalier.example.org/barometre/villes-moyennes-2024"
RAYON_VERT = "https://lerayonvert.example.com/2025/04/velo-assistance-electrique-periurbain"

RENOVATION_BODY = """\
La rénovation énergétique des logements avance, mais pas au rythme ni sous la forme que visent les \
politiques publiques. Les chiffres réunis ici racontent deux histoires à la fois : celle d'un volume de \
chantiers qui progresse, et celle de travaux qui restent le plus souvent partiels. Trois documents \
servent de base à cette analyse : le rapport annuel d'une agence publique, une étude consacrée aux \
territoires ruraux et le communiqué d'une fédération d'artisans.

## Un volume de chantiers en hausse

En 2024, 412 000 logements ont bénéficié d'une rénovation énergétique aidée, contre 380 000 l'année \
précédente (Source : Agence Lumen Habitat). La progression est nette et dit d'abord une chose : les \
dispositifs d'aide touchent un nombre croissant de ménages.

Le profil des logements concernés reste très marqué. Les maisons individuelles concentrent 78 % de ces \
chantiers (Source : Agence Lumen Habitat). Les immeubles collectifs, où chaque décision de travaux passe \
par une assemblée de copropriétaires, restent en retrait.

## Un geste à la fois

Derrière le volume, la nature des travaux change la lecture. Les rénovations d'ampleur, celles qui \
traitent plusieurs postes en même temps, ne représentent que 12 % des chantiers financés (Source : \
Agence Lumen Habitat). Les autres portent sur un seul poste de travaux.

### Ce que financent les aides

Le changement du système de chauffage arrive en tête avec 46 % des chantiers, devant l'isolation des \
combles à 21 % (Source : Agence Lumen Habitat).

| Type de travaux | Part des chantiers financés |
|---|---:|
| Changement du système de chauffage | 46 % |
| Isolation des combles | 21 % |
| Rénovation d'ampleur | 12 % |

### Pourquoi le geste unique domine

Un seul poste de travaux coûte moins cher, se décide plus vite et ne mobilise qu'une entreprise. Le \
choix se comprend du point de vue des ménages. Il laisse pourtant de côté une bonne partie du gain \
possible, comme le montre la suite.

## Des économies qui dépendent de l'ampleur

Le gain moyen mesuré sur la facture de chauffage atteint 28 % après travaux, et il dépasse 45 % pour \
les rénovations d'ampleur (Source : Agence Lumen Habitat). L'écart entre ces deux chiffres résume \
l'enjeu : traiter un logement dans son ensemble rapporte bien davantage qu'une succession de gestes \
isolés.

Ce constat ne rend pas les gestes isolés inutiles[^moyennes]. Il rappelle surtout que l'ordre des \
travaux compte : isoler avant de remplacer une chaudière permet de choisir un équipement plus petit, \
donc moins cher à l'achat comme à l'usage.

[^moyennes]: Le rapport compare des moyennes ; il ne détaille pas le gain obtenu pour chaque type de \
geste pris isolément.

## Les campagnes en première ligne

Le parc rural concentre une part importante des logements les plus énergivores. Dans l'échantillon \
étudié, les logements classés F ou G représentent 22 % du parc, contre 17 % dans les zones urbaines \
comparables (Source : Centre d'études Territoires & Climat). Plus de la moitié de ces logements ont été \
construits avant 1948 (Source : Centre d'études Territoires & Climat), à une époque où l'isolation \
n'était pas une préoccupation.

Le coût reste l'obstacle principal. Le reste à charge moyen d'une rénovation globale s'élève à \
19 500 euros, soit environ 14 mois de revenu pour les ménages modestes de l'échantillon (Source : \
Centre d'études Territoires & Climat). À ce niveau, la rénovation complète reste hors de portée sans \
financement complémentaire, ce qui explique en partie la préférence pour les gestes isolés.

## Des artisans très sollicités

Côté offre, les professionnels ne manquent pas de travail. Les carnets de commandes des artisans de la \
rénovation couvrent en moyenne 4,5 mois d'activité, un niveau stable par rapport à 2024 (Source : \
Fédération Tournevis & Truelle).

La main-d'œuvre, en revanche, fait défaut. Un artisan sur trois déclare manquer de main-d'œuvre \
qualifiée, et la fédération estime à 25 000 le nombre de postes à pourvoir dans les métiers de \
l'isolation et du chauffage (Source : Fédération Tournevis & Truelle). Ces chiffres viennent d'une \
organisation professionnelle qui défend les intérêts de ses adhérents : ils sont utiles, mais doivent \
être lus comme un point de vue.

## Ce qu'il faut retenir

- Le nombre de chantiers aidés progresse, mais les rénovations d'ampleur restent minoritaires.
- Les économies d'énergie sont nettement plus fortes quand le logement est traité dans son ensemble.
- Le reste à charge et le manque de main-d'œuvre freinent le passage à des travaux complets, en \
particulier dans les communes rurales.
"""

REPARATION_BODY = """\
Le secteur de la réparation gagne du terrain, mais les ménages hésitent encore à y recourir. Deux \
sources éclairent ce paradoxe : le baromètre annuel d'un observatoire spécialisé et une enquête menée \
auprès des particuliers.

## Un réseau qui s'étoffe

Le nombre d'ateliers de réparation a progressé de 18 % entre 2021 et 2024 (Source : Observatoire Orbe \
de la réparation). Le réseau suivi compte désormais 2 350 ateliers, dont 620 ateliers associatifs et \
1 730 artisans indépendants (Source : Observatoire Orbe de la réparation).

Les appareils électroménagers représentent 41 % des objets déposés en atelier ; viennent ensuite les \
appareils électroniques, à 27 %, et les vélos, à 14 % (Source : Observatoire Orbe de la réparation). Le \
taux de réussite des réparations atteint 72 % sur l'ensemble des objets examinés (Source : Observatoire \
Orbe de la réparation).

## Un prix qui monte

Le coût moyen d'une réparation s'établit à 67 euros en 2024, contre 59 euros en 2021, soit une hausse \
de 13,6 % en trois ans (Source : Observatoire Orbe de la réparation). Le baromètre l'attribue \
principalement au prix des pièces détachées.

Ce prix pèse sur les décisions : six ménages sur dix déclarent avoir renoncé à une réparation à cause \
de son prix (Source : Institut Boréal des usages). Le délai d'attente est cité par 34 % des répondants \
et la difficulté à trouver un réparateur par 29 % (Source : Institut Boréal des usages).

## Le bonus réparation s'installe

Parmi les personnes interrogées, 23 % ont déjà utilisé un bonus réparation, contre 11 % lors de la \
précédente vague de l'enquête (Source : Institut Boréal des usages). Enfin, 48 % des répondants se \
disent prêts à payer jusqu'à 30 % du prix du neuf pour faire réparer un appareil (Source : Institut \
Boréal des usages).

> L'enquête a été menée en ligne auprès de 2 000 personnes (Source : Institut Boréal des usages) : elle \
décrit des intentions déclarées, pas des comportements observés.

## En résumé

L'offre de réparation se densifie et réussit la majorité de ses interventions. Le prix, tiré par celui \
des pièces, reste le premier frein, que le bonus réparation commence à lever.
"""

SMARTPHONES_BODY = """\
Quand un téléphone tombe en panne, c'est presque toujours pour la même raison. Une note de conjoncture \
fondée sur les tickets de 40 boutiques partenaires (Source : Cabinet Ardoise Conseil) permet d'en \
mesurer l'ampleur.

## L'écran, loin devant

Le remplacement d'écran représente 54 % des réparations de smartphones, devant le changement de \
batterie (26 %) et la réparation des connecteurs de charge (9 %) (Source : Cabinet Ardoise Conseil).

## Trois jours d'attente en moyenne

Le délai moyen d'immobilisation d'un téléphone en réparation est de 3 jours. Pour 15 % des appareils, \
l'attente dépasse une semaine faute de pièces disponibles (Source : Cabinet Ardoise Conseil).

## Une tendance qui rejoint celle des ateliers

Ces observations rejoignent celles du baromètre des ateliers, qui classe les appareils électroniques au \
deuxième rang des objets déposés, avec 27 % du total (Source : Observatoire Orbe de la réparation).

La note a une portée limitée : elle repose sur les tickets d'un réseau de boutiques partenaires \
(Source : Cabinet Ardoise Conseil). Elle donne un ordre de grandeur plutôt qu'une mesure du marché.
"""

VELO_BODY = """\
Le vélo n'est plus réservé aux grandes métropoles. Dans les villes moyennes, les compteurs \
enregistrent une hausse durable de la fréquentation des pistes cyclables.

## Des compteurs qui s'affolent

Le baromètre agrège 180 compteurs automatiques installés dans 24 villes moyennes (Source : Centre \
d'études Pédalier). La fréquentation des pistes cyclables y a augmenté de 31 % entre 2019 et 2024, et \
de 9 % sur la seule dernière année (Source : Centre d'études Pédalier).

## Le trajet vers le travail en tête

Les trajets domicile-travail représentent 46 % des déplacements à vélo comptés (Source : Centre \
d'études Pédalier). La distance moyenne d'un trajet est de 4,2 kilomètres, et 70 % des trajets durent \
moins de 20 minutes (Source : Centre d'études Pédalier) : des distances où le vélo rivalise sans peine \
avec la voiture.

## Des aménagements qui suivent

Les collectivités citées par la presse spécialisée ont aménagé 540 kilomètres de voies cyclables \
supplémentaires depuis 2022 (Source : Le Rayon Vert). La continuité de ces itinéraires reste le point \
décisif pour convaincre de nouveaux cyclistes.
"""

VAE_BODY = """\
Le vélo à assistance électrique change la donne pour ceux qui habitent loin du centre. Le marché \
s'est installé, et le potentiel reste important.

## Un marché installé

Les ventes de vélos à assistance électrique ont atteint 738 000 unités en 2024, pour un prix moyen de \
2 100 euros par modèle vendu (Source : Le Rayon Vert).

## Le périurbain, réservoir de cyclistes

D'après les spécialistes interrogés par la rédaction du Rayon Vert, un salarié périurbain sur cinq \
pourrait remplacer la voiture par le vélo pour aller travailler, à condition de disposer d'un itinéraire \
sécurisé de moins de 10 kilomètres (Source : Le Rayon Vert).

Cette estimation est cohérente avec les distances observées ailleurs : la distance moyenne d'un trajet \
à vélo est de 4,2 kilomètres dans les villes moyennes suivies par un baromètre national (Source : Centre \
d'études Pédalier).

## Une source à lire avec prudence

L'estimation du potentiel repose sur des avis d'experts rapportés par un média, non sur une mesure : \
elle indique une direction plus qu'un chiffre ferme.
"""

DEMO_ARTICLES = [
    {
        "slug": "renovation-energetique-chantiers-en-hausse-renovations-ampleur-rares",
        "title": "Rénovation énergétique : toujours plus de chantiers, encore peu de rénovations d'ampleur",
        "description": "Le nombre de logements rénovés avec une aide progresse, mais la plupart des chantiers ne "
                       "traitent qu'un poste de travaux. Volumes, économies d'énergie, coût et main-d'œuvre : "
                       "ce que disent trois sources.",
        "category": "Logement",
        "tags": ["Rénovation", "Ruralité", "Emploi"],
        "featured": True,
        "sources": [LUMEN, TERRITOIRES, TOURNEVIS],
        "body": RENOVATION_BODY,
        "days_ago": 0,
    },
    {
        "slug": "ateliers-de-reparation-se-multiplient-prix-freine-menages",
        "title": "Les ateliers de réparation se multiplient, le prix freine encore les ménages",
        "description": "Le réseau des ateliers grandit et répare la majorité des objets qu'on lui confie, mais "
                       "la hausse du coût moyen fait renoncer de nombreux ménages.",
        "category": "Économie",
        "tags": ["Réparation", "Consommation"],
        "featured": False,
        "sources": [ORBE, BOREAL],
        "body": REPARATION_BODY,
        "days_ago": 5,
    },
    {
        "slug": "smartphones-ecran-casse-premier-motif-de-reparation",
        "title": "Smartphones : l'écran cassé reste le premier motif de réparation",
        "description": "Plus d'une réparation de téléphone sur deux concerne l'écran ; l'attente dépasse parfois "
                       "une semaine faute de pièces.",
        "category": "Économie",
        "tags": ["Réparation", "Smartphones"],
        "featured": False,
        "sources": [ARDOISE, ORBE],
        "body": SMARTPHONES_BODY,
        "days_ago": 9,
    },
    {
        "slug": "velo-villes-moyennes-frequentation-pistes-cyclables",
        "title": "À vélo, les villes moyennes accélèrent",
        "description": "Hausse durable de la fréquentation des pistes, trajets courts et domicile-travail : le vélo "
                       "s'installe hors des métropoles.",
        "category": "Mobilités",
        "tags": ["Vélo", "Villes moyennes"],
        "featured": False,
        "sources": [PEDALIER, RAYON_VERT],
        "body": VELO_BODY,
        "days_ago": 13,
    },
    {
        "slug": "velo-assistance-electrique-marche-installe",
        "title": "Vélo à assistance électrique : le périurbain en ligne de mire",
        "description": "Un marché désormais installé et un potentiel important chez les salariés qui habitent "
                       "loin de leur travail, à condition d'itinéraires sûrs.",
        "category": "Mobilités",
        "tags": ["Vélo", "Consommation"],
        "featured": False,
        "sources": [RAYON_VERT, PEDALIER],
        "body": VAE_BODY,
        "days_ago": 20,
    },
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
