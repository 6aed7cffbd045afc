"""Demo sources for `seed_demo`. Everything here is invented: organisations that do not exist, URLs on
example.org / example.com, figures made up for the demonstration. Other areas look demo sources up by
URL (`DEMO_SOURCES[i]["url"]`) to build demo briefs and articles.

Each source's `text` contains its extracts verbatim, plus other figures, so the quality gate can verify
quotes and numbers against it.
"""

import datetime

from sources.services import source_upsert

DEMO_NOTE = "Source fictive de démonstration : organisation, chiffres et adresse inventés."

THEME_REPAIR = "économie de la réparation"
THEME_RENOVATION = "rénovation énergétique des logements"
THEME_CYCLING = "vélo et mobilités du quotidien"

DEMO_SOURCES: list[dict] = [
    # --- économie de la réparation -------------------------------------------------------------
    {
        "theme": THEME_REPAIR,
        "name": "Baromètre des ateliers de réparation 2024",
        "publisher": "Observatoire Orbe de la réparation",
        "kind": "barometre",
        "url": "https://observatoire-orbe.example.org/barometre/ateliers-reparation-2024",
        "published_on": datetime.date(2024, 11, 14),
        "published_precision": "day",
        "reliability": 8,
        "extracts": [
            "Le nombre d'ateliers de réparation a progressé de 18 % entre 2021 et 2024.",
            "Les appareils électroménagers représentent 41 % des objets déposés en atelier.",
            "Le coût moyen d'une réparation s'établit à 67 euros en 2024.",
        ],
        "text": (
            "Baromètre des ateliers de réparation 2024.\n\n"
            "Le nombre d'ateliers de réparation a progressé de 18 % entre 2021 et 2024. Le réseau suivi compte "
            "désormais 2 350 ateliers, dont 620 ateliers associatifs et 1 730 artisans indépendants.\n\n"
            "Les appareils électroménagers représentent 41 % des objets déposés en atelier. Viennent ensuite "
            "les appareils électroniques (27 %) et les vélos (14 %). Le taux de réussite des réparations atteint "
            "72 % sur l'ensemble des objets examinés.\n\n"
            "Le coût moyen d'une réparation s'établit à 67 euros en 2024. Il était de 59 euros en 2021, soit "
            "une hausse de 13,6 % en trois ans, principalement due au prix des pièces détachées."
        ),
    },
    {
        "theme": THEME_REPAIR,
        "name": "Enquête sur les habitudes de réparation des ménages",
        "publisher": "Institut Boréal des usages",
        "kind": "enquete",
        "url": "https://institut-boreal.example.com/enquetes/reparation-menages",
        "published_on": datetime.date(2025, 3, 1),
        "published_precision": "month",
        "reliability": 7,
        "extracts": [
            "Six ménages sur dix déclarent avoir renoncé à une réparation à cause de son prix.",
            "Parmi les personnes interrogées, 23 % ont déjà utilisé un bonus réparation.",
        ],
        "text": (
            "Enquête menée en ligne auprès de 2 000 personnes âgées de 18 ans et plus.\n\n"
            "Six ménages sur dix déclarent avoir renoncé à une réparation à cause de son prix. Le délai "
            "d'attente est cité par 34 % des répondants et la difficulté à trouver un réparateur par 29 %.\n\n"
            "Parmi les personnes interrogées, 23 % ont déjà utilisé un bonus réparation. Elles étaient 11 % "
            "lors de la précédente vague de l'enquête. Enfin, 48 % des répondants se disent prêts à payer "
            "jusqu'à 30 % du prix du neuf pour faire réparer un appareil."
        ),
    },
    {
        "theme": THEME_REPAIR,
        "name": "Note de conjoncture sur la réparation des smartphones",
        "publisher": "Cabinet Ardoise Conseil",
        "kind": "note",
        "url": "https://ardoise-conseil.example.org/notes/reparation-smartphones",
        "published_on": datetime.date(2023, 1, 1),
        "published_precision": "year",
        "reliability": 5,
        "extracts": [
            "Le remplacement d'écran représente 54 % des réparations de smartphones.",
            "Le délai moyen d'immobilisation d'un téléphone en réparation est de 3 jours.",
        ],
        "text": (
            "Cette note s'appuie sur les tickets de 40 boutiques partenaires.\n\n"
            "Le remplacement d'écran représente 54 % des réparations de smartphones. Suivent le changement de "
            "batterie (26 %) et la réparation des connecteurs de charge (9 %).\n\n"
            "Le délai moyen d'immobilisation d'un téléphone en réparation est de 3 jours. Pour 15 % des "
            "appareils, l'attente dépasse une semaine faute de pièces disponibles."
        ),
    },
    # --- rénovation énergétique des logements -------------------------------------------------
    {
        "theme": THEME_RENOVATION,
        "name": "Rapport annuel sur la rénovation énergétique des logements",
        "publisher": "Agence Lumen Habitat",
        "kind": "rapport",
        "url": "https://lumen-habitat.example.org/rapports/renovation-energetique-2024",
        "published_on": datetime.date(2024, 6, 12),
        "published_precision": "day",
        "reliability": 9,
        "extracts": [
            "En 2024, 412 000 logements ont bénéficié d'une rénovation énergétique aidée.",
            "Les rénovations d'ampleur ne représentent que 12 % des chantiers financés.",
            "Le gain moyen mesuré sur la facture de chauffage atteint 28 % après travaux.",
        ],
        "text": (
            "Rapport annuel, chapitre 1 : les volumes.\n\n"
            "En 2024, 412 000 logements ont bénéficié d'une rénovation énergétique aidée. Ils étaient 380 000 "
            "l'année précédente. Les maisons individuelles concentrent 78 % de ces chantiers.\n\n"
            "Les rénovations d'ampleur ne représentent que 12 % des chantiers financés. Les autres portent sur "
            "un seul poste de travaux, le plus souvent le changement du système de chauffage (46 %) ou "
            "l'isolation des combles (21 %).\n\n"
            "Chapitre 2 : les effets. Le gain moyen mesuré sur la facture de chauffage atteint 28 % après "
            "travaux. Il dépasse 45 % pour les rénovations d'ampleur."
        ),
    },
    {
        "theme": THEME_RENOVATION,
        "name": "Étude sur les passoires thermiques en zone rurale",
        "publisher": "Centre d'études Territoires & Climat",
        "kind": "etude",
        "url": "https://territoires-climat.example.com/etudes/passoires-thermiques-rurales",
        "published_on": datetime.date(2025, 1, 1),
        "published_precision": "month",
        "reliability": 7,
        "extracts": [
            "Les logements classés F ou G représentent 22 % du parc rural étudié.",
            "Le reste à charge moyen d'une rénovation globale s'élève à 19 500 euros.",
        ],
        "text": (
            "L'étude porte sur 3 200 logements de communes de moins de 2 000 habitants.\n\n"
            "Les logements classés F ou G représentent 22 % du parc rural étudié. La proportion est de 17 % "
            "dans les zones urbaines comparables. Plus de la moitié de ces logements ont été construits avant 1948.\n\n"
            "Le reste à charge moyen d'une rénovation globale s'élève à 19 500 euros. Cela représente environ "
            "14 mois de revenu pour les ménages modestes de l'échantillon."
        ),
    },
    {
        "theme": THEME_RENOVATION,
        "name": "Communiqué sur la demande de rénovation adressée aux artisans",
        "publisher": "Fédération Tournevis & Truelle",
        "kind": "communique",
        "url": "https://tournevis-truelle.example.org/communiques/demande-renovation-2025",
        "published_on": datetime.date(2025, 2, 3),
        "published_precision": "day",
        "reliability": 6,
        "extracts": [
            "Les carnets de commandes des artisans de la rénovation couvrent en moyenne 4,5 mois d'activité.",
            "Un artisan sur trois déclare manquer de main-d'œuvre qualifiée.",
        ],
        "text": (
            "Communiqué de presse.\n\n"
            "Les carnets de commandes des artisans de la rénovation couvrent en moyenne 4,5 mois d'activité. "
            "Ce niveau est stable par rapport à 2024.\n\n"
            "Un artisan sur trois déclare manquer de main-d'œuvre qualifiée. La fédération estime à 25 000 "
            "le nombre de postes à pourvoir dans les métiers de l'isolation et du chauffage."
        ),
    },
    # --- vélo et mobilités du quotidien --------------------------------------------------------
    {
        "theme": THEME_CYCLING,
        "name": "Baromètre des déplacements à vélo dans les villes moyennes",
        "publisher": "Centre d'études Pédalier",
        "kind": "barometre",
        "url": "https://pedalier.example.org/barometre/villes-moyennes-2024",
        "published_on": datetime.date(2024, 9, 20),
        "published_precision": "day",
        "reliability": 8,
        "extracts": [
            "La fréquentation des pistes cyclables a augmenté de 31 % entre 2019 et 2024.",
            "Les trajets domicile-travail représentent 46 % des déplacements à vélo comptés.",
            "La distance moyenne d'un trajet à vélo est de 4,2 kilomètres.",
        ],
        "text": (
            "Le baromètre agrège 180 compteurs automatiques installés dans 24 villes moyennes.\n\n"
            "La fréquentation des pistes cyclables a augmenté de 31 % entre 2019 et 2024. La hausse atteint "
            "9 % sur la seule dernière année.\n\n"
            "Les trajets domicile-travail représentent 46 % des déplacements à vélo comptés. La distance "
            "moyenne d'un trajet à vélo est de 4,2 kilomètres. Enfin, 70 % des trajets durent moins de 20 minutes."
        ),
    },
    {
        "theme": THEME_CYCLING,
        "name": "Le vélo à assistance électrique gagne les trajets périurbains",
        "publisher": "Le Rayon Vert",
        "kind": "article",
        "url": "https://lerayonvert.example.com/2025/04/velo-assistance-electrique-periurbain",
        "published_on": datetime.date(2025, 4, 8),
        "published_precision": "day",
        "reliability": 6,
        "extracts": [
            "Les ventes de vélos à assistance électrique ont atteint 738 000 unités en 2024.",
            "Un salarié périurbain sur cinq pourrait remplacer la voiture par le vélo pour aller travailler.",
        ],
        "text": (
            "Les ventes de vélos à assistance électrique ont atteint 738 000 unités en 2024. Le prix moyen "
            "d'un modèle vendu s'établit à 2 100 euros.\n\n"
            "D'après les spécialistes interrogés par notre rédaction, la marge de progression reste grande. "
            "Un salarié périurbain sur cinq pourrait remplacer la voiture par le vélo pour aller travailler. "
            "Il faudrait pour cela un itinéraire sécurisé de moins de 10 kilomètres.\n\n"
            "Les collectivités citées dans l'article ont aménagé 540 kilomètres de voies cyclables "
            "supplémentaires depuis 2022."
        ),
    },
]

SOURCE_DATA_KEYS = ("name", "publisher", "kind", "url", "published_on", "published_precision", "reliability", "text")


def demo_source_data(item: dict) -> dict:
    return {**{k: item[k] for k in SOURCE_DATA_KEYS}, "language": "fr", "notes": DEMO_NOTE}


def seed_demo_content() -> list[str]:
    """Create or refresh the demo sources through the registry services. Idempotent by URL."""

    created = updated = 0
    for item in DEMO_SOURCES:
        result = source_upsert(user=None, data=demo_source_data(item), extracts=item["extracts"])
        created += result.created
        updated += (not result.created) and result.changed
    total_extracts = sum(len(item["extracts"]) for item in DEMO_SOURCES)
    return [
        f"Sources de démonstration : {len(DEMO_SOURCES)} sources fictives, {total_extracts} extraits "
        f"({created} créées, {updated} mises à jour)."
    ]
