"""What editors and reviewers read in the studio: labels and names instead of codes and logins, one
way to show a score, counts that agree with the lists they summarize, addresses that follow the
title, links the page will drop, search over the whole text, times with their time zone."""

import pytest
from django.urls import reverse

from articles import drafting, workflow
from articles.drafting import runner
from articles.models import Category, Tag
from articles.quality import gate_revision
from tests.factories import ArticleFactory, SourceFactory

from .conftest import edit

pytestmark = pytest.mark.django_db


def test_journal_shows_actions_in_words_and_people_by_name(article, editor, reviewer_client):
    editor.first_name, editor.last_name = "Élise", "Martin"
    editor.save()
    edit(article, editor, body=article.body + "\nUn ajout (Source : Observatoire régional 0).\n")
    page = reviewer_client.get(reverse("studio:article_history", args=[article.pk])).content.decode()
    assert "Enregistrement d&#x27;une révision" in page or "Enregistrement d'une révision" in page
    assert ">article.save<" not in page
    assert "Élise Martin" in page


def test_blocked_submit_names_the_problem_not_the_code(article, editor_client):
    edit(article, article.created_by, body="## Bilan\n\n[Insérer ici le chiffre clé] (Source : Observatoire régional 0).\n")
    response = editor_client.post(reverse("studio:article_submit", args=[article.pk]), follow=True)
    page = response.content.decode()
    assert "Emplacement non rempli" in page
    assert "(placeholder)" not in page


def test_review_queue_and_panel_show_the_score_the_same_way(article, editor, reviewer_client, walk):
    gate_revision(article.current_revision)
    walk(article, "in_review")
    article.refresh_from_db()
    percent = round(article.current_revision.quality_score * 100)
    queue = reviewer_client.get(reverse("studio:review_queue")).content.decode()
    review = reviewer_client.get(reverse("studio:article_review", args=[article.pk])).content.decode()
    expected = f'{percent}<span class="quality-score__unit">/100</span>'
    assert expected in queue and expected in review
    assert f"{article.current_revision.quality_score:.2f}".replace(".", ",") not in queue


def test_dashboard_counts_what_the_review_queue_lists(editor, reviewer, reviewer_client, walk, source):
    mine = ArticleFactory(created_by=reviewer, sources=[source])
    others = [ArticleFactory(created_by=editor, sources=[source]) for _ in range(2)]
    published = ArticleFactory(created_by=editor, sources=[source])
    for article in [mine, *others]:
        workflow.article_submit(article=article, user=article.created_by)
    walk(published, "published")
    edit(published, editor, body=published.body + "\nSuite (Source : Observatoire régional 0).\n")
    workflow.article_submit(article=published, user=editor)  # a newer revision of a published article
    queue = reviewer_client.get(reverse("studio:review_queue")).content.decode()
    home = reviewer_client.get(reverse("studio:home")).content.decode()
    assert '<span class="stat__value">4</span><span class="stat__label">À relire</span>' in home
    for article in [mine, *others, published]:
        assert article.title in queue


def test_a_never_published_slug_follows_the_title_but_a_chosen_or_public_one_stays(editor, source, walk):
    article = ArticleFactory(title="Premier titre", slug="premier-titre", created_by=editor, sources=[source])
    edit(article, editor, title="Réparation : le vrai bilan")
    article.refresh_from_db()
    assert article.slug == "reparation-le-vrai-bilan"
    edit(article, editor, slug="mon-adresse", title="Réparation : le vrai bilan")
    edit(article, editor, title="Encore un autre titre")
    article.refresh_from_db()
    assert article.slug == "mon-adresse"  # chosen by the editor: kept
    other = ArticleFactory(title="Titre public", slug="titre-public", created_by=editor, sources=[source])
    walk(other, "published")
    edit(other, editor, title="Titre public corrigé")
    other.refresh_from_db()
    assert other.slug == "titre-public"  # published: links must keep working


def test_slug_following_the_title_never_takes_another_article_s_address(editor, source):
    ArticleFactory(title="Le bilan", slug="le-bilan", created_by=editor)
    article = ArticleFactory(title="Brouillon", slug="brouillon", created_by=editor, sources=[source])
    edit(article, editor, title="Le bilan")
    article.refresh_from_db()
    assert article.slug == "le-bilan-2"


def test_preview_says_which_links_the_page_will_drop(article, editor_client, source):
    body = (f"Voir [le rapport]({source.url}) et [l'offre](https://promo.example.com/offre) "
            "(Source : Observatoire régional 0).\n\n![pixel](https://pixel.example.net/p.gif)\n")
    response = editor_client.post(
        reverse("studio:article_preview_render", args=[article.pk]), {"body": body, "sources": [source.pk]},
    )
    html = response.content.decode()
    assert "Ces 2 liens seront retirés de la page publiée" in html
    assert "https://promo.example.com/offre" in html and "https://pixel.example.net/p.gif" in html
    assert f"<code>{source.url}</code>" not in html
    ok = editor_client.post(
        reverse("studio:article_preview_render", args=[article.pk]),
        {"body": f"Voir [le rapport]({source.url}) (Source : Observatoire régional 0).", "sources": [source.pk]},
    )
    assert "seront retirés" not in ok.content.decode() and "sera retiré" not in ok.content.decode()


