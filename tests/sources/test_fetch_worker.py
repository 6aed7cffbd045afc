"""End to end: the editor pastes a URL, a real Celery worker fetches it from a local HTTP server, the
page shows a pre-filled source, the editor confirms and the fetched main text is kept with the source."""

import time

import pytest
from django.urls import reverse

from sources.models import FetchStatus, Source, SourceFetch

pytestmark = [pytest.mark.celery_worker]


@pytest.fixture
def worker_may_fetch_locally(monkeypatch):
    # Read by the worker process at start-up (it is started after this fixture).
    monkeypatch.setenv("PRIZM_FETCH_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("PRIZM_FETCH_TIMEOUT", "2")


def wait_for(fetch, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fetch.refresh_from_db()
        if fetch.status in (FetchStatus.SUCCEEDED, FetchStatus.FAILED):
            return fetch
        time.sleep(0.2)
    raise AssertionError(f"fetch still {fetch.status} after {timeout} s")


def test_url_import_through_the_worker(worker_may_fetch_locally, celery_worker_process, page_server, redis_url, client):
    from tests.factories import UserFactory

    editor = UserFactory(username="editeur-import", editor=True)
    client.force_login(editor)
    response = client.post(reverse("studio:source_fetch_create"), {"url": f"{page_server}/article.html"})
    fetch = SourceFetch.objects.get()
    assert response["Location"] == reverse("studio:source_fetch_detail", args=[fetch.pk])

    fetch = wait_for(fetch)
    assert fetch.status == FetchStatus.SUCCEEDED, fetch.error
    assert "/article.html" in page_server.server.hits
    html = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'value="Les ateliers de réparation en plein essor"' in html
    assert 'value="Gazette Locale Test"' in html and 'value="12/03/2025"' in html
    assert "every 1s" not in html  # polling stops once the page is read

    data = {"url": fetch.url, "name": "Les ateliers de réparation en plein essor", "publisher": "Gazette Locale Test",
            "kind": "article", "published": "12/03/2025", "reliability": "6", "language": "fr", "notes": "",
            "extracts-TOTAL_FORMS": "1", "extracts-INITIAL_FORMS": "0", "extracts-MIN_NUM_FORMS": "0",
            "extracts-MAX_NUM_FORMS": "50", "extracts-0-text": "Le coût moyen d'une réparation s'établit à 67 euros en 2024",
            "extracts-0-locator": ""}
    client.post(reverse("studio:source_fetch_confirm", args=[fetch.pk]), data)
    source = Source.objects.get()
    assert "12 400 visiteurs" in source.text
    assert source.extracts.count() == 1
    assert "dans le texte" in client.get(source.get_absolute_url()).content.decode()


def test_a_refused_address_fails_in_the_worker_with_its_reason(celery_worker_process, page_server, redis_url, client):
    """Without the setting, the worker refuses the loopback server and the page says why."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="editeur-ssrf", editor=True))
    response = client.post(reverse("studio:source_fetch_create"), {"url": f"{page_server}/article.html"})
    fetch = wait_for(SourceFetch.objects.get())
    assert fetch.status == FetchStatus.FAILED and "Adresse refusée" in fetch.error
    assert page_server.server.hits == []
    html = client.get(response["Location"]).content.decode()
    assert "Adresse refusée" in html and "Réessayer" in html
