"""Sources screens in real Chromium: list filtering and inline extracts happen without a page reload.

Lives in tests/browser/ to share its session-wide browser (two Playwright sync instances cannot run
side by side in one process)."""

import pytest
from playwright.sync_api import expect

from sources.models import Source
from tests.browser.conftest import login
from tests.factories import ExtractFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mark_page(page):
    """A flag that survives htmx swaps but not a full reload."""
    page.evaluate("window.__noReload = true")


def still_same_page(page) -> bool:
    return page.evaluate("window.__noReload === true")


def test_list_filters_update_results_in_place(page, editor):
    SourceFactory(name="Baromètre vélo", kind="barometre", url="https://velo.example.org/b")
    SourceFactory(name="Rapport rénovation", kind="rapport", url="https://lumen.example.org/r")
    login(page, "editeur")
    page.goto("/studio/sources/")
    mark_page(page)
    page.get_by_label("Rechercher").fill("vélo")
    page.wait_for_url("**/studio/sources/?*q=v*")
    rows = page.locator(".sources-table__name")
    rows.first.wait_for()
    expect(rows).to_have_count(1)  # (no wait_for_function: the CSP forbids evaluating strings)
    assert rows.all_inner_texts() == ["Baromètre vélo"]
    page.get_by_label("Rechercher").fill("")
    page.get_by_label("Type").select_option("rapport")
    expect(rows.first).to_have_text("Rapport rénovation")
    assert still_same_page(page)


def test_inline_extracts_add_edit_remove_without_reload(page, editor):
    source = SourceFactory(name="Étude ateliers", text="Le réseau compte 2 350 ateliers. Le coût moyen est de 67 euros.")
    ExtractFactory(source=source, text="Le coût moyen est de 67 euros.")
    login(page, "editeur")
    page.goto(f"/studio/sources/{source.pk}/")
    mark_page(page)

    page.get_by_label("Citation exacte").fill("Le réseau compte 2 350 ateliers.")
    page.get_by_role("button", name="Ajouter l'extrait").click()
    page.locator("#extract-count", has_text="2").wait_for()
    assert "« Le réseau compte 2 350 ateliers. »" in page.locator("#extract-list").inner_text()

    # The same quote twice: the error shows in place, the text typed is kept.
    page.get_by_label("Citation exacte").fill("Le réseau compte 2 350 ateliers.")
    page.get_by_role("button", name="Ajouter l'extrait").click()
    page.get_by_text("Cet extrait est déjà enregistré pour cette source.").wait_for()
    assert page.get_by_label("Citation exacte").input_value() == "Le réseau compte 2 350 ateliers."

    first = page.locator(".extract").first
    first.get_by_role("link", name="Modifier").click()
    editing = page.locator(".extract--editing")
    editing.get_by_label("Citation exacte").fill("Le coût moyen est de 67 euros")
    editing.get_by_label("Emplacement").fill("p. 4")
    editing.get_by_role("button", name="Enregistrer").click()
    page.locator(".extract", has_text="p. 4").wait_for()

    page.locator(".extract", has_text="2 350").get_by_role("button", name="Supprimer").click()  # confirm accepted
    page.locator("#extract-count", has_text="1").wait_for()
    assert still_same_page(page)
    assert list(source.extracts.values_list("text", "locator")) == [("Le coût moyen est de 67 euros", "p. 4")]


def test_create_form_adds_extract_rows_in_place(page, editor):
    login(page, "editeur")
    page.goto("/studio/sources/nouvelle/")
    page.get_by_label("Adresse (URL)").fill("https://obs.example.org/enquete")
    page.get_by_label("Nom").fill("Enquête des ateliers")
    page.get_by_label("Type").select_option("enquete")
    page.get_by_label("Date de publication").fill("mars 2025")
    page.get_by_label("Fiabilité (0 à 10)").fill("7")
    page.locator("textarea[name='extracts-0-text']").fill("Premier extrait, 12 %.")
    page.get_by_role("button", name="Ajouter un extrait").click()
    page.locator("textarea[name='extracts-1-text']").fill("Second extrait, 30 %.")
    page.get_by_role("button", name="Ajouter un extrait").click()
    extra = page.locator("textarea[name='extracts-2-text']")
    extra.fill("Un extrait de trop.")
    # « Retirer » is handled by prizm.js (data-remove-closest): no htmx wiring to wait for.
    page.locator(".extract-formrow__remove").last.click()  # « Retirer » takes the row away
    expect(extra).to_have_count(0)
    page.get_by_role("button", name="Enregistrer la source").click()
    page.get_by_role("heading", name="Enquête des ateliers").wait_for()
    source = Source.objects.get()
    assert source.published_display == "mars 2025"
    assert list(source.extracts.values_list("text", flat=True)) == ["Premier extrait, 12 %.", "Second extrait, 30 %."]


LONG_URL = ("https://www.observatoire-des-territoires-et-de-la-reparation.example.org/publications/"
            "rapports-annuels/2025/rapport-annuel-tiers-lieux-reparation-economie-circulaire.pdf?id=12345678")

OVERFLOW = """() => {
  const page = document.documentElement;
  const boxes = [...document.querySelectorAll('.table-wrap, .card, .field')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => el.className);
  return {page: page.scrollWidth - page.clientWidth, boxes};
}"""


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_list_detail_and_form_fit_the_screen_with_long_urls(new_page, editor, width, height):
    """Issue 12: no horizontal scroll (of the page or inside the list) on a phone or a desktop, and
    long URLs shortened in the list (full URL in the title) instead of broken mid-word."""
    source = SourceFactory(name="Rapport annuel sur les tiers-lieux de réparation et l'économie circulaire",
                           publisher="Observatoire national des territoires et de la réparation", url=LONG_URL)
    ExtractFactory(source=source)
    for i in range(3):
        SourceFactory(name=f"Baromètre régional des ateliers {i}")
    page = new_page(viewport={"width": width, "height": height})
    login(page, "editeur")

    page.goto("/studio/sources/")
    url_cell = page.locator(".sources-table__url", has_text="example.org/…/")
    assert url_cell.get_attribute("title") == LONG_URL
    assert "publications" not in url_cell.inner_text()  # the middle of the path is left out
    assert url_cell.evaluate("el => getComputedStyle(el).wordBreak") != "break-all"
    assert page.evaluate(OVERFLOW) == {"page": 0, "boxes": []}

    page.goto(f"/studio/sources/{source.pk}/")
    address = page.locator(".source-facts a.sources-url")
    assert address.inner_text().replace("\n", "") == LONG_URL  # all of it, wrapped where it can be
    assert page.evaluate(OVERFLOW) == {"page": 0, "boxes": []}

    page.goto("/studio/sources/nouvelle/")
    page.get_by_label("Adresse (URL)").fill(LONG_URL.replace("https://", "http://") + "&utm_source=lettre")
    page.get_by_label("Nom").fill("Doublon")
    page.get_by_label("Fiabilité (0 à 10)").fill("12")
    page.get_by_role("button", name="Enregistrer la source").click()
    page.get_by_role("link", name="Ouvrir la source existante").wait_for()
    assert page.get_by_text("déjà enregistrée").count() == 1
    assert page.get_by_text("De 0 (douteuse) à 10 (référence).").count() == 0
    assert page.get_by_text("La fiabilité va de 0 à 10 : 10 au maximum.").is_visible()
    assert page.evaluate(OVERFLOW) == {"page": 0, "boxes": []}
