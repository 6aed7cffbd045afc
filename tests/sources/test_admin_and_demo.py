import re

import pytest
from django.urls import reverse

from articles.models import AuditEvent
from sources.demo import DEMO_NOTE, DEMO_SOURCES, seed_demo_content
from sources.models import Extract, Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_searches_and_filters_sources(admin_client_):
    SourceFactory(name="Baromètre vélo", kind="barometre", reliability=8, url="https://velo.example.org/b")
    SourceFactory(name="Note douteuse", kind="note", reliability=3, url="https://doute.example.org/n")
    url = reverse("admin:sources_source_changelist")
    html = admin_client_.get(url).content.decode()
    assert "Baromètre vélo" in html and "Note douteuse" in html
    html = admin_client_.get(url, {"q": "velo.example"}).content.decode()
    assert "Baromètre vélo" in html and "Note douteuse" not in html
    html = admin_client_.get(url, {"fiabilite": "0-4"}).content.decode()
    assert "Note douteuse" in html and "Baromètre vélo" not in html
    html = admin_client_.get(url, {"kind__exact": "barometre"}).content.decode()
    assert "Baromètre vélo" in html and "Note douteuse" not in html
    assert admin_client_.get(reverse("admin:sources_extract_changelist"), {"q": "ateliers"}).status_code == 200


def test_admin_add_goes_through_the_services_and_refuses_duplicates_with_a_link(admin_client_, admin_user):
    existing = SourceFactory(name="Déjà là", url="https://obs.example.org/r")
    data = {"name": "Nouvelle", "publisher": "", "kind": "etude", "url": "https://www.obs.example.org/r/",
            "published_on": "", "published_precision": "day", "reliability": "7", "language": "fr", "notes": "",
            "text": "", "extracts-TOTAL_FORMS": "0", "extracts-INITIAL_FORMS": "0", "extracts-MIN_NUM_FORMS": "0",
            "extracts-MAX_NUM_FORMS": "1000"}
    html = admin_client_.post(reverse("admin:sources_source_add"), data).content.decode()
    assert "Cette URL est déjà enregistrée" in html
    assert reverse("admin:sources_source_change", args=[existing.pk]) in html
    data["url"] = "https://obs.example.org/autre"
    data["reliability"] = "11"
    html = admin_client_.post(reverse("admin:sources_source_add"), data).content.decode()
    assert "La fiabilité va de 0 à 10" in html
    data["reliability"] = "7"
    response = admin_client_.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 302
    created = Source.objects.get(name="Nouvelle")
    assert created.created_by == admin_user
    assert AuditEvent.objects.filter(action="source.create", object_id=str(created.pk)).exists()


def test_demo_sources_are_fictional_consistent_and_seeded_idempotently():
    lines = seed_demo_content()
    assert "8 sources fictives" in lines[0]
    assert Source.objects.count() == len(DEMO_SOURCES) == 8
    assert Extract.objects.count() == sum(len(s["extracts"]) for s in DEMO_SOURCES)
    assert {s["published_precision"] for s in DEMO_SOURCES} == {"year", "month", "day"}
    assert len({s["theme"] for s in DEMO_SOURCES}) == 3
    for item in DEMO_SOURCES:
        source = Source.objects.get(url=item["url"])
        assert re.match(r"https://[a-z0-9-]+\.example\.(org|com)/", source.url)
        assert source.notes == DEMO_NOTE and "fictive" in source.notes
        assert 5 <= source.reliability <= 9
        for quote in item["extracts"]:
            assert quote in source.text  # verbatim, so the gate can verify quotes against the text
        assert any(re.search(r"\d", quote) for quote in item["extracts"])  # figures to cite
    seed_demo_content()
    assert Source.objects.count() == 8 and Extract.objects.count() == 19
