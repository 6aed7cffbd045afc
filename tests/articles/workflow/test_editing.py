"""Editing: conflict-safe saves (two people on one article, nothing lost), autosave, live preview,
sources, slugs, presence, revisions, diffs and reverts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import AuditEvent, AutosaveDraft, SlugRedirect
from articles.workflow.editing import ArticleInput, StaleSave, article_save
from tests.factories import SourceFactory

from .conftest import edit

pytestmark = pytest.mark.django_db


def form_data(article, **changes):
    """What the editor page posts, as loaded from the page."""
    page = {
        "base_version": article.version,
        "base_revision": article.current_revision_id,
        "title": article.title,
        "slug": article.slug,
        "description": article.description,
        "body": article.body,
        "sources": [s.pk for s in article.sources.order_by("articlesource__order")],
        "tags": "",
        "image": "",
        "reason": "",
    }
    page.update(changes)
    return page


@pytest.fixture
def two_clients(editor, other_editor):
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    return first, second


def test_a_save_creates_a_revision_with_reason_and_bumps_the_version(article, editor_client, editor):
    url = reverse("studio:article_edit", args=[article.pk])
    body = article.body + "\nUn paragraphe de plus (Source : Observatoire régional 0).\n"
    response = editor_client.post(url, form_data(article, body=body, reason="Ajout d'un paragraphe"))
    assert response.status_code == 302 and response.url == url
    article.refresh_from_db()
    assert article.version == 2 and article.body == body
    revision = article.current_revision
    assert revision.number == 2 and revision.reason == "Ajout d'un paragraphe" and revision.author == editor
    assert revision.sources == [{"id": s.pk, "name": s.name, "url": s.url} for s in article.sources.all()]
    event = AuditEvent.objects.get(action="article.save")
    assert event.revision_number == 2 and event.data["fields"] == ["body"]
    page = editor_client.get(url).content.decode()
    assert "Révision 2 enregistrée." in page


def test_saving_nothing_creates_no_revision(article, editor_client):
    response = editor_client.post(reverse("studio:article_edit", args=[article.pk]), form_data(article), follow=True)
    assert "Aucune modification à enregistrer." in response.content.decode()
    assert article.revisions.count() == 1


def test_two_editors_stale_save_is_refused_and_nothing_is_lost(article, two_clients, editor, other_editor):
    first, second = two_clients
    url = reverse("studio:article_edit", args=[article.pk])
    # Both open the editor on version 1.
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    loaded = form_data(article)
    original = article.body
    # The second editor saves first: a new paragraph at the end.
    theirs = original + "\nParagraphe ajouté par le collègue.\n"
    assert second.post(url, {**loaded, "body": theirs}).status_code == 302
    # The first editor saves from the stale version: a change at the start.
    mine = original.replace("## Introduction", "## Introduction révisée") + "\n"
    response = first.post(url, {**loaded, "body": mine, "title": "Mon titre"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Rien n'est perdu" in page
    # Both texts, side by side, and a merge that keeps both changes (different passages).
    assert "Introduction révisée" in page and "Paragraphe ajouté par le collègue." in page
    assert "Fusion automatique sans conflit" in page
    merged = re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    assert "Introduction révisée" in merged and "Paragraphe ajouté par le collègue." in merged
    # Nothing was written to the article; the first editor's text waits in their autosave.
    article.refresh_from_db()
    assert article.body == theirs and article.version == 2 and article.revisions.count() == 2
    draft = AutosaveDraft.objects.get(article=article, user=editor)
    assert draft.body == mine and draft.title == "Mon titre" and draft.base_version == 1
    # Reopening the editor brings the unsaved text back.
    reopened = first.get(url).content.decode()
    assert "Introduction révisée" in reopened and "a été restauré" in reopened
    # Saving the merge on top of the current version succeeds.
    import html

    response = first.post(url, form_data(article, body=html.unescape(merged), title="Mon titre"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert "Introduction révisée" in article.body and "Paragraphe ajouté par le collègue." in article.body
    assert article.version == 3 and article.current_revision.number == 3
    assert not AutosaveDraft.objects.filter(article=article, user=editor).exists()


def test_overlapping_changes_are_marked_and_markers_are_refused(article, two_clients):
    first, second = two_clients
    url = reverse("studio:article_edit", args=[article.pk])
    loaded = form_data(article)
    line = "Le réseau compte 121 ateliers (Source : Observatoire régional 0)."
    second.post(url, {**loaded, "body": article.body.replace(line, line.replace("121", "125"))})
    response = first.post(url, {**loaded, "body": article.body.replace(line, line.replace("121", "130"))})
    assert response.status_code == 409
    page = response.content.decode()
    assert "1 passage a été modifié des deux côtés" in page
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt; votre version" in page
    article.refresh_from_db()
    conflicted = "<<<<<<< votre version\n130\n=======\n125\n>>>>>>> version enregistrée\n"
    response = first.post(url, form_data(article, body=conflicted))
    assert response.status_code == 400
    assert "marques de conflit" in response.content.decode()
    article.refresh_from_db()
    assert "125" in article.body and article.version == 2


def test_stale_save_answers_409_to_htmx(article, two_clients):
    first, second = two_clients
    url = reverse("studio:article_edit", args=[article.pk])
    loaded = form_data(article)
    second.post(url, {**loaded, "body": article.body + "\nA\n"})
    response = first.post(url, {**loaded, "body": article.body + "\nB\n"}, headers={"HX-Request": "true"})
    assert response.status_code == 409


def test_concurrent_service_saves_cannot_both_win(article, editor, other_editor):
    article.refresh_from_db()
    base = article.version
    data = ArticleInput.from_article(article)
    data.body += "\nPremier.\n"
    article_save(article=article, user=editor, data=data, base_version=base)
    data.body += "\nSecond.\n"
    with pytest.raises(StaleSave):
        article_save(article=article, user=other_editor, data=data, base_version=base)
    article.refresh_from_db()
    assert article.version == base + 1 and "Second." not in article.body
    assert AutosaveDraft.objects.get(article=article, user=other_editor).body.endswith("Second.\n")


def test_invalid_form_keeps_the_text(article, editor_client, editor):
    url = reverse("studio:article_edit", args=[article.pk])
    response = editor_client.post(url, form_data(article, title="", body="Mon texte en cours", slug="Pas Un Slug"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Donnez un titre" in page and "lettres non accentuées" in page and "Mon texte en cours" in page
    assert AutosaveDraft.objects.get(article=article, user=editor).body == "Mon texte en cours"
    assert article.revisions.count() == 1


def test_autosave_keeps_a_personal_draft_without_creating_revisions(article, editor_client, editor):
    url = reverse("studio:article_autosave", args=[article.pk])
    for i in range(3):
        response = editor_client.post(url, form_data(article, body=f"Brouillon {i}"))
        assert response.status_code == 200 and "Brouillon gardé" in response.content.decode()
    article.refresh_from_db()
    assert article.version == 1 and article.revisions.count() == 1
    assert AutosaveDraft.objects.get(article=article, user=editor).body == "Brouillon 2"
    # Someone saves meanwhile: the next autosave warns.
    edit(article, editor, title="Nouveau titre")
    response = editor_client.post(url, form_data(article, base_version=1, body="Brouillon 3"))
    assert "version plus récente" in response.content.decode()
    # Discarding the draft.
    editor_client.post(reverse("studio:article_autosave_discard", args=[article.pk]))
    assert not AutosaveDraft.objects.filter(article=article, user=editor).exists()


def test_live_preview_renders_like_the_public_page_and_is_sanitized(article, editor_client):
    from articles.public.rendering import render_body_html

    body = "## Titre\n\nTexte <script>alert(1)</script> [lien](javascript:alert(1)) (Source : Observatoire régional 0)."
    response = editor_client.post(
        reverse("studio:article_preview_render", args=[article.pk]),
        {"body": body, "sources": [s.pk for s in article.sources.all()]},
    )
    html = response.content.decode()
    assert "<script>" not in html and "javascript:" not in html
    sources = [{"id": s.pk, "name": s.name, "url": s.url} for s in article.sources.all()]
    assert render_body_html(body=body, sources=sources).strip() in html


def test_sources_are_attached_ordered_and_removed(article, editor_client, source):
    url = reverse("studio:article_edit", args=[article.pk])
    second, third = SourceFactory(name="Deuxième"), SourceFactory(name="Troisième")
    editor_client.post(url, form_data(article, sources=[third.pk, source.pk, second.pk]))
    article.refresh_from_db()
    assert [s["name"] for s in article.current_revision.sources] == ["Troisième", source.name, "Deuxième"]
    assert list(article.sources.order_by("articlesource__order")) == [third, source, second]
    editor_client.post(url, form_data(article, sources=[source.pk]))
    article.refresh_from_db()
    assert list(article.sources.all()) == [source] and article.current_revision.number == 3
    page = editor_client.get(url).content.decode()
    assert f'name="sources" value="{source.pk}"' in page
    assert f'<option value="{third.pk}"' in page  # back in the "add" list


def test_metadata_fields_are_saved(article, editor_client):
    from tests.factories import CategoryFactory

    category = CategoryFactory(name="Économie")
    url = reverse("studio:article_edit", args=[article.pk])
    editor_client.post(url, form_data(
        article, category=category.pk, tags="Réparation, Économie circulaire", image="https://img.example.org/a.jpg",
        featured="on",
    ))
    article.refresh_from_db()
    assert article.category == category and article.featured and article.image == "https://img.example.org/a.jpg"
    assert sorted(article.tags.values_list("name", flat=True)) == ["Réparation", "Économie circulaire"]
    response = editor_client.post(url, form_data(article, image="ftp://x"))
    assert "Indiquez une adresse" in response.content.decode()


def test_slug_is_editable_before_first_publication_and_old_slugs_redirect(article, editor_client, editor, walk):
    from tests.factories import ArticleFactory

    url = reverse("studio:article_edit", args=[article.pk])
    old = article.slug
    editor_client.post(url, form_data(article, slug="nouvelle-adresse"))
    article.refresh_from_db()
    assert article.slug == "nouvelle-adresse"
    assert SlugRedirect.objects.filter(old_slug=old, article=article).exists()
    taken = ArticleFactory(created_by=editor).slug
    response = editor_client.post(url, form_data(article, slug=taken))
    assert "déjà prise" in response.content.decode()
    walk(article, "published")
    response = editor_client.post(url, form_data(article, slug="encore-une-autre"))
    assert "ne change plus" in response.content.decode()
    article.refresh_from_db()
    assert article.slug == "nouvelle-adresse"
    # The public page redirects from the old slug to the new one.
    public = Client().get(f"/articles/{old}/")
    assert public.status_code == 301 and public.url.endswith("/articles/nouvelle-adresse/")


def test_presence_shows_who_else_has_the_article_open(article, two_clients):
    first, second = two_clients
    presence = reverse("studio:article_presence", args=[article.pk])
    first.post(presence)
    alone = first.post(presence).content.decode()
    assert "Personne d'autre" in alone
    second.get(reverse("studio:article_edit", args=[article.pk]))
    shown = first.post(presence).content.decode()
    assert "Aussi ouvert par" in shown and "editeur2" in shown or "Aussi ouvert par" in shown


def test_history_diff_and_revert(article, editor_client, editor):
    edit(article, editor, title="Deuxième titre", body=article.body + "\nAjout de la r2.\n")
    edit(article, editor, body=article.body.replace("121", "140"))
    history = editor_client.get(reverse("studio:article_history", args=[article.pk])).content.decode()
    assert "r3" in history and "r2" in history and "r1" in history and "article.save" in history
    diff = editor_client.get(reverse("studio:article_diff", args=[article.pk]) + "?from=1&to=3").content.decode()
    assert "<ins>Deuxième titre</ins>" in diff
    assert "<del>## Introduction</del>" not in diff  # unchanged lines are not marked
    assert "<del>121</del>" in diff and "<ins>140</ins>" in diff
    assert "<ins>Ajout de la r2.</ins>" in diff
    missing = editor_client.get(reverse("studio:article_diff", args=[article.pk]) + "?from=9&to=3")
    assert missing.status_code == 404
    article.refresh_from_db()
    response = editor_client.post(
        reverse("studio:article_revert", args=[article.pk, 1]), {"base_version": article.version}, follow=True
    )
    assert "Retour à la révision 1" in response.content.decode()
    article.refresh_from_db()
    revision = article.current_revision
    assert revision.number == 4 and revision.reason == "Retour à la révision 1"
    first = article.revisions.get(number=1)
    assert (revision.title, revision.body, revision.sources) == (first.title, first.body, first.sources)
    assert article.revisions.count() == 4  # history is never rewritten
    assert AuditEvent.objects.filter(action="article.revert", revision_number=4).exists()


def test_revert_from_a_stale_page_is_refused(article, editor_client, editor):
    edit(article, editor, body=article.body + "\nr2\n")
    article.refresh_from_db()
    stale = article.version - 1
    response = editor_client.post(
        reverse("studio:article_revert", args=[article.pk, 1]), {"base_version": stale}, follow=True
    )
    assert "modifié entre-temps" in response.content.decode()
    assert article.revisions.count() == 2