def test_gate_reports_links_outside_the_sources(article, source):
    edit(article, article.created_by,
         body="Le réseau progresse (Source : Observatoire régional 0), voir [ici](https://promo.example.com/).\n")
    article.refresh_from_db()
    codes = list(article.current_revision.findings.values_list("code", flat=True))
    assert "link_unregistered" in codes


def test_studio_search_matches_every_word_in_the_text_and_sources(editor_client, editor):
    source = SourceFactory(name="Baromètre des smartphones")
    hit = ArticleFactory(title="Le bilan de l'année", created_by=editor, sources=[source],
                         body="La réparation progresse partout (Source : x).")
    ArticleFactory(title="Réparation des vélos", created_by=editor, body="Les cyclistes réparent.")
    page = editor_client.get(reverse("studio:article_list"), {"q": "reparation smartphone"}).content.decode()
    assert hit.title.replace("'", "&#x27;") in page
    assert "Réparation des vélos" not in page
    page = editor_client.get(reverse("studio:article_list"), {"q": "BILAN"}).content.decode()
    assert hit.title.replace("'", "&#x27;") in page


def test_a_rewrite_keeps_category_tags_and_links_back(settings, editor, editor_client, source):
    settings.PRIZM_LLM_PROVIDER = "offline"
    original = ArticleFactory(created_by=editor, sources=[source], category=Category.objects.create(name="Économie"))
    original.tags.set([Tag.objects.create(name="Réparation")])
    job = drafting.rewrite_launch(article=original, style="conversational", user=editor)
    runner.job_run(job_id=job.pk)
    job.refresh_from_db()
    variant = job.result_article
    assert variant.category == original.category
    assert list(variant.tags.all()) == list(original.tags.all())
    detail = editor_client.get(reverse("studio:article_detail", args=[variant.pk])).content.decode()
    assert "Variante de" in detail and reverse("studio:article_detail", args=[original.pk]) in detail
    job_page = editor_client.get(reverse("studio:job_detail", args=[job.pk])).content.decode()
    assert "(Conversationnel)" in job_page and "(conversational)" not in job_page
    original_page = editor_client.get(reverse("studio:article_detail", args=[original.pk])).content.decode()
    assert reverse("studio:article_detail", args=[variant.pk]) in original_page


def test_schedule_fields_say_their_time_zone(article, reviewer_client, walk):
    walk(article, "approved")
    page = reviewer_client.get(reverse("studio:article_detail", args=[article.pk])).content.decode()
    assert "Heure de Europe/Paris (UTC+0" in page


def test_audit_labels_cover_every_action_the_code_records():
    import pathlib
    import re

    from articles.labels import AUDIT_ACTIONS

    root = pathlib.Path(__file__).resolve().parents[3]
    recorded = set()
    for path in [*root.glob("articles/**/*.py"), *root.glob("sources/**/*.py")]:
        recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    assert recorded and recorded <= set(AUDIT_ACTIONS), recorded - set(AUDIT_ACTIONS)


def test_a_source_link_typed_with_tracking_parameters_or_http_is_still_the_source(article, editor_client, source):
    https_url = source.url.replace("http://", "https://", 1)
    body = (f"Voir [le rapport]({https_url}?utm_source=lettre) et [encore]({https_url.replace('https://', 'http://')}) "
            "(Source : Observatoire régional 0).")
    html = editor_client.post(
        reverse("studio:article_preview_render", args=[article.pk]), {"body": body, "sources": [source.pk]},
    ).content.decode()
    assert "retiré" not in html
    assert html.count('class="citation"') == 1 and html.count("<a href=") >= 2


def test_a_refused_action_announces_its_reason_with_the_button(article, editor, reviewer, reviewer_client):
    # The reviewer wrote part of this version: « Approuver » is disabled, and a screen reader hears why.
    edit(article, reviewer, body=article.body + "\nUn ajout du relecteur.\n")
    workflow.article_submit(article=article, user=editor)
    page = reviewer_client.get(reverse("studio:article_review", args=[article.pk])).content.decode()
    why = f"why-approve-{article.pk}"
    assert f'disabled aria-describedby="{why}"' in page
    assert "Quatre yeux" in page.split(f'<p class="wf-refused" id="{why}">', 1)[1].split("</p>", 1)[0]


def test_every_studio_breadcrumb_is_a_labelled_navigation(editor_client, source):
    for url in (reverse("studio:source_detail", args=[source.pk]), reverse("studio:brief_create")):
        page = editor_client.get(url).content.decode()
        assert '<nav class="breadcrumbs" aria-label="Fil d’Ariane">' in page, url
