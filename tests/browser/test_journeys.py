"""End-to-end journeys of issue 8, each a test, in Debian's headless Chromium against `live_server`.

Every page fails its test on a JavaScript console error, an uncaught exception, an unexpected
alert/prompt, or an HTTP 5xx (tests/browser_support.py); a screenshot of every open page is saved
under tests/browser/artifacts/ (ignored by git) when a test fails. Each journey builds its own data
(tests/browser/journey_data.py), so they run in any order. Journey 1 launches a real draft on a real
Celery worker (offline provider: no network).
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from articles.models import ArticleStatus, AutosaveDraft, GenerationJob, PreviewLink
from sources.models import Source
from tests.browser.conftest import login
from tests.browser.journey_data import (
    PLANTED_BLOCKER,
    approve,
    assert_inert,
    blockers,
    clean_body,
    edit,
    make_draft,
    make_sources,
    mark_page,
    publish,
    still_same_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

expect.set_options(timeout=10_000)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def flash(page, text: str):
    """Wait for a flash message (they fade after a while: look for it in the DOM, not on screen)."""
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_attached()


def preview_links(page):
    return page.locator("section", has=page.get_by_role("heading", name="Liens d'aperçu"))


# --- 1. source → brief → draft on a real worker → findings ---------------------------------------


@pytest.mark.celery_worker
def test_journey_1_editor_registers_a_source_and_drafts_an_article(new_page, editor, celery_worker_process):
    make_sources("j1")  # the registry already holds a couple of sources
    page = new_page()
    login(page, "editeur")

    # Register a source with two extracts; the second extract row comes from an htmx request.
    page.get_by_role("navigation", name="Navigation du studio").get_by_role("link", name="Sources").click()
    page.get_by_role("link", name="Nouvelle source").first.click()
    page.get_by_label("Adresse (URL)").fill("https://fub.example.org/barometre-velo-2025")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Baromètre des villes cyclables")
    page.get_by_label("Éditeur").fill("Fédération des usagers de la bicyclette")
    page.get_by_label("Type").select_option("barometre")
    page.get_by_label("Date de publication").fill("mars 2025")
    page.get_by_label("Fiabilité (0 à 10)").fill("8")
    page.get_by_label("Texte intégral").fill(
        "Le baromètre a recueilli 250 000 réponses. 62 % des répondants jugent les pistes cyclables "
        "insuffisantes. Le vélo représente 5 % des trajets domicile-travail."
    )
    mark_page(page)
    page.get_by_role("group", name="Extrait 1").get_by_label("Citation exacte").fill(
        "Le baromètre a recueilli 250 000 réponses."
    )
    page.get_by_role("button", name="Ajouter un extrait").click()
    second = page.get_by_role("group", name="Extrait 2")
    second.get_by_label("Citation exacte").fill("62 % des répondants jugent les pistes cyclables insuffisantes.")
    second.get_by_label("Emplacement").fill("p. 4")
    assert still_same_page(page), "adding an extract row reloaded the page"
    page.get_by_role("button", name="Enregistrer la source").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baromètre des villes cyclables")
    expect(page.locator("#extract-count")).to_have_text("2")
    source = Source.objects.get(name="Baromètre des villes cyclables")
    assert source.extracts.count() == 2

    # Open a brief on it, picking the source through the htmx search.
    page.get_by_role("navigation", name="Navigation du studio").get_by_role("link", name="Briefs").click()
    page.get_by_role("link", name="Nouveau brief").first.click()
    page.get_by_label("Sujet").fill("Les villes françaises sont-elles cyclables ?")
    page.get_by_label("Angle souhaité").fill("Ce que les usagers disent de leurs trajets.")
    page.get_by_label("Rechercher une source").fill("cyclables")
    results = page.get_by_role("list", name="Sources trouvées")
    expect(results.locator(".source-pick")).to_have_count(1)
    results.get_by_label(re.compile("Baromètre des villes cyclables")).check()
    chosen = page.get_by_role("list", name="Sources retenues, dans l'ordre de l'article")
    expect(chosen).to_contain_text("Baromètre des villes cyclables")
    page.get_by_role("button", name="Enregistrer le brief seulement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les villes françaises sont-elles cyclables ?")

    # Launch the draft and watch the progress bar, polled by htmx, reach 100 %.
    page.get_by_role("button", name="Lancer la rédaction").click()
    page.wait_for_url(re.compile(r"/studio/taches/\d+/$"))
    mark_page(page)
    progress = page.get_by_role("progressbar", name="Progression")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    expect(page.get_by_text("100 %", exact=True)).to_be_visible()
    expect(page.get_by_text("Brouillon enregistré")).to_be_visible()
    assert still_same_page(page), "the job page reloaded instead of being updated in place"
    job = GenerationJob.objects.get(brief__topic="Les villes françaises sont-elles cyclables ?")
    assert job.status == "succeeded", job.error

    # Open the draft: it opens in the editor, with its text and the quality gate's findings panel.
    page.get_by_role("link", name="Ouvrir le brouillon").click()
    page.wait_for_url(f"**/studio/articles/{job.result_article_id}/edit/")
    article = job.result_article
    expect(page.locator("#id_title")).to_have_value(article.title)
    expect(page.locator("#id_body")).to_have_value(article.body)
    panel = page.get_by_role("complementary", name="Contrôle qualité")
    expect(panel).to_be_visible()
    # The offline writer quotes the registered extracts, so its draft passes the gate.
    expect(panel).to_contain_text("Aucun problème détecté")
    assert blockers(article) == []
    assert list(article.sources.all()) == [source]
    assert "« 62 % des répondants jugent les pistes cyclables insuffisantes »" in article.body


# --- 2. edit with live preview, fix a planted blocker, save, submit --------------------------------


def test_journey_2_editor_fixes_a_planted_blocker_and_submits(new_page, editor):
    workshops, barometer = make_sources("j2")
    body = clean_body(workshops, barometer, extra=f"\n{PLANTED_BLOCKER}\n")
    article = make_draft(author=editor, title="Réparer plutôt que jeter : le bilan", body=body,
                         sources=[workshops, barometer])
    assert "placeholder" in blockers(article)

    page = new_page()
    login(page, "editeur")
    page.get_by_role("navigation", name="Navigation du studio").get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Réparer plutôt que jeter : le bilan").first.click()
    # Submitting is refused while the blocker is there, and the page says why.
    submit = page.get_by_role("button", name="Soumettre à la relecture")
    expect(submit).to_be_disabled()
    expect(submit).to_have_accessible_description(re.compile("contrôle qualité.*Emplacement non rempli"))

    page.get_by_role("link", name="Modifier", exact=True).first.click()
    page.wait_for_url(f"**/studio/articles/{article.pk}/edit/")
    panel = page.get_by_role("complementary", name="Contrôle qualité")
    finding = panel.locator("[data-finding][data-code=placeholder]")
    expect(finding).to_contain_text(PLANTED_BLOCKER)
    preview = page.locator("#live-preview")
    expect(preview).to_contain_text(PLANTED_BLOCKER)

    # "Voir le passage" selects the slot in the text; typing replaces it; the preview follows.
    mark_page(page)
    finding.get_by_role("button", name="Voir le passage").click()
    selected = page.evaluate(
        "() => { const t = document.getElementById('id_body'); return t.value.slice(t.selectionStart, t.selectionEnd); }"
    )
    assert selected == PLANTED_BLOCKER
    replacement = f"Les ateliers gagnent les villes moyennes (Source : {workshops.name})."
    page.keyboard.type(replacement)
    expect(page.locator("[data-findings-stale]")).to_be_visible()
    expect(preview).to_contain_text("Les ateliers gagnent les villes moyennes")
    expect(preview).not_to_contain_text("Insérer ici")
    expect(preview.locator("a.citation").first).to_be_visible()
    assert still_same_page(page)

    page.get_by_label("Raison de la modification").fill("Emplacement vide remplacé")
    page.get_by_role("button", name="Enregistrer une révision").click()
    flash(page, "Révision 2 enregistrée.")
    panel = page.get_by_role("complementary", name="Contrôle qualité")
    expect(panel).to_contain_text("Aucun problème détecté")
    expect(page.get_by_label("Texte (markdown)")).to_have_value(re.compile("Les ateliers gagnent les villes moyennes"))
    assert blockers(article) == []

    page.get_by_role("link", name="Fiche et publication").click()
    page.get_by_role("button", name="Soumettre à la relecture").click()
    flash(page, "Article soumis à la relecture")
    expect(page.locator(".wf-meta .badge").first).to_have_text("En relecture")
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert article.current_revision.number == 2
    assert PLANTED_BLOCKER not in article.body


# --- 3. review: diff, request changes, fix, resubmit, approve, publish ----------------------------


def test_journey_3_review_request_changes_then_approve_and_publish(new_page, editor, reviewer):
    workshops, barometer = make_sources("j3")
    article = make_draft(author=editor, title="Le coût réel de la réparation", body=clean_body(workshops, barometer),
                         sources=[workshops, barometer])
    # Approved once, then the editor added a paragraph: it is back in the review queue.
    approve(article, editor=editor, reviewer=reviewer)
    added = (
        "\n## Et demain ?\n\n"
        f"Les ateliers veulent former davantage de bénévoles (Source : {workshops.name}).\n"
    )
    edit(article, editor, body=article.body + added)
    assert article.status == ArticleStatus.IN_REVIEW

    reviewing = new_page()
    login(reviewing, "relecteur")
    reviewing.get_by_role("navigation", name="Navigation du studio").get_by_role("link", name="Relecture").click()
    expect(reviewing.get_by_role("heading", level=1)).to_have_text("File de relecture")
    reviewing.get_by_role("row", name=re.compile("Le coût réel de la réparation")).get_by_role("link", name="Relire").click()
    reviewing.wait_for_url(f"**/studio/articles/{article.pk}/review/")
    # The diff against the approved revision shows exactly what the editor added.
    expect(reviewing.get_by_role("heading", name=re.compile("Changements depuis la révision 1"))).to_be_visible()
    diff = reviewing.get_by_role("table", name="Comparaison ligne à ligne")
    expect(diff.locator(".diff__cell--right ins", has_text="former davantage de bénévoles")).to_be_visible()
    reviewing.get_by_label("Commentaire", exact=True).fill("Quelle source pour les bénévoles ?")
    reviewing.get_by_label("Passage concerné (facultatif)").fill("former davantage de bénévoles")
    reviewing.get_by_role("button", name="Commenter").click()
    flash(reviewing, "Commentaire ajouté.")
    reviewing.get_by_label("Ce qu'il faut modifier").fill("Chiffrez les bénévoles formés, source à l'appui.")
    reviewing.get_by_role("button", name="Demander des modifications").click()
    flash(reviewing, "Modifications demandées")

    # The editor sees the request on the article page, fixes the text and resubmits.
    editing = new_page()
    login(editing, "editeur")
    editing.goto(f"/studio/articles/{article.pk}/")
    expect(editing.locator(".wf-meta .badge").first).to_have_text("Modifications demandées")
    expect(editing.locator(".alert", has_text=f"Modifications demandées par {reviewer.first_name}")).to_contain_text(
        "Chiffrez les bénévoles formés"
    )
    expect(editing.locator("#comments")).to_contain_text("Quelle source pour les bénévoles ?")
    editing.get_by_role("link", name="Modifier", exact=True).first.click()
    body = editing.get_by_label("Texte (markdown)")
    fixed = body.input_value().replace(
        "Les ateliers veulent former davantage de bénévoles",
        "En 2024, le réseau compte 1 240 ateliers de réparation, qui veulent former davantage de bénévoles",
    )
    body.fill(fixed)
    editing.get_by_role("button", name="Enregistrer une révision").click()
    flash(editing, "Révision 3 enregistrée.")
    editing.get_by_role("link", name="Fiche et publication").click()
    editing.get_by_role("button", name="Soumettre à la relecture").click()
    flash(editing, "Article soumis à la relecture")

    # The reviewer approves the new revision and publishes it.
    reviewing.get_by_role("navigation", name="Navigation du studio").get_by_role("link", name="Relecture").click()
    reviewing.get_by_role("row", name=re.compile("Le coût réel de la réparation")).get_by_role("link", name="Relire").click()
    # The diff starts from the revision the reviewer sent back, so only the fix is highlighted.
    expect(reviewing.get_by_role("heading", name=re.compile("Changements depuis la révision 2"))).to_be_visible()
    expect(diff.locator(".diff__cell--right ins", has_text="le réseau compte 1 240").first).to_be_visible()
    reviewing.get_by_role("button", name="Approuver la révision 3").click()
    flash(reviewing, "Version approuvée")
    reviewing.get_by_role("button", name="Publier", exact=True).click()  # confirmation accepted
    flash(reviewing, "Article publié")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_revision.number == 3

    reader = new_page()
    reader.goto(f"/articles/{article.slug}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Le coût réel de la réparation")
    expect(reader.locator(".article-body")).to_contain_text("qui veulent former davantage de bénévoles")


# --- 4. an anonymous reader: home, search, article, citation → references, RSS --------------------


def test_journey_4_reader_finds_reads_and_follows_an_article(new_page, editor, reviewer):
    workshops, barometer = make_sources("j4")
    article = make_draft(author=editor, title="Ateliers de réparation : la carte de France",
                         body=clean_body(workshops, barometer), sources=[workshops, barometer])
    publish(article, editor=editor, reviewer=reviewer)

    page = new_page()
    page.goto("/")
    card = page.get_by_role("region", name="Derniers articles").get_by_role(
        "link", name="Ateliers de réparation : la carte de France"
    )
    expect(card).to_have_attribute("href", f"/articles/{article.slug}/")

    # Through search: the header's search box, then the hit.
    search = page.get_by_role("searchbox", name="Rechercher")
    search.fill("ateliers réparation")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("status").filter(has_text="résultat")).to_contain_text("1 résultat pour")
    page.get_by_role("main").get_by_role("link", name="Ateliers de réparation : la carte de France").click()
    page.wait_for_url(f"**/articles/{article.slug}/")

    # Read it, with its promise line, then follow a citation to the references block.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ateliers de réparation : la carte de France")
    expect(page.get_by_role("link", name="Analyse factuelle basée sur 2 sources vérifiées")).to_be_visible()
    body = page.locator(".article-body")
    expect(body).to_contain_text("Le réseau compte 1")
    citation = body.locator("a.citation", has_text=workshops.name).first
    citation.click()
    assert urlsplit(page.url).fragment == "source-1"
    target = page.locator("#source-1")
    expect(target).to_be_in_viewport()
    references = page.get_by_role("region", name="Sources et références")
    expect(references.locator("li.reference")).to_have_count(2)
    expect(target).to_contain_text(workshops.name)
    expect(target.get_by_role("link", name=re.compile(workshops.name))).to_have_attribute("href", workshops.url)
    expect(target).to_contain_text("Fiabilité 8/10")

    # The RSS feed the page advertises lists it.
    feed_href = page.locator("link[rel=alternate][type='application/rss+xml']").get_attribute("href")
    response = page.request.get(feed_href)
    assert response.status == 200
    assert "xml" in response.headers["content-type"]
    channel = ET.fromstring(response.body()).find("channel")
    items = {item.findtext("title"): item.findtext("link") for item in channel.iter("item")}
    assert "Ateliers de réparation : la carte de France" in items
    assert urlsplit(items["Ateliers de réparation : la carte de France"]).path == f"/articles/{article.slug}/"


# --- 5. two editors save the same article: conflict view, nothing lost ----------------------------


def test_journey_5_concurrent_saves_show_the_conflict_and_lose_nothing(new_page, editor, other_editor):
    workshops, barometer = make_sources("j5")
    article = make_draft(author=editor, title="Les cafés réparation en chiffres", body=clean_body(workshops, barometer),
                         sources=[workshops, barometer])
    first, second = new_page(), new_page()
    login(first, "editeur")
    login(second, "editeur2")
    for page in (first, second):
        page.goto(f"/studio/articles/{article.pk}/edit/")
        expect(page.get_by_label("Texte (markdown)")).to_have_value(re.compile("1 240 ateliers"))

    mine_first = "Les cafés réparation ouvrent aussi le samedi."
    mine_second = "Les ménages réparent surtout le petit électroménager."
    body_first = first.get_by_label("Texte (markdown)")
    body_first.fill(body_first.input_value().replace("## Un réseau qui s'étoffe\n", f"## Un réseau qui s'étoffe\n\n{mine_first}\n"))
    body_second = second.get_by_label("Texte (markdown)")
    body_second.fill(body_second.input_value().rstrip("\n") + f"\n\n{mine_second}\n")

    first.get_by_role("button", name="Enregistrer une révision").click()
    flash(first, "Révision 2 enregistrée.")

    second.get_by_role("button", name="Enregistrer une révision").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Votre enregistrement n'a pas écrasé celui d'un collègue")
    expect(second.get_by_role("alert").first).to_contain_text("Rien n'est perdu")
    expect(second.get_by_role("textbox", name="Votre texte")).to_have_value(re.compile(mine_second))
    expect(second.get_by_role("textbox", name="Texte enregistré")).to_have_value(re.compile(mine_first))
    expect(second.get_by_role("heading", name="Les deux versions côte à côte")).to_be_visible()
    # Until the merge is saved, the second editor's text is also kept in their autosave.
    assert mine_second in AutosaveDraft.objects.get(article=article, user=other_editor).body
    merged = second.get_by_label("Texte fusionné")
    expect(merged).to_have_value(re.compile(mine_first))
    expect(merged).to_have_value(re.compile(mine_second))
    second.get_by_role("button", name="Enregistrer la version fusionnée").click()
    flash(second, "Révision 3 enregistrée.")

    article.refresh_from_db()
    assert mine_first in article.body and mine_second in article.body
    assert article.current_revision.number == 3
    assert article.current_revision.author.username == "editeur2"


# --- 6. preview link: created by a reviewer, read anonymously, revoked ----------------------------


def test_journey_6_preview_link_created_opened_and_revoked(new_page, editor, reviewer):
    workshops, barometer = make_sources("j6")
    article = make_draft(author=editor, title="Réparer son vélo coûte-t-il cher ?", body=clean_body(workshops, barometer),
                         sources=[workshops, barometer])

    studio = new_page()
    login(studio, "relecteur")
    studio.goto(f"/studio/articles/{article.pk}/")
    links = preview_links(studio)
    links.get_by_label("Valable (jours)").fill("3")
    links.get_by_role("button", name="Créer un lien").click()
    flash(studio, "Lien d'aperçu créé")
    url = links.get_by_role("textbox", name="Adresse du lien").input_value()
    link = PreviewLink.objects.get(article=article)
    assert url.endswith(f"/preview/{link.token}/")

    anonymous = new_page()
    response = anonymous.goto(url)
    assert response.status == 200
    expect(anonymous.get_by_role("status").filter(has_text="Aperçu — non publié")).to_be_visible()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Réparer son vélo coûte-t-il cher ?")
    expect(anonymous.locator(".article-body")).to_contain_text("1 240 ateliers")
    assert anonymous.evaluate("document.querySelector('meta[name=robots]')?.content") == "noindex"
    # Not on the public site: it is only a draft.
    assert anonymous.request.get(f"/articles/{article.slug}/").status == 404

    links.get_by_role("button", name="Révoquer").click()  # confirmation accepted
    flash(studio, "Lien d'aperçu révoqué")
    expect(links).to_contain_text("révoqué")
    expect(links.get_by_role("textbox", name="Adresse du lien")).to_have_count(0)

    response = anonymous.goto(url)
    assert response.status == 404
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(anonymous.get_by_text("Réparer son vélo coûte-t-il cher ?")).to_have_count(0)
    link.refresh_from_db()
    assert link.revoked_at is not None


# --- 7. hostile content never executes ------------------------------------------------------------

HOSTILE_EXTRACT = (
    "<script>window.__pwned='extract-script';alert('extract-script')</script>"
    "<img src=x onerror=\"window.__pwned='extract-img';alert('extract-img')\">"
    "<a href=\"javascript:window.__pwned='extract-link';alert('extract-link')\">lien piégé</a>"
)


def hostile_body(workshops, barometer) -> str:
    return clean_body(workshops, barometer) + (
        "\n## Pièges\n\n"
        "<script>window.__pwned='body-script';alert('body-script')</script>\n\n"
        "<img src=\"x\" onerror=\"window.__pwned='body-img';alert('body-img')\">\n\n"
        "Un [lien piégé](javascript:window.__pwned='body-link';alert('body-link')) dans le texte.\n\n"
        "Une ![image piégée](x\" onerror=\"window.__pwned='body-md-img';alert('body-md-img')) aussi.\n\n"
        "<a href=\"JaVaScRiPt:window.__pwned='body-a';alert('body-a')\">autre lien</a>\n"
    )


def test_journey_7_hostile_content_never_executes(new_page, editor, reviewer):
    workshops, barometer = make_sources("j7")
    article = make_draft(author=editor, title="Ce que cachent les ateliers", body=clean_body(workshops, barometer),
                         sources=[workshops, barometer])

    page = new_page()
    login(page, "editeur")
    # A hostile extract, added through the inline htmx form: shown as text.
    page.goto(f"/studio/sources/{workshops.pk}/")
    page.get_by_label("Citation exacte").fill(HOSTILE_EXTRACT)
    page.get_by_role("button", name="Ajouter l'extrait").click()
    expect(page.locator("#extract-count")).to_have_text("3")
    expect(page.locator("#extract-list")).to_contain_text("<script>window.__pwned='extract-script'")
    assert_inert(page, "source page after the htmx swap")
    page.reload()
    assert_inert(page, "source page")

    # A hostile body, typed in the editor: the live preview (htmx) and the saved page stay inert.
    page.goto(f"/studio/articles/{article.pk}/edit/")
    body = page.get_by_label("Texte (markdown)")
    body.fill(hostile_body(workshops, barometer))
    body.press("End")
    preview = page.locator("#live-preview")
    expect(preview).to_contain_text("<script>window.__pwned='body-script'")
    expect(preview).to_contain_text("lien piégé")
    assert_inert(page, "editor live preview")
    preview.get_by_text("lien piégé").click()
    page.get_by_role("button", name="Enregistrer une révision").click()
    flash(page, "Révision 2 enregistrée.")
    assert_inert(page, "editor after save")
    page.goto(f"/studio/articles/{article.pk}/")
    assert_inert(page, "studio article page")
    page.goto(f"/studio/articles/{article.pk}/diff/")
    assert_inert(page, "revision diff")

    # The reviewer's page renders the body as it will be published; the preview link shows it to anyone.
    reviewing = new_page()
    login(reviewing, "relecteur")
    reviewing.goto(f"/studio/articles/{article.pk}/review/")
    assert_inert(reviewing, "review page")
    reviewing.goto(f"/studio/articles/{article.pk}/")
    preview_links(reviewing).get_by_role("button", name="Créer un lien").click()
    flash(reviewing, "Lien d'aperçu créé")
    url = preview_links(reviewing).get_by_role("textbox", name="Adresse du lien").input_value()

    anonymous = new_page()
    anonymous.goto(url)
    expect(anonymous.locator(".article-body")).to_contain_text("lien piégé")
    anonymous.locator(".article-body").get_by_text("lien piégé").click()
    anonymous.locator(".article-body").get_by_text("autre lien").click()
    assert_inert(anonymous, "public preview")

    # Published, the public page is just as inert.
    article.refresh_from_db()
    assert "<script>" in article.body
    assert blockers(article) == []
    publish(article, editor=editor, reviewer=reviewer)
    anonymous.goto(f"/articles/{article.slug}/")
    expect(anonymous.locator(".article-body")).to_contain_text("<script>window.__pwned='body-script'")
    anonymous.locator(".article-body").get_by_text("lien piégé").click()
    assert_inert(anonymous, "public article page")
