"""Fixtures for the drafting tests: a local OpenAI-compatible server, sources with extracts and
stored text, and a worker configured to talk to the fake server."""

import datetime

import pytest
from django.core.cache import cache

from tests.factories import ExtractFactory, SourceFactory
from tests.fake_openai import FakeOpenAI


@pytest.fixture(scope="session", autouse=True)
def _celery_conf_loaded():
    """Celery reads Django settings on first use and keeps them: load them now, before a test
    overrides CELERY_BROKER_URL (broker-down tests), so the override does not stick."""
    from prizm.celery import app

    assert app.conf.broker_url


@pytest.fixture(scope="session")
def fake_openai():
    server = FakeOpenAI(slow_seconds=4).start()
    yield server
    server.stop()


@pytest.fixture
def fake(fake_openai):
    fake_openai.reset()
    cache.clear()  # the output mode remembered per (server, model) must not leak between tests
    return fake_openai


@pytest.fixture
def use_openai(settings, fake):
    """Switch new jobs to the openai provider against the fake server; returns `scenario(name)`."""
    settings.PRIZM_LLM_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "test-key"
    settings.OPENAI_BASE_URL = fake.url
    settings.PRIZM_LLM_TIMEOUT = 2
    settings.PRIZM_LLM_MAX_RETRIES = 2

    def scenario(name: str, model: str = "gpt-4o-mini") -> str:
        settings.PRIZM_LLM_MODEL = f"{model}+{name}"
        return settings.PRIZM_LLM_MODEL

    scenario("good")
    return scenario


@pytest.fixture
def celery_worker_env(fake_openai):
    return {
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": fake_openai.url,
        "PRIZM_LLM_TIMEOUT": "2",
        "PRIZM_LLM_MAX_RETRIES": "1",
    }


REPAIR_SOURCES = [
    # name, kind, reliability, extracts, text
    (
        "Observatoire de la réparation",
        "barometre",
        9,
        [
            "En 2024, 38 % des ménages interrogés ont fait réparer au moins un appareil électroménager.",
            "Le coût de la pièce détachée reste le premier frein cité par les ménages.",
        ],
        "",
    ),
    (
        "Agence régionale de l'économie circulaire",
        "rapport",
        8,
        [
            "Le bonus réparation permet de réduire la facture des ménages sur plus de 70 catégories de produits.",
            "Les ateliers de réparation emploient 1 200 salariés dans la région.",
        ],
        "",
    ),
    (
        "Fédération des réparateurs indépendants",
        "communique",
        6,
        [],
        "Les réparateurs indépendants demandent un accès simplifié aux pièces détachées. "
        "Selon la fédération, la formation de nouveaux techniciens est la condition d'un passage à l'échelle. "
        "Le délai moyen d'intervention atteint aujourd'hui 9 jours ouvrés dans les zones rurales.",
    ),
]


@pytest.fixture
def repair_sources(db):
    sources = []
    for index, (name, kind, reliability, extracts, text) in enumerate(REPAIR_SOURCES):
        source = SourceFactory(
            name=name, publisher=name, kind=kind, reliability=reliability, text=text,
            published_on=datetime.date(2024, 3 + index, 10),
        )
        for order, extract in enumerate(extracts):
            ExtractFactory(source=source, text=extract, order=order)
        sources.append(source)
    return sources
