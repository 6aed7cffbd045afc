"""English mode in Chromium (issue 12): after the language switch, the studio dashboard, an editor with
findings, a finished job and a published article with a table of contents show no French left over.

Set PRIZM_SCREENSHOTS=/some/dir to keep a full-page screenshot of each screen (never in the repo).
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from articles import drafting
from articles.drafting import runner
from articles.quality import gate_revision
from tests.browser.conftest import login
from tests.factories import ArticleFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Known French strings of issue 12, and a French finding message.
FRENCH = ["Sommaire", "Terminé", "Brouillon généré", "Emplacement non rempli", "Chiffre sans source", "Tableau de bord"]
SHOTS = os.environ.get("PRIZM_SCREENSHOTS")

BODY = (
    "## Bilan\n\n"
    "Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n\n"
    "[Insérer ici le chiffre de l'an dernier]\n\n"
    "Près de 45 % des ménages font réparer leurs appareils.\n"
)


@pytest.fixture(autouse=True)
def offline(settings):
    settings.PRIZM_LLM_PROVIDER = "offline"
    settings.PRIZM_MONTHLY_BUDGET = None
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def no_french(page, *, also=()) -> str:
    text = page.locator("body").text_content()  # as written, whatever CSS capitalizes
    left = [word for word in [*FRENCH, *also] if word.lower() in text.lower()]
    assert left == [], f"French left on {page.url}: {left}"
    return text


def long_body() -> str:
    paragraph = " ".join(["Les ateliers de réparation progressent dans toute la région (Source : Observatoire des ateliers)."] * 16)
    return "\n\n".join(f"## Partie {n}\n\n{paragraph}" for n in range(1, 5)) + "\n"


def test_english_screens_show_no_french(new_page, editor):
    from tests.articles.public.conftest import publish

    source = SourceFactory(name="Observatoire des ateliers", text="Le réseau compte 1 240 ateliers en 2024.")
    with_findings = ArticleFactory(title="Ateliers : le bilan", body=BODY, sources=[source], description="",
                                   created_by=editor)
    gate_revision(with_findings.current_revision)
    brief = drafting.brief_create(user=editor, topic="Les ateliers de réparation", sources=[source])
    job = drafting.draft_launch(brief=brief, user=editor)
    runner.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    published = publish(ArticleFactory(title="Réparer en région", body=long_body(), sources=[source],
                                       created_by=editor, description="Analyse factuelle basée sur 1 source vérifiée."))

    page = new_page(locale="fr-FR")
    login(page, "editeur")
    assert "Tableau de bord" in page.locator("body").inner_text()
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()

    # The dashboard.
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    no_french(page)
    strings = page.evaluate("JSON.parse(document.getElementById('prizm-strings').textContent)")
    assert strings["copied"] == "Copied ✓" and strings["unreachable"].startswith("Server unreachable")
    page.evaluate("document.dispatchEvent(new CustomEvent('htmx:sendError'))")  # prizm.js's toast
    assert page.locator("#toast .flash-error").last.inner_text().startswith("Server unreachable")
    shot(page, "1-dashboard")

    # An editor with findings.
    page.goto(reverse("studio:article_edit", args=[with_findings.pk]))
    text = no_french(page)
    assert "Unfilled placeholder or instruction left in the text" in text
    assert "Figure without a source in its sentence" in text
    shot(page, "2-editor-findings")

    # The job page of a finished job, and the history of the draft it wrote.
    page.goto(reverse("studio:job_detail", args=[job.pk]))
    text = no_french(page)
    assert "Succeeded" in text
    shot(page, "3-job-finished")
    page.goto(reverse("studio:article_history", args=[job.result_article_id]))
    text = no_french(page)
    assert "Generated draft (offline)" in text
    shot(page, "4-history")

    # A published article with a table of contents.
    page.goto(reverse("article_detail", args=[published.slug]))
    text = no_french(page)
    toc = page.locator("nav.toc")
    assert toc.get_attribute("aria-label") == "Contents" and toc.locator(".toc__title").text_content() == "Contents"
    shot(page, "5-article-toc")

    # Back to French: everything is French again.
    page.goto(reverse("studio:job_detail", args=[job.pk]))
    page.get_by_role("button", name="FR").click()
    page.wait_for_load_state()
    assert "Terminé" in page.locator("body").inner_text()
