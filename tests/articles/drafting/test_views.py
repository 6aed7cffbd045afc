"""Studio screens of the drafting area, as an editor uses them."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from articles.models import Brief, BriefSource, GenerationJob
from tests.factories import ArticleFactory, GenerationJobFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def offline(settings):
    settings.PRIZM_LLM_PROVIDER = "offline"
    settings.PRIZM_MONTHLY_BUDGET = None


def test_pages_need_a_studio_account(client, db):
    for name in ("studio:brief_list", "studio:brief_create", "studio:job_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    outsider = UserFactory(username="lecteur")
    client.force_login(outsider)
    assert client.get(reverse("studio:brief_list")).status_code == 403
    assert client.post(reverse("studio:brief_create"), {"topic": "x"}).status_code == 403


def test_empty_states(editor_client):
    assert "Aucun brief pour l'instant" in editor_client.get(reverse("studio:brief_list")).content.decode()
    assert "Aucune tâche lancée" in editor_client.get(reverse("studio:job_list")).content.decode()
    page = editor_client.get(reverse("studio:brief_create")).content.decode()
    assert "Aucune source n'est encore enregistrée" in page


def test_brief_form_says_what_to_fix(editor_client, repair_sources):
    response = editor_client.post(reverse("studio:brief_create"), {"topic": "  ", "action": "launch"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez le sujet de l&#x27;article." in page
    assert "Choisissez au moins une source enregistrée" in page
    assert not Brief.objects.exists() and not GenerationJob.objects.exists()


def test_brief_form_keeps_the_chosen_sources_when_invalid(editor_client, repair_sources):
    chosen = repair_sources[1]
    response = editor_client.post(reverse("studio:brief_create"), {"topic": "", "sources": [chosen.pk]})
    page = html.unescape(response.content.decode())
    chosen_list = page.split('id="selected-sources"', 1)[1].split("</ol>", 1)[0]
    assert chosen.name in chosen_list and "checked" in chosen_list


def test_source_search_finds_by_name_and_excludes_chosen(editor_client, repair_sources):
    url = reverse("studio:brief_source_search")
    page = html.unescape(editor_client.get(url, {"q": "répar"}).content.decode())
    assert "Observatoire de la réparation" in page and "Fédération des réparateurs" in page
    assert "Agence régionale" not in page
    page = editor_client.get(url, {"q": "répar", "sources": [repair_sources[0].pk]}).content.decode()
    assert "Observatoire de la réparation" not in page
    page = editor_client.get(url, {"q": "introuvable"}).content.decode()
    assert "Aucune source ne correspond à « introuvable »" in page


def test_create_and_launch_keeps_source_order_and_opens_the_job_page(editor_client, editor, repair_sources):
    ordered = [repair_sources[2], repair_sources[0]]
    response = editor_client.post(reverse("studio:brief_create"), {
        "topic": "Réparer plutôt que jeter", "angle": "Les freins", "audience": "élus locaux",
        "sources": [s.pk for s in ordered], "action": "launch", "token": "abc",
    })
    job = GenerationJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("studio:job_detail", args=[job.pk])
    brief = Brief.objects.get()
    assert brief.requested_by == editor and brief.audience == "élus locaux"
    assert [bs.source for bs in BriefSource.objects.filter(brief=brief)] == ordered
    assert job.kind == "draft" and job.status == "queued" and job.requested_by == editor
    # The same form posted twice (double click) does not launch twice.
    editor_client.post(reverse("studio:brief_create"), {
        "topic": "Réparer plutôt que jeter", "sources": [s.pk for s in ordered], "action": "launch", "token": "abc",
    })
    assert GenerationJob.objects.count() == 1


def test_save_only_does_not_launch(editor_client, repair_sources):
    response = editor_client.post(reverse("studio:brief_create"), {
        "topic": "Réparer plutôt que jeter", "sources": [repair_sources[0].pk], "action": "save",
    })
    brief = Brief.objects.get()
    assert response["Location"] == reverse("studio:brief_detail", args=[brief.pk])
    assert not GenerationJob.objects.exists()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Lancer la rédaction" in page and repair_sources[0].name in page


def test_job_progress_polls_until_terminal(editor_client, editor):
    job = GenerationJobFactory(brief__requested_by=editor, status="running", progress=40, step="Rédaction des sections")
    page = editor_client.get(reverse("studio:job_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Rédaction des sections" in page and 'aria-valuenow="40"' in page
    assert "data-confirm=" in page  # cancel asks for confirmation
    GenerationJob.objects.filter(pk=job.pk).update(status="failed", error="Le service de langage est en panne (erreur 500).")
    partial = editor_client.get(reverse("studio:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial  # polling stops
    assert "Le service de langage est en panne (erreur 500)." in partial
    assert "Relancer" in partial and "progress--failed" in partial


def test_open_the_draft_lands_in_the_editor(editor_client, editor):
    article = ArticleFactory(title="Le brouillon généré")
    job = GenerationJobFactory(brief__requested_by=editor, status="succeeded", progress=100, result_article=article)
    edit_url = reverse("studio:article_edit", args=[article.pk])
    for page_url in (reverse("studio:job_detail", args=[job.pk]), reverse("studio:job_list")):
        page = editor_client.get(page_url).content.decode()
        assert f'href="{edit_url}">Ouvrir le brouillon' in page


def test_cancel_and_retry_from_the_job_page(editor_client, editor):
    job = GenerationJobFactory(brief__requested_by=editor)
    response = editor_client.post(reverse("studio:job_cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "cancelled"
    # Cancelling twice says why it cannot.
    response = editor_client.post(reverse("studio:job_cancel", args=[job.pk]), follow=True)
    assert "déjà terminée" in response.content.decode()
    editor_client.post(reverse("studio:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "queued" and job.progress == 0 and job.error == ""
    assert editor_client.get(reverse("studio:job_cancel", args=[job.pk])).status_code == 405


def test_job_list_filters_by_status_and_shows_cost(editor_client, editor):
    GenerationJobFactory(brief__topic="Sujet réussi", status="succeeded", cost=Decimal("0.0125"), model="gpt-4o-mini", provider="openai")
    GenerationJobFactory(brief__topic="Sujet raté", status="failed", error="Le modèle a refusé d'écrire.")
    page = editor_client.get(reverse("studio:job_list")).content.decode()
    assert "Sujet réussi" in page and "Sujet raté" in page
    assert "0,0125 $" in page  # cost column and the monthly total
    page = editor_client.get(reverse("studio:job_list"), {"status": "failed"}).content.decode()
    assert "Sujet raté" in page and "Sujet réussi" not in page
    assert "Le modèle a refusé d&#x27;écrire." in page
    page = editor_client.get(reverse("studio:job_list"), {"status": "nimportequoi"}).content.decode()
    assert "Statut inconnu" in page


def test_monthly_budget_refuses_new_jobs_with_a_clear_message(editor_client, settings, editor, repair_sources):
    settings.PRIZM_LLM_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "k"
    settings.PRIZM_MONTHLY_BUDGET = "1.00"
    GenerationJobFactory(status="succeeded", cost=Decimal("1.20"), provider="openai")
    response = editor_client.post(reverse("studio:brief_create"), {
        "topic": "Réparer", "sources": [repair_sources[0].pk], "action": "launch",
    }, follow=True)
    page = response.content.decode()
    assert "Budget mensuel atteint" in page and "1,20 $" in page
    assert GenerationJob.objects.count() == 1  # only the old one
    assert "Budget mensuel atteint" in editor_client.get(reverse("studio:job_list")).content.decode()


def test_rewrite_button_launches_a_rewrite_job(editor_client, editor):
    from tests.factories import ArticleFactory

    source = SourceFactory()
    article = ArticleFactory(sources=[source], created_by=editor)
    response = editor_client.post(reverse("studio:article_rewrite", args=[article.pk]), {"style": "conversational"})
    job = GenerationJob.objects.get(kind="rewrite")
    assert response["Location"] == reverse("studio:job_detail", args=[job.pk])
    assert job.article == article and job.params == {"style": "conversational"}
    response = editor_client.post(reverse("studio:article_rewrite", args=[article.pk]), {"style": "poétique"})
    assert response.status_code == 302 and GenerationJob.objects.count() == 1


def test_jobs_launched_by_a_command_show_who_asked(editor_client):
    job = GenerationJobFactory(brief__requested_by=None, requested_by=None, status="failed", error="Échec de test.")
    page = editor_client.get(reverse("studio:job_detail", args=[job.pk])).content.decode()
    assert "une commande" in page and "Échec de test." in page
    assert "Ouvert par une commande" in editor_client.get(reverse("studio:brief_detail", args=[job.brief.pk])).content.decode()
    assert editor_client.get(reverse("studio:brief_list")).status_code == 200
