"""Studio pages: list (search, filters, sort, pagination, query count), detail, create/edit with
duplicate-URL message, inline extracts over htmx, permissions, URL import screens."""

import datetime
import re

import pytest
from django.urls import reverse

from sources.models import Extract, FetchStatus, Source, SourceFetch
from tests.factories import ArticleFactory, ExtractFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("studio:source_list")


def names(response) -> list[str]:
    return re.findall(r'class="sources-table__name"[^>]*>([^<]+)</a>', response.content.decode())


@pytest.fixture
def catalogue(db):
    return [
        SourceFactory(name="Baromètre vélo", publisher="Centre Pédalier", kind="barometre", reliability=8,
                      url="https://pedalier.example.org/barometre", language="fr",
                      published_on=datetime.date(2024, 9, 1), published_precision="month"),
        SourceFactory(name="Rapport rénovation", publisher="Agence Lumen", kind="rapport", reliability=9,
                      url="https://lumen.example.org/rapport", language="fr",
                      published_on=datetime.date(2024, 1, 1), published_precision="year"),
        SourceFactory(name="Repair survey", publisher="Boreal Institute", kind="enquete", reliability=4,
                      url="https://boreal.example.com/survey", language="en",
                      published_on=datetime.date(2025, 3, 12), published_precision="day"),
    ]


# --- access -----------------------------------------------------------------------------------

def test_anonymous_users_are_sent_to_login_and_outsiders_get_403(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory(username="lecteur"))
    assert client.get(LIST).status_code == 403
    assert client.post(reverse("studio:source_create"), {}).status_code == 403


def test_editors_cannot_delete_a_source_reviewers_can(editor_client, reviewer_client):
    source = SourceFactory()
    url = reverse("studio:source_delete", args=[source.pk])
    assert editor_client.post(url).status_code == 403
    assert b"Supprimer d\xc3\xa9finitivement" not in editor_client.get(source.get_absolute_url()).content
    response = reviewer_client.post(url, follow=True)
    assert "supprimée" in response.content.decode()
    assert not Source.objects.filter(pk=source.pk).exists()


def test_deleting_a_cited_source_is_refused_with_a_message(reviewer_client):
    source = SourceFactory()
    ArticleFactory(sources=[source])
    response = reviewer_client.post(reverse("studio:source_delete", args=[source.pk]), follow=True)
    assert "utilisée par des articles" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()


# --- list -------------------------------------------------------------------------------------

def test_list_shows_sources_with_date_reliability_and_counts(editor_client, catalogue):
    ExtractFactory(source=catalogue[0])
    ExtractFactory(source=catalogue[0])
    response = editor_client.get(LIST)
    html = response.content.decode()
    assert names(response) == ["Baromètre vélo", "Rapport rénovation", "Repair survey"]
    assert "septembre 2024" in html and ">2024<" in html and "12/03/2025" in html
    assert 'class="reliability reliability--high"' in html and "8/10" in html
    assert "Sources trouvées : 3" in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "lumen"}, ["Rapport rénovation"]),  # publisher
        ({"q": "pedalier.example"}, ["Baromètre vélo"]),  # URL
        ({"q": "survey"}, ["Repair survey"]),  # name
        ({"kind": "rapport"}, ["Rapport rénovation"]),
        ({"reliability_min": "8"}, ["Baromètre vélo", "Rapport rénovation"]),
        ({"reliability_max": "5"}, ["Repair survey"]),
        ({"reliability_min": "8", "reliability_max": "8"}, ["Baromètre vélo"]),
        ({"language": "en"}, ["Repair survey"]),
        ({"sort": "-reliability"}, ["Rapport rénovation", "Baromètre vélo", "Repair survey"]),
        ({"sort": "-published_on"}, ["Repair survey", "Baromètre vélo", "Rapport rénovation"]),
    ],
)
def test_list_search_filters_and_sort(editor_client, catalogue, params, expected):
    assert names(editor_client.get(LIST, params)) == expected


