"""URL import against a real local HTTP server: page, 404, timeout, oversize, non-HTML, redirects, SSRF."""

import datetime
import time

import pytest

from sources import services
from sources.fetching import FetchError, fetch_page
from sources.models import FetchStatus, SourceFetch
from tests.security.hostile_inputs import SSRF_INTERNAL, SSRF_SCHEMES

pytestmark = pytest.mark.django_db


def run_fetch(url, user=None):
    fetch = SourceFetch.objects.create(url=url, deadline=SourceFetch.default_deadline(), requested_by=user)
    return services.source_fetch_run(fetch_id=fetch.pk)


def test_an_html_page_is_fetched_and_its_metadata_and_main_text_extracted(allow_private, page_server):
    fetch = run_fetch(f"{page_server}/article.html")
    assert fetch.status == FetchStatus.SUCCEEDED, fetch.error
    assert fetch.title == "Les ateliers de réparation en plein essor"
    assert fetch.publisher == "Gazette Locale Test"
    assert fetch.published_on == datetime.date(2025, 3, 12)
    assert fetch.language == "fr"
    assert "Le coût moyen d'une réparation s'établit à 67 euros en 2024" in fetch.text
    assert "12 400 visiteurs" in fetch.text
    assert "Mentions légales" not in fetch.text  # boilerplate left out
    assert fetch.content_type == "text/html" and fetch.attempts == 1 and fetch.finished_at


def test_plain_text_is_accepted(allow_private, page_server):
    fetch = run_fetch(f"{page_server}/note.txt")
    assert fetch.status == FetchStatus.SUCCEEDED
    assert fetch.title == "Note de synthèse"
    assert "72 %" in fetch.text


def test_redirects_are_followed(allow_private, page_server):
    fetch = run_fetch(f"{page_server}/redirect-to-article")
    assert fetch.status == FetchStatus.SUCCEEDED
    assert fetch.final_url.endswith("/article.html")


@pytest.mark.parametrize(
    "path, message",
    [
        ("/absent", "404"),
        ("/rapport.pdf", "application/pdf"),
        ("/big-declared", "taille maximale"),
        ("/big-streamed", "taille maximale"),
        ("/redirect-loop", "Trop de redirections"),
        ("/redirect-to-file", "http:// ou https://"),
    ],
)
def test_refusals_are_stored_with_a_plain_french_message(allow_private, page_server, path, message):
    fetch = run_fetch(f"{page_server}{path}")
    assert fetch.status == FetchStatus.FAILED
    assert message in fetch.error
    assert fetch.text == "" and fetch.finished_at


def test_a_slow_server_times_out(allow_private, page_server):
    started = time.monotonic()
    fetch = run_fetch(f"{page_server}/slow")
    assert time.monotonic() - started < 2.5
    assert fetch.status == FetchStatus.FAILED
    assert "n'a pas répondu dans le délai de 1 secondes" in fetch.error


def test_a_redirect_to_cloud_metadata_is_refused_even_when_private_addresses_are_allowed(allow_private, page_server):
    fetch = run_fetch(f"{page_server}/redirect-to-metadata")
    assert fetch.status == FetchStatus.FAILED
    assert "169.254.169.254" in fetch.error and "Adresse refusée" in fetch.error


@pytest.mark.parametrize(
    "url",
    SSRF_INTERNAL,
)
def test_internal_addresses_are_refused_by_default(settings, page_server, url):
    settings.PRIZM_FETCH_ALLOW_PRIVATE = False
    port = page_server.server.server_address[1]
    fetch = run_fetch(url.format(port=port))
    assert fetch.status == FetchStatus.FAILED
    assert "Adresse refusée" in fetch.error
    assert page_server.server.hits == []  # never contacted


@pytest.mark.parametrize("url", SSRF_SCHEMES)
def test_non_http_schemes_are_refused(settings, url):
    settings.PRIZM_FETCH_ALLOW_PRIVATE = True
    with pytest.raises(FetchError) as exc:
        fetch_page(url)
    assert "http" in str(exc.value)


def test_a_finished_fetch_is_not_run_twice(allow_private, page_server):
    fetch = run_fetch(f"{page_server}/article.html")
    hits = len(page_server.server.hits)
    again = services.source_fetch_run(fetch_id=fetch.pk)
    assert again.status == FetchStatus.SUCCEEDED and again.attempts == 1
    assert len(page_server.server.hits) == hits


def test_a_fetch_past_its_deadline_is_failed_not_left_running(allow_private, page_server):
    fetch = SourceFetch.objects.create(url=f"{page_server}/article.html",
                                       deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert fetch.is_overdue and not fetch.is_pending
    fetch = services.source_fetch_run(fetch_id=fetch.pk)
    assert fetch.status == FetchStatus.FAILED and "échéance" in fetch.error
    assert page_server.server.hits == []
