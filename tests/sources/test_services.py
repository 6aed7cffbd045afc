import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import AuditEvent
from sources import services
from sources.models import Extract, Source
from tests.factories import ArticleFactory, ExtractFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def create(user, **overrides):
    data = {"name": "Rapport sur les ateliers", "url": "https://obs.example.org/rapport-2024", "kind": "rapport",
            "reliability": 8, "published_on": datetime.date(2024, 1, 1), "published_precision": "year"}
    data.update(overrides)
    return services.source_create(user=user, **data)


def test_create_stores_the_source_its_extracts_and_an_audit_event(editor):
    source = create(editor, extracts=["Le réseau compte 2 350 ateliers.", {"text": "Le coût moyen est de 67 euros.", "locator": "p. 4"}])
    assert source.created_by == editor
    assert source.normalized_url == "https://obs.example.org/rapport-2024"
    assert [(e.text, e.locator, e.order) for e in source.extracts.all()] == [
        ("Le réseau compte 2 350 ateliers.", "", 1), ("Le coût moyen est de 67 euros.", "p. 4", 2)]
    event = AuditEvent.objects.get(action="source.create")
    assert event.actor == editor and event.object_id == str(source.pk)


def test_a_url_that_normalizes_to_a_registered_one_is_refused_naming_the_existing_source(editor):
    existing = create(editor)
    with pytest.raises(services.DuplicateSourceError) as exc:
        create(editor, name="Autre nom", url="HTTPS://www.obs.example.org/rapport-2024/?utm_source=lettre")
    assert exc.value.existing == existing
    assert "Rapport sur les ateliers" in exc.value.message_dict["url"][0]
    assert Source.objects.count() == 1


def test_update_refuses_taking_the_url_of_another_source(editor):
    create(editor)
    other = create(editor, name="Autre", url="https://obs.example.org/autre")
    with pytest.raises(services.DuplicateSourceError):
        services.source_update(source=other, user=editor, data={"url": "https://obs.example.org/rapport-2024#p2"})
    other.refresh_from_db()
    assert other.url == "https://obs.example.org/autre"


def test_update_reports_changed_fields_and_validates_reliability(editor):
    source = create(editor)
    assert services.source_update(source=source, user=editor, data={"reliability": 9, "name": source.name}) == ["reliability"]
    with pytest.raises(ValidationError) as exc:
        services.source_update(source=source, user=editor, data={"reliability": 11})
    assert "reliability" in exc.value.message_dict
    source.refresh_from_db()
    assert source.reliability == 9


def test_services_check_permissions():
    outsider = UserFactory(username="lecteur")
    with pytest.raises(PermissionDenied):
        create(outsider)
    source = SourceFactory()
    with pytest.raises(PermissionDenied):
        services.extract_add(source=source, user=outsider, text="Une citation.")


def test_editors_cannot_delete_sources_reviewers_can(editor, reviewer):
    source = SourceFactory()
    with pytest.raises(PermissionDenied):
        services.source_delete(source=source, user=editor)
    services.source_delete(source=source, user=reviewer)
    assert not Source.objects.filter(pk=source.pk).exists()
    assert AuditEvent.objects.filter(action="source.delete", object_id=str(source.pk)).exists()


def test_a_source_cited_by_an_article_cannot_be_deleted(reviewer):
    source = SourceFactory()
    ArticleFactory(sources=[source])
    with pytest.raises(ValidationError) as exc:
        services.source_delete(source=source, user=reviewer)
    assert "utilisée par des articles" in exc.value.messages[0]
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_same_extract_is_not_added_twice_even_with_other_typography(editor):
    source = SourceFactory()
    services.extract_add(source=source, user=editor, text="L'IA est utilisée dans 30 % des PME.")
    with pytest.raises(ValidationError) as exc:
        services.extract_add(source=source, user=editor, text="  L’IA est utilisée dans 30\u00a0% des PME.  ")
    assert "déjà enregistré" in exc.value.message_dict["text"][0]
    with pytest.raises(ValidationError):
        services.extract_add(source=source, user=editor, text="   ")
    assert source.extracts.count() == 1


