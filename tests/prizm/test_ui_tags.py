"""The studio's shared screen pieces: table heads and breadcrumbs, written once in prizm/templatetags/ui.py."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

pytestmark = pytest.mark.django_db

TABLE = (
    '{% load i18n ui %}{% columns _("Titre") "num"|column:_("Jetons") show|column_if:_("Objet") '
    '"hidden"|column:_("Actions") as cols %}'
    '{% include "studio/partials/table.html" with columns=cols rows=rows row=row table_class="jobs-table" %}'
)


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_a_table_has_its_heads_numbers_right_aligned_and_hidden_heads_for_screen_readers():
    html = render(TABLE, rows=[], row="", show=False)
    assert '<table class="table jobs-table">' in html
    assert '<th scope="col">Titre</th>' in html
    assert '<th scope="col" class="num">Jetons</th>' in html
    assert '<th scope="col"><span class="visually-hidden">Actions</span></th>' in html
    assert "Objet" not in html  # column_if: absent when the condition is false


def test_a_conditional_column_shows_when_its_condition_holds():
    assert '<th scope="col">Objet</th>' in render(TABLE, rows=[], row="", show=True)


def test_each_row_is_rendered_by_the_row_template():
    fetches = [{"pk": 1, "url": "https://exemple.fr/a"}, {"pk": 2, "url": "https://exemple.fr/b"}]
    html = render(TABLE, rows=fetches, row="studio/sources/fetch.html#row", show=False)
    assert html.count("<tr>") == 3  # the head's row and one per item
    assert 'href="/studio/sources/import/2/"' in html


def test_a_table_without_rows_shows_its_empty_message_instead():
    html = render(TABLE.replace('table_class="jobs-table" %}', 'empty="Aucun import." %}'), rows=[], row="", show=False)
    assert '<div class="empty"><p>Aucun import.</p></div>' in html and "<table" not in html


def test_an_unknown_column_kind_is_refused_with_the_kinds_named():
    with pytest.raises(TemplateSyntaxError, match="text, num, hidden"):
        render('{% load ui %}{% columns "wide"|column:"Titre" as cols %}')


def test_breadcrumbs_link_their_trail_and_escape_the_page_name():
    html = render(
        '{% load ui %}{% breadcrumbs "studio:source_list" "Sources" "/studio/sources/1/" "Insee" here=name %}',
        name="<b>Nouvel</b> extrait",
    )
    assert html.startswith('<nav class="breadcrumbs" aria-label="Fil d’Ariane">')
    assert '<a href="/studio/sources/">Sources</a> › <a href="/studio/sources/1/">Insee</a> › ' in html
    assert "&lt;b&gt;Nouvel&lt;/b&gt; extrait</nav>" in html


def test_breadcrumbs_refuse_a_link_without_its_label():
    with pytest.raises(TemplateSyntaxError, match="pairs"):
        render('{% load ui %}{% breadcrumbs "studio:source_list" %}')
