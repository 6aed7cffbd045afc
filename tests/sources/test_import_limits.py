"""Imported files past the limits are refused at once, with the limit and its setting named, and
nothing is written."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.files.importing import ArticleFileError, article_file_read
from sources.models import Source

pytestmark = pytest.mark.django_db


def source_block(number: int, extracts: int = 1) -> str:
    quotes = "".join(f'  * "Extrait {i} de la source {number}."\n' for i in range(extracts))
    return (
        f"**Source {number}** : Éditeur {number} – Rapport\n- URL : https://exemple.org/{number}\n"
        f"- Date : 2024\n- Fiabilité : 7/10\n- Extraits clés :\n{quotes}\n"
    )


def import_sources(path) -> tuple[str, CommandError | None]:
    err = StringIO()
    try:
        call_command("import_sources", str(path), stdout=StringIO(), stderr=err)
    except CommandError as exc:
        return err.getvalue(), exc
    return err.getvalue(), None


def write(tmp_path, text: str, name: str = "synthese.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.PRIZM_IMPORT_MAX_BYTES = 10_000
    err, error = import_sources(write(tmp_path, "### Sources vérifiées\n" + source_block(1) + "x" * 20_000))
    assert error and "PRIZM_IMPORT_MAX_BYTES" in err and "rien n'a été écrit" in err
    assert not Source.objects.exists()


def test_a_line_over_the_limit_is_refused_with_its_line(tmp_path, settings):
    settings.PRIZM_IMPORT_MAX_LINE_CHARS = 500
    err, error = import_sources(write(tmp_path, "### Sources vérifiées\n" + source_block(1) + "y" * 600 + "\n"))
    assert error and "synthese.txt:9" in err and "PRIZM_IMPORT_MAX_LINE_CHARS" in err
    assert not Source.objects.exists()


def test_too_many_sources_or_extracts_are_refused(tmp_path, settings):
    settings.PRIZM_IMPORT_MAX_SOURCES, settings.PRIZM_IMPORT_MAX_EXTRACTS = 3, 5
    err, error = import_sources(write(tmp_path, "### Sources vérifiées\n" + "".join(source_block(n) for n in range(1, 5))))
    assert error and "4 sources, au plus 3 (PRIZM_IMPORT_MAX_SOURCES)" in err
    err, error = import_sources(write(tmp_path, "### Sources vérifiées\n" + source_block(1, extracts=6), "b.txt"))
    assert error and "6 extraits, au plus 5 (PRIZM_IMPORT_MAX_EXTRACTS)" in err
    assert not Source.objects.exists()


def test_an_article_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.PRIZM_IMPORT_MAX_BYTES = 10_000
    path = write(tmp_path, "---\ntitle: Titre\n---\n" + "Un paragraphe.\n\n" * 2000, "article.md")
    with pytest.raises(ArticleFileError, match="PRIZM_IMPORT_MAX_BYTES"):
        article_file_read(path)