@pytest.mark.postgres
def test_names_sort_in_french_order(editor_client, catalogue):
    SourceFactory(name="Étude des ateliers")
    SourceFactory(name="Zoom sur le vélo")
    assert names(editor_client.get(LIST)) == [
        "Baromètre vélo", "Étude des ateliers", "Rapport rénovation", "Repair survey", "Zoom sur le vélo"]


def test_an_inverted_reliability_range_says_what_to_fix(editor_client, catalogue):
    html = editor_client.get(LIST, {"reliability_min": "9", "reliability_max": "3"}).content.decode()
    assert "La fiabilité minimale (9) dépasse la maximale (3)" in html


def test_htmx_filtering_returns_only_the_results_fragment(editor_client, catalogue):
    response = editor_client.get(LIST, {"kind": "barometre"}, **HTMX)
    html = response.content.decode()
    assert names(response) == ["Baromètre vélo"]
    assert "<html" not in html and "studio-nav" not in html


def test_empty_states(editor_client, catalogue):
    html = editor_client.get(LIST, {"q": "introuvable"}).content.decode()
    assert "Aucune source ne correspond" in html and "Effacer les filtres" in html
    Source.objects.all().delete()
    assert "Le registre est vide" in editor_client.get(LIST).content.decode()


def test_list_is_paginated_and_keeps_filters_in_page_links(editor_client):
    for i in range(30):
        SourceFactory(name=f"Étude {i:02d}", kind="etude")
    response = editor_client.get(LIST, {"kind": "etude"})
    assert len(names(response)) == 25
    assert "Page 1 sur 2" in response.content.decode()
    assert "?kind=etude&amp;page=2" in response.content.decode()
    assert len(names(editor_client.get(LIST, {"kind": "etude", "page": 2}))) == 5