def test_extract_update_and_delete(editor):
    extract = ExtractFactory()
    services.extract_update(extract=extract, user=editor, text="Nouvelle citation exacte.", locator="p. 9")
    extract.refresh_from_db()
    assert (extract.text, extract.locator) == ("Nouvelle citation exacte.", "p. 9")
    services.extract_delete(extract=extract, user=editor)
    assert not Extract.objects.filter(pk=extract.pk).exists()


def test_upsert_is_idempotent_by_normalized_url():
    data = {"name": "Baromètre", "url": "https://obs.example.org/b?utm_source=x", "kind": "barometre", "reliability": 7}
    first = services.source_upsert(user=None, data=data, extracts=["Citation A.", "Citation B."])
    assert first.created and first.extracts_added == 2
    again = services.source_upsert(user=None, data={**data, "url": "https://obs.example.org/b/"}, extracts=["Citation A."])
    assert not again.changed and again.source == first.source
    changed = services.source_upsert(user=None, data={**data, "reliability": 8}, extracts=["Citation C."])
    assert changed.changes == ["fiabilité 7 → 8"] and changed.extracts_added == 1
    assert Source.objects.count() == 1 and Extract.objects.count() == 3


# --- issue 12: one source per address, stored without tracking parameters ----------------------

@pytest.mark.parametrize("first, second", [
    ("https://obs.example.org/rapport-2024", "http://obs.example.org/rapport-2024"),
    ("http://obs.example.org/rapport-2024", "https://www.obs.example.org/rapport-2024/"),
])
def test_the_http_and_https_forms_of_an_address_are_one_source(editor, first, second):
    existing = create(editor, url=first)
    with pytest.raises(services.DuplicateSourceError) as exc:
        create(editor, name="Autre nom", url=second)
    assert exc.value.existing == existing
    assert Source.objects.count() == 1


def test_an_import_bringing_the_https_form_moves_an_http_source_to_https():
    data = {"name": "Baromètre", "url": "http://obs.example.org/b", "kind": "barometre", "reliability": 7}
    first = services.source_upsert(user=None, data=data)
    upgraded = services.source_upsert(user=None, data={**data, "url": "https://obs.example.org/b?utm_source=x"})
    assert upgraded.source == first.source and upgraded.changes == ["adresse http → https"]
    first.source.refresh_from_db()
    assert first.source.url == "https://obs.example.org/b"
    again = services.source_upsert(user=None, data=data)  # the http form again: https is kept
    assert not again.changed
    first.source.refresh_from_db()
    assert first.source.url == "https://obs.example.org/b" and Source.objects.count() == 1


def test_the_stored_url_has_no_tracking_parameters(editor):
    source = create(editor, url="https://obs.example.org/rapport-2024?utm_source=lettre&id=3&fbclid=XY#page=4")
    source.refresh_from_db()
    assert source.url == "https://obs.example.org/rapport-2024?id=3#page=4"
    # Pasting the same address with other tracking parameters is no change at all.
    assert services.source_update(source=source, user=editor,
                                  data={"url": "https://obs.example.org/rapport-2024?id=3&gclid=1#page=4"}) == []
    services.source_update(source=source, user=editor, data={"url": "https://obs.example.org/autre?utm_medium=x"})
    source.refresh_from_db()
    assert source.url == "https://obs.example.org/autre"


def test_public_references_never_show_tracking_parameters(client, editor):
    from tests.factories import publish_directly

    source = create(editor, name="Rapport sur les ateliers",
                    url="https://obs.example.org/rapport-2024?utm_source=lettre&utm_campaign=mars&gclid=9")
    article = ArticleFactory(sources=[source], body="## Contexte\n\nLe réseau compte 121 ateliers "
                                                    "(Source : Rapport sur les ateliers).\n")
    publish_directly(article)
    for url in (f"/articles/{article.slug}/", f"/api/articles/{article.slug}/"):
        body = client.get(url).content.decode()
        assert "https://obs.example.org/rapport-2024" in body, url
        assert "utm_" not in body and "gclid" not in body, url
