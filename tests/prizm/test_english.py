"""English mode (issue 12): the catalogue is complete, and nothing shows French once a reader switches
to English — stored texts (findings, job steps, revision reasons), the table of contents frozen at
publication, the JavaScript's strings, the Django admin."""

import ast
import gettext as python_gettext
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.drafting import jobs, runner
from articles.models import Finding, JobStatus
from articles.public.rendering import render_body_html
from articles.quality import gate_revision
from articles.quality.i18n import FINDING_MESSAGES, finding_message
from tests.factories import ArticleFactory, GenerationJobFactory, SourceFactory, UserFactory

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

BODY = (
    "## Bilan\n\n"
    "Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n\n"
    "[Insérer ici le chiffre de l'an dernier]\n\n"
    "Près de 45 % des ménages font réparer leurs appareils.\n"
)
FRENCH_PLACEHOLDER = "Emplacement non rempli ou consigne laissée dans le texte"
ENGLISH_PLACEHOLDER = "Unfilled placeholder or instruction left in the text"
FRENCH_UNCITED = "Chiffre sans source dans sa phrase"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The catalogue -------------------------------------------------------------------------------
def po_entries(text: str) -> list[dict]:
    """The entries of a .po file as {"flags", "msgid", "msgid_plural"?, "msgstr": [...]} (polib is not
    installed; the format is simple: one field per line, continuation lines, C escapes)."""
    entries = []
    for block in text.strip().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]  # obsolete
        entry, fields, key = {"flags": set()}, {}, None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[key] += json.loads(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = json.loads(value)
        if fields.get("msgid"):  # not the header, not an obsolete block
            entry.update({k: v for k, v in fields.items() if not k.startswith("msgstr")})
            entry["msgstr"] = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    return po_entries(PO.read_text(encoding="utf-8"))


def test_every_string_has_an_english_translation_and_none_is_fuzzy(catalogue):
    assert len(catalogue) > 900
    untranslated = [e["msgid"] for e in catalogue if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in catalogue if "fuzzy" in e["flags"]]
    assert untranslated == [], "translate these in locale/en/LC_MESSAGES/django.po"
    assert fuzzy == [], "check these guesses of makemessages, then remove their fuzzy flag"


def test_the_committed_mo_is_compiled_from_the_po(catalogue):
    with MO.open("rb") as f:
        compiled = python_gettext.GNUTranslations(f)
    stale = [e["msgid"] for e in catalogue if "msgid_plural" not in e and compiled.gettext(e["msgid"]) != e["msgstr"][0]]
    assert stale == [], "run manage.py compilemessages --ignore=.venv and commit the .mo"


def test_the_po_is_the_only_catalogue():
    assert not (PO.parents[2] / "fill_en.py").exists()
    assert not (PO.parents[2] / "translations").exists()


# --- Finding messages ---------------------------------------------------------------------------
def _checked_article(user=None):
    source = SourceFactory(name="Observatoire des ateliers", text="Le réseau compte 1 240 ateliers.")
    article = ArticleFactory(body=BODY, sources=[source], description="", created_by=user or UserFactory(editor=True))
    gate_revision(article.current_revision)
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_findings_are_stored_in_french_whoever_saves():
    with translation.override("en"):
        article = _checked_article()
    messages = list(Finding.objects.filter(revision=article.current_revision).values_list("message", flat=True))
    assert any(m.startswith(FRENCH_PLACEHOLDER) for m in messages), messages
    assert not any(ENGLISH_PLACEHOLDER in m for m in messages)


@pytest.mark.django_db
def test_editor_and_review_pages_show_findings_in_the_readers_language(client, reviewer):
    article = _checked_article()
    client.force_login(reviewer)
    for name in ("studio:article_edit", "studio:article_detail", "studio:article_review"):
        url = reverse(name, args=[article.pk])
        french = page(client, url)
        assert FRENCH_PLACEHOLDER in french and FRENCH_UNCITED in french, name
        english(client)
        text = page(client, url)
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
        assert ENGLISH_PLACEHOLDER in text and "Figure without a source in its sentence" in text, name
        assert FRENCH_PLACEHOLDER not in text and FRENCH_UNCITED not in text, name


def test_stored_messages_are_read_back_in_either_language():
    french = "Cette citation n'a pas été trouvée dans le texte enregistré de INSEE, Dares."
    with translation.override("en"):
        assert finding_message(french) == "This quote was not found in the stored text of INSEE, Dares."
        english_text = finding_message(french)
        assert finding_message("Un texte libre.") == "Un texte libre."
        nested = finding_message(
            "La réécriture ne garde que 50 % des citations et chiffres de l'original "
            "(sources plus citées : INSEE ; chiffres disparus : 12 %)."
        )
        assert "sources no longer cited: INSEE" in nested and "figures gone: 12 %" in nested
    with translation.override("fr"):  # a row written in English before this rule reads in French
        assert finding_message(english_text) == french


def test_every_message_of_the_checks_is_declared():
    """The checks format messages declared with FINDING_MESSAGES.gettext_noop (so stored findings can
    be translated when shown): no literal passed to `_()` in articles/quality/checks/."""
    checks = Path(settings.BASE_DIR) / "articles" / "quality" / "checks"
    literals = []
    for path in sorted(checks.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
                if node.args and isinstance(node.args[0], ast.Constant):
                    literals.append(f"{path.name}: {node.args[0].value}")
    assert literals == []
    assert len(FINDING_MESSAGES.templates) >= 20


@pytest.mark.django_db
def test_check_articles_prints_findings_in_the_active_language(tmp_path):
    path = tmp_path / "article.md"
    path.write_text("# Bilan\n\n[Insérer ici le chiffre de l'an dernier]\n", encoding="utf-8")
    out = StringIO()
    with translation.override("en"), pytest.raises(SystemExit):
        call_command("check_articles", str(path), stdout=out, stderr=StringIO())
    assert ENGLISH_PLACEHOLDER in out.getvalue() and FRENCH_PLACEHOLDER not in out.getvalue()
    out = StringIO()
    with translation.override("fr"), pytest.raises(SystemExit):
        call_command("check_articles", str(path), stdout=out, stderr=StringIO())
    assert FRENCH_PLACEHOLDER in out.getvalue()


# --- Jobs and revision reasons ------------------------------------------------------------------
@pytest.mark.django_db
def test_an_offline_draft_job_reads_in_english(client, settings, editor):
    from articles import drafting

    settings.PRIZM_LLM_PROVIDER = "offline"
    settings.PRIZM_MONTHLY_BUDGET = None
    source = SourceFactory(name="Observatoire des ateliers", text="Le réseau compte 1 240 ateliers en 2024.")
    brief = drafting.brief_create(user=editor, topic="Les ateliers de réparation", sources=[source])
    with translation.override("en"):  # launched from an English screen: still stored in French
        job = drafting.draft_launch(brief=brief, user=editor)
        runner.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.step == "Terminé"
    revision = job.result_article.revisions.get(number=1)
    assert revision.reason == "Brouillon généré (offline)"
    client.force_login(editor)
    french = page(client, reverse("studio:job_detail", args=[job.pk]))
    assert '<p class="job-card__step"> Terminé</p>' in french or "Terminé</p>" in french
    english(client)
    text = page(client, reverse("studio:job_detail", args=[job.pk]))
    assert "Terminé" not in text and "Succeeded" in text
    for name in ("studio:article_history",):
        text = page(client, reverse(name, args=[job.result_article.pk]))
        assert "Generated draft (offline)" in text and "Brouillon généré" not in text
    diff = page(client, reverse("studio:article_diff", args=[job.result_article.pk]))
    assert "Brouillon généré" not in diff


@pytest.mark.django_db
def test_job_steps_written_from_an_english_request_are_stored_in_french(client, editor):
    job = GenerationJobFactory(brief__requested_by=editor)
    english(client).force_login(editor)
    client.post(reverse("studio:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.step == f"Annulée par {editor.get_username()}"
    assert f"Cancelled by {editor.get_username()}" in page(client, reverse("studio:job_detail", args=[job.pk]))
    with translation.override("en"):
        assert jobs.JOB_TEXTS.localize("Annulée par un opérateur") == "Cancelled by an operator"
        assert jobs.JOB_TEXTS.localize("Réécriture (Conversationnel)") == "Rewriting (Conversational)"
        assert jobs.JOB_TEXTS.localize("Synthèse des sources") == "Synthesis of the sources"
        assert jobs.revision_reason("Retour à la révision 3") == "Back to revision 3"
        assert jobs.revision_reason("Ma correction") == "Ma correction"


@pytest.mark.django_db
def test_job_page_shows_the_findings_of_its_result_in_english(client, editor):
    with translation.override("fr"):
        message = "Emplacement non rempli ou consigne laissée dans le texte : « [Insérer ici] »."
    job = GenerationJobFactory(brief__requested_by=editor, status="succeeded", progress=100, step="Terminé",
                               result={"findings": [{"code": "placeholder", "severity": "blocker", "message": message,
                                                     "line": 3, "excerpt": "[Insérer ici]"}]})
    english(client).force_login(editor)
    text = page(client, reverse("studio:job_detail", args=[job.pk]))
    assert ENGLISH_PLACEHOLDER in text and FRENCH_PLACEHOLDER not in text


@pytest.mark.django_db
def test_job_errors_read_in_english_in_the_lists(client, editor):
    job = GenerationJobFactory(brief__requested_by=editor, status="failed", step="Échec",
                               error=jobs.ERROR_UNKNOWN_KIND % {"kind": "fetch"})
    english(client).force_login(editor)
    for url in (reverse("studio:job_list"), reverse("studio:brief_detail", args=[job.brief.pk]),
                reverse("studio:job_detail", args=[job.pk])):
        text = page(client, url)
        assert "Unknown job type: fetch." in text and "Type de tâche inconnu" not in text, url


# --- Table of contents --------------------------------------------------------------------------
def _long_body(sections: int = 4, words: int = 200) -> str:
    paragraph = " ".join(["Les ateliers de réparation progressent dans la région."] * (words // 8))
    return "\n\n".join(f"## Partie {n}\n\n{paragraph}" for n in range(1, sections + 1)) + "\n"


@pytest.mark.django_db
def test_the_table_of_contents_follows_the_readers_language(client, reviewer):
    from articles import workflow
    from tests.articles.public.conftest import publish

    article = ArticleFactory(body=_long_body(), created_by=reviewer, description="")
    with translation.override("en"):  # published from an English screen: frozen in French all the same
        publish(article)
    revision = article.published_revision
    revision.refresh_from_db()
    assert revision.body_html.startswith('<nav class="toc" aria-label="Sommaire"><p class="toc__title">Sommaire</p>')
    url = reverse("article_detail", args=[article.slug])
    french = page(client, url)
    assert 'class="toc__title">Sommaire</p>' in french
    text = page(english(client), url)
    assert 'aria-label="Contents"><p class="toc__title">Contents</p>' in text and "Sommaire" not in text
    with translation.override("en"):  # the studio's previews too
        assert "Contents" in render_body_html(body=_long_body(), sources=[])
    assert workflow  # the real publish path freezes with the same function (revision_freeze_for_public)


# --- JavaScript strings -------------------------------------------------------------------------
@pytest.mark.django_db
def test_studio_pages_carry_the_javascript_strings_in_the_readers_language(client, editor):
    client.force_login(editor)

    def strings(text):
        match = re.search(r'<script id="prizm-strings" type="application/json">(.*?)</script>', text, re.S)
        assert match, "templates/partials/js_strings.html is not included in studio/base.html"
        return json.loads(match.group(1))

    french = strings(page(client, reverse("studio:home")))
    assert french["copied"] == "Copié ✓" and french["request_failed"].count("{status}") == 1
    text = strings(page(english(client), reverse("studio:home")))
    assert text["copied"] == "Copied ✓"
    assert text["merge_confirm"].startswith("Replace the merged text?")
    assert text["forbidden"] == "Action not allowed." and "{status}" in text["request_failed"]
    assert set(text) == set(french)
    static = Path(settings.BASE_DIR) / "static" / "js"
    # prizm.js reads the block and shares its reader; editor.js uses it. French stays as the fallback.
    prizm_js = (static / "prizm.js").read_text(encoding="utf-8")
    editor_js = (static / "editor.js").read_text(encoding="utf-8")
    assert "prizm-strings" in prizm_js and "window.Prizm.text = text" in prizm_js
    assert '"Action non autorisée."' in prizm_js
    assert "window.Prizm.text(key, french)" in editor_js and '"Copié ✓"' in editor_js


# --- Django admin -------------------------------------------------------------------------------
@translation.override("fr")
@pytest.mark.parametrize("app_label", ["articles", "sources"])
def test_every_model_has_a_french_name(app_label):
    for model in apps.get_app_config(app_label).get_models():
        assert "verbose_name" in model._meta.original_attrs, model.__name__
        for field in model._meta.local_fields + model._meta.local_many_to_many:
            if field.auto_created:
                continue
            assert str(field.verbose_name) != field.name.replace("_", " ") or field.name in {
                "slug", "description", "image", "style", "version", "convergences", "divergences", "score",
                "code", "message", "article", "brief", "source", "sources", "action", "notes", "url",
            }, f"{model.__name__}.{field.name}"


@pytest.mark.django_db
def test_the_admin_is_all_french_or_all_english(admin_client_):
    GenerationJobFactory(provider="offline")
    french = page(admin_client_, "/admin/")
    assert "Administration de Prizm" in french and "Django" not in french
    for name in ("Révisions", "Constats", "Tâches de génération", "Événements d&#x27;audit", "Liens de prévisualisation"):
        assert name in french, name
    text = page(english(admin_client_), "/admin/")
    assert "Prizm administration" in text and "Django" not in text
    for name in ("Revisions", "Findings", "Generation jobs", "Audit events", "Preview links"):
        assert name in text, name
    for french_word in ("Révisions", "Constats", "Tâches", "Administration de"):
        assert french_word not in text, french_word
    columns = page(admin_client_, "/admin/articles/generationjob/")
    assert "Provider" in columns and "Requested by" in columns and "fournisseur" not in columns.lower()