def test_list_query_count_does_not_grow_with_the_number_of_sources(editor_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        source = SourceFactory()
        ExtractFactory(source=source)
    with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as few:
        editor_client.get(LIST)
    more = [SourceFactory() for _ in range(22)]
    for source in more:
        ExtractFactory(source=source)
    ArticleFactory(sources=more[:11])
    ArticleFactory(sources=more[5:])
    with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as many:
        response = editor_client.get(LIST, {"sort": "-reliability"})
    assert len(names(response)) == 25
    assert len(many) == len(few)  # counts come from one annotated query, not one per row


# --- create / edit ----------------------------------------------------------------------------

def form_data(**overrides):
    data = {"url": "https://obs.example.org/rapport", "name": "Rapport de l'observatoire", "publisher": "Obs",
            "kind": "rapport", "published": "mars 2025", "reliability": "7", "language": "fr", "notes": "",
            "text": "", "extracts-TOTAL_FORMS": "2", "extracts-INITIAL_FORMS": "0",
            "extracts-MIN_NUM_FORMS": "0", "extracts-MAX_NUM_FORMS": "50",
            "extracts-0-text": "Le réseau compte 2 350 ateliers.", "extracts-0-locator": "p. 2",
            "extracts-1-text": "", "extracts-1-locator": ""}
    data.update(overrides)
    return data


def test_create_a_source_with_its_extracts(editor_client, editor):
    response = editor_client.post(reverse("studio:source_create"), form_data(), follow=True)
    source = Source.objects.get()
    assert response.redirect_chain[-1][0] == source.get_absolute_url()
    assert (source.published_display, source.published_precision, source.created_by) == ("mars 2025", "month", editor)
    assert list(source.extracts.values_list("text", "locator")) == [("Le réseau compte 2 350 ateliers.", "p. 2")]
    assert "enregistrée" in response.content.decode()


@pytest.mark.parametrize("value", ["-1", "11"])
def test_create_refuses_a_reliability_outside_0_10_with_a_message(editor_client, value):
    html = editor_client.post(reverse("studio:source_create"), form_data(reliability=value)).content.decode()
    assert "La fiabilité va de 0 à 10" in html
    assert Source.objects.count() == 0


def test_create_with_a_duplicate_url_says_which_source_it_is_and_links_to_it(editor_client):
    existing = SourceFactory(name="Baromètre déjà là", url="https://obs.example.org/rapport")
    response = editor_client.post(reverse("studio:source_create"),
                                  form_data(url="https://www.obs.example.org/rapport/?utm_source=lettre"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette URL est déjà enregistrée : source « Baromètre déjà là »" in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert Source.objects.count() == 1


def test_the_add_extract_button_returns_a_numbered_row_and_the_new_total(editor_client):
    response = editor_client.get(reverse("studio:source_extract_row"), {"extracts-TOTAL_FORMS": "2"}, **HTMX)
    html = response.content.decode()
    assert 'name="extracts-2-text"' in html
    assert 'name="extracts-TOTAL_FORMS" value="3"' in html and 'data-hx-swap-oob="true"' in html


def test_edit_a_source(editor_client):
    source = SourceFactory(reliability=5, published_on=datetime.date(2024, 1, 1), published_precision="year")
    page = editor_client.get(reverse("studio:source_edit", args=[source.pk])).content.decode()
    assert 'value="2024"' in page  # the partial date is shown as typed
    data = {"url": source.url, "name": "Nom corrigé", "publisher": "", "kind": "note", "published": "12/03/2025",
            "reliability": "9", "language": "fr", "notes": "", "text": "Texte intégral collé."}
    editor_client.post(reverse("studio:source_edit", args=[source.pk]), data)
    source.refresh_from_db()
    assert (source.name, source.kind, source.reliability, source.published_display, source.text) == (
        "Nom corrigé", "note", 9, "12/03/2025", "Texte intégral collé.")


def test_edit_with_another_sources_url_is_refused_with_a_link(editor_client):
    first = SourceFactory(name="Première", url="https://a.example.org/x")
    second = SourceFactory(url="https://b.example.org/y")
    data = {"url": "https://a.example.org/x/", "name": second.name, "publisher": "", "kind": "etude", "published": "",
            "reliability": "8", "language": "fr", "notes": "", "text": ""}
    html = editor_client.post(reverse("studio:source_edit", args=[second.pk]), data).content.decode()
    assert "source « Première »" in html and f'href="{first.get_absolute_url()}"' in html
    second.refresh_from_db()
    assert second.url == "https://b.example.org/y"


# --- detail and inline extracts ---------------------------------------------------------------

def test_detail_shows_extracts_and_the_articles_citing_the_source(editor_client):
    source = SourceFactory(text="Le réseau compte 121 ateliers de réparation actifs en 2024. Autre phrase.")
    ExtractFactory(source=source, text="Le réseau compte 121 ateliers de réparation actifs en 2024.")
    ExtractFactory(source=source, text="Une phrase qui n'est pas dans le texte.")
    article = ArticleFactory(title="Réparer en ville", sources=[source])
    ArticleFactory(title="Article sans cette source")
    html = editor_client.get(source.get_absolute_url()).content.decode()
    assert "Réparer en ville" in html and "Article sans cette source" not in html
    assert f"badge-{article.status}" in html
    assert f'href="{reverse("studio:article_detail", args=[article.pk])}"' in html
    assert "dans le texte" in html and "absente du texte intégral" in html


def test_add_an_extract_inline_over_htmx(editor_client):
    source = SourceFactory()
    response = editor_client.post(reverse("studio:extract_add", args=[source.pk]),
                                  {"text": "Six ménages sur dix ont renoncé.", "locator": "p. 3"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card extracts" id="extracts"')
    assert "« Six ménages sur dix ont renoncé. »" in html and 'id="extract-count">1<' in html
    assert source.extracts.get().locator == "p. 3"


def test_inline_extract_errors_come_back_in_the_fragment(editor_client):
    source = SourceFactory()
    ExtractFactory(source=source, text="Déjà là.")
    html = editor_client.post(reverse("studio:extract_add", args=[source.pk]), {"text": "Déjà là."}, **HTMX).content.decode()
    assert "Cet extrait est déjà enregistré pour cette source." in html
    html = editor_client.post(reverse("studio:extract_add", args=[source.pk]), {"text": ""}, **HTMX).content.decode()
    assert "Collez la citation exacte" in html
    assert source.extracts.count() == 1


def test_edit_an_extract_inline_over_htmx(editor_client):
    extract = ExtractFactory(text="Ancienne citation.")
    url = reverse("studio:extract_edit", args=[extract.pk])
    form = editor_client.get(url, **HTMX).content.decode()
    assert f'<li class="extract extract--editing" id="extract-{extract.pk}">' in form and "Ancienne citation." in form
    prefix = f"extract-{extract.pk}"
    row = editor_client.post(url, {f"{prefix}-text": "Citation corrigée.", f"{prefix}-locator": "§ 2"}, **HTMX).content.decode()
    assert f'id="extract-{extract.pk}"' in row and "« Citation corrigée. »" in row and "extract--editing" not in row
    cancel = editor_client.get(reverse("studio:extract_row", args=[extract.pk]), **HTMX).content.decode()
    assert "« Citation corrigée. »" in cancel
    extract.refresh_from_db()
    assert (extract.text, extract.locator) == ("Citation corrigée.", "§ 2")


def test_remove_an_extract_inline_over_htmx(editor_client):
    source = SourceFactory()
    kept, removed = ExtractFactory(source=source, text="Reste."), ExtractFactory(source=source, text="Part.")
    html = editor_client.post(reverse("studio:extract_delete", args=[removed.pk]), **HTMX).content.decode()
    assert "« Reste. »" in html and "« Part. »" not in html
    assert list(source.extracts.all()) == [kept]


def test_extracts_work_without_javascript_too(editor_client):
    source = SourceFactory()
    response = editor_client.post(reverse("studio:extract_add", args=[source.pk]), {"text": "Sans htmx."}, follow=True)
    assert response.redirect_chain[-1][0] == source.get_absolute_url()
    assert "Extrait ajouté." in response.content.decode()
    extract = source.extracts.get()
    page = editor_client.get(reverse("studio:extract_edit", args=[extract.pk])).content.decode()
    assert "<html" in page and re.search(r"<h1>Modifier l(&#x27;|')extrait</h1>", page)


# --- URL import screens -------------------------------------------------------------------------

def test_requesting_a_url_records_the_fetch_and_enqueues_after_commit(editor_client, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(reverse("studio:source_fetch_create"), {"url": "https://journal.example.org/a"})
    fetch = SourceFetch.objects.get()
    assert response["Location"] == reverse("studio:source_fetch_detail", args=[fetch.pk])
    assert (fetch.status, fetch.requested_by) == (FetchStatus.QUEUED, editor)
    assert len(callbacks) == 1
    html = editor_client.get(response["Location"]).content.decode()
    assert "Demande en file d" in html and 'data-hx-trigger="every 1s"' in html


def test_requesting_a_registered_url_links_to_the_existing_source(editor_client):
    existing = SourceFactory(name="Déjà enregistrée", url="https://journal.example.org/a")
    html = editor_client.post(reverse("studio:source_fetch_create"),
                              {"url": "https://journal.example.org/a?utm_medium=social"}).content.decode()
    assert "Déjà enregistrée" in html and f'href="{existing.get_absolute_url()}"' in html
    assert SourceFetch.objects.count() == 0


def test_requesting_a_non_http_url_is_refused(editor_client):
    html = editor_client.post(reverse("studio:source_fetch_create"), {"url": "file:///etc/passwd"}).content.decode()
    assert "Seules les adresses http:// ou https://" in html
    assert SourceFetch.objects.count() == 0


def test_a_broker_that_is_down_leaves_the_request_recorded_with_a_clear_message(
    editor_client, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("studio:source_fetch_create"), {"url": "https://journal.example.org/b"})
    response = editor_client.get(response["Location"])
    fetch = SourceFetch.objects.get()
    assert fetch.status == FetchStatus.FAILED
    html = response.content.decode()
    assert "service de tâches est injoignable" in html and "la demande est enregistrée" in html
    assert "Réessayer" in html


def test_a_stuck_fetch_is_shown_as_failed_with_a_retry_button(editor_client, editor, django_capture_on_commit_callbacks):
    fetch = SourceFetch.objects.create(url="https://journal.example.org/c", status=FetchStatus.RUNNING,
                                       deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), requested_by=editor)
    html = editor_client.get(reverse("studio:source_fetch_detail", args=[fetch.pk])).content.decode()
    assert "échéance" in html and "Réessayer" in html and "every 1s" not in html
    fetch.refresh_from_db()
    assert fetch.status == FetchStatus.FAILED
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        editor_client.post(reverse("studio:source_fetch_retry", args=[fetch.pk]))
    fetch.refresh_from_db()
    assert fetch.status == FetchStatus.QUEUED and fetch.error == "" and not fetch.is_overdue
    assert len(callbacks) == 1


def test_a_fetched_page_prefills_a_source_that_keeps_the_fetched_text(editor_client, editor):
    fetch = SourceFetch.objects.create(
        url="https://journal.example.org/d", status=FetchStatus.SUCCEEDED, deadline=SourceFetch.default_deadline(),
        title="Titre lu sur la page", publisher="Journal Exemple", published_on=datetime.date(2025, 3, 12),
        language="fr", text="Le texte principal dit que 42 % des ateliers sont associatifs.", requested_by=editor)
    url = reverse("studio:source_fetch_detail", args=[fetch.pk])
    html = editor_client.get(url).content.decode()
    assert 'value="Titre lu sur la page"' in html and 'value="Journal Exemple"' in html and 'value="12/03/2025"' in html
    assert "42 % des ateliers" in html
    data = form_data(url=fetch.url, name="Titre corrigé", published="12/03/2025", reliability="6")
    data.pop("text")
    response = editor_client.post(reverse("studio:source_fetch_confirm", args=[fetch.pk]), data, follow=True)
    source = Source.objects.get()
    assert response.redirect_chain[-1][0] == source.get_absolute_url()
    assert (source.name, source.text) == ("Titre corrigé", fetch.text)
    assert source.extracts.count() == 1
    fetch.refresh_from_db()
    assert fetch.source == source
    assert "a servi à créer la source" in editor_client.get(url).content.decode()


def test_polling_a_pending_fetch_returns_only_the_panel(editor_client, editor):
    fetch = SourceFetch.objects.create(url="https://journal.example.org/e", deadline=SourceFetch.default_deadline(),
                                       requested_by=editor)
    html = editor_client.get(reverse("studio:source_fetch_detail", args=[fetch.pk]), **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="fetch-panel"') and "<html" not in html


def test_extract_model_order_is_kept(editor_client):
    source = SourceFactory()
    for text in ("Un.", "Deux.", "Trois."):
        editor_client.post(reverse("studio:extract_add", args=[source.pk]), {"text": text}, **HTMX)
    assert list(Extract.objects.filter(source=source).values_list("text", flat=True)) == ["Un.", "Deux.", "Trois."]


# --- issue 12 ---------------------------------------------------------------------------------

def field_block(html: str, name: str) -> str:
    """The markup of one field of the source form, from its wrapper to the next field."""
    start = html.index(f"field-{name}\"")
    end = html.find('<div class="field', start)
    return html[start:end if end != -1 else None]


def test_the_http_form_of_a_registered_https_address_is_refused_with_a_link(editor_client):
    existing = SourceFactory(name="Rapport en https", url="https://obs.example.org/rapport")
    html = editor_client.post(reverse("studio:source_create"),
                              form_data(url="http://obs.example.org/rapport")).content.decode()
    assert "source « Rapport en https »" in html and f'href="{existing.get_absolute_url()}"' in html
    assert Source.objects.count() == 1


def test_a_source_is_stored_and_shown_without_tracking_parameters(editor_client):
    editor_client.post(reverse("studio:source_create"),
                       form_data(url="https://obs.example.org/rapport?utm_source=lettre&utm_medium=email&fbclid=X"))
    source = Source.objects.get()
    assert source.url == "https://obs.example.org/rapport"
    detail = editor_client.get(source.get_absolute_url()).content.decode()
    listing = editor_client.get(LIST).content.decode()
    assert 'href="https://obs.example.org/rapport"' in detail
    assert "utm_" not in detail and "fbclid" not in detail and "utm_" not in listing


def test_a_field_in_error_shows_its_error_instead_of_its_help(editor_client):
    html = editor_client.post(reverse("studio:source_create"), form_data(reliability="11")).content.decode()
    reliability = field_block(html, "reliability")
    assert "La fiabilité va de 0 à 10 : 10 au maximum." in reliability
    assert "De 0 (douteuse) à 10 (référence)." not in reliability
    # The input is described by the error on screen, not by a help text that is not there.
    assert 'aria-describedby="id_reliability_error"' in reliability and 'id="id_reliability_error"' in reliability
    # Fields without errors keep their help.
    published = field_block(html, "published")
    assert "Année (2024), mois" in published and 'aria-describedby="id_published_helptext"' in published
    assert 'id="id_published_helptext"' in published
    # Once the field is valid again, its help comes back.
    fresh = editor_client.get(reverse("studio:source_create")).content.decode()
    assert "De 0 (douteuse) à 10 (référence)." in field_block(fresh, "reliability")


@pytest.mark.parametrize("screen", ["create", "edit", "fetch"])
def test_the_duplicate_url_message_is_shown_once_with_its_link(editor_client, screen):
    existing = SourceFactory(name="Baromètre déjà là", url="https://obs.example.org/rapport")
    duplicate = "http://www.obs.example.org/rapport/?utm_source=lettre"
    if screen == "create":
        response = editor_client.post(reverse("studio:source_create"), form_data(url=duplicate))
    elif screen == "edit":
        other = SourceFactory(url="https://obs.example.org/autre")
        data = {k: v for k, v in form_data(url=duplicate).items() if not k.startswith("extracts-")}
        response = editor_client.post(reverse("studio:source_edit", args=[other.pk]), data)
    else:
        response = editor_client.post(reverse("studio:source_fetch_create"), {"url": duplicate})
    html = response.content.decode()
    assert html.count("déjà enregistrée") == 1, html
    url_field = field_block(html, "url")
    assert "Cette URL est déjà enregistrée : source « Baromètre déjà là »" in url_field
    assert f'href="{existing.get_absolute_url()}"' in url_field
    assert html.count(f'href="{existing.get_absolute_url()}"') == 1


LONG_URL = ("https://www.observatoire-des-territoires-et-de-la-reparation.example.org/publications/"
            "rapports-annuels/2025/rapport-annuel-tiers-lieux-reparation-economie-circulaire.pdf?id=12345678")


def test_the_list_shows_long_urls_shortened_with_the_full_url_in_the_title(editor_client):
    SourceFactory(name="Rapport au long cours", url=LONG_URL)
    html = editor_client.get(LIST).content.decode()
    cell = re.search(r'<div class="sources-url sources-table__url[^"]*" title="([^"]+)">(.*?)</div>', html)
    assert cell, "the list has a dedicated URL cell"
    assert cell.group(1).replace("&amp;", "&") == LONG_URL
    shown = cell.group(2).replace("<wbr>", "")
    # The registered domain and the document's own name stay readable; the middle goes.
    assert shown == "…et-de-la-reparation.example.org/…/rapport-a…laire.pdf?…"
    assert len(shown) <= 56


def test_the_detail_shows_the_full_url_with_sensible_break_points(editor_client):
    source = SourceFactory(url=LONG_URL)
    html = editor_client.get(source.get_absolute_url()).content.decode()
    link = re.search(r'<a href="([^"]+)"[^>]*class="sources-url sources-url--wrap">(.*?)</a>', html)
    assert link.group(1).replace("&amp;", "&") == LONG_URL
    assert link.group(2).replace("<wbr>", "").replace("&amp;", "&") == LONG_URL
    assert "publications/<wbr>rapports-annuels/<wbr>" in link.group(2)  # breaks after slashes, not mid-word
