"""Text that is cheap to save and expensive to render is defused before Python-Markdown sees it:
a paragraph made of markup is shown as plain text, nesting is capped; real articles are unchanged."""

from prizm.markdown import MAX_INLINE_MARKS, MAX_NESTING, _defused, render_document, render_markdown

ARTICLE = (
    "## Ce que disent les chiffres\n\n"
    "Selon le baromètre, « 38 % des ménages » ont fait réparer un appareil (Source : Baromètre).\n\n"
    "- **Diagnostic** : partir des constats ;\n- **Leviers** : voir [la méthode](/methode/).\n\n"
    "> Une citation, *en italique*.\n"
)


def test_forty_kilobytes_of_brackets_are_shown_as_text_without_being_parsed():
    text = "Intro.\n\n" + "[" * 40_000 + "\n\nFin."
    parsed, plain = _defused(text)
    assert "[" not in parsed and plain == ["[" * 40_000]  # the parser never sees that paragraph
    html = render_document(text, allowed_urls=set()).html
    assert html.startswith("<p>Intro.</p>") and html.endswith("<p>Fin.</p>")
    assert '<p class="plain-text">' + "[" * 100 in html


def test_plain_text_paragraphs_are_escaped():
    html = render_markdown("<script>alert(1)</script>" + "*" * (MAX_INLINE_MARKS + 1))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_list_nested_400_deep_renders_with_its_nesting_capped():
    text = "\n".join("    " * depth + "- point" for depth in range(400))
    html = render_document(text, allowed_urls=set()).html  # no RecursionError
    assert 1 < html.count("<ul>") <= MAX_NESTING + 1


def test_quotes_nested_400_deep_are_capped():
    html = render_document(">" * 400 + " une citation", allowed_urls=set()).html
    assert html.count("<blockquote>") == MAX_NESTING


def test_a_real_article_is_rendered_as_before():
    parsed, plain = _defused(ARTICLE)
    assert parsed == ARTICLE and plain == []
    html = render_document(ARTICLE, allowed_urls=set()).html
    assert "<strong>Diagnostic</strong>" in html and 'href="/methode/"' in html and "<blockquote>" in html


def test_a_body_over_the_limit_is_refused_by_the_editor_and_the_importer(settings):
    from articles.files.importing import ArticleFileError, article_file_parse
    from articles.workflow.forms import ArticleEditForm

    settings.PRIZM_MAX_BODY_CHARS = 1000
    body = "Un paragraphe. " * 100
    form = ArticleEditForm(data={"title": "Titre", "slug": "titre", "body": body})
    assert not form.is_valid()
    assert "PRIZM_MAX_BODY_CHARS" in form.errors["body"][0] and "1\u202f500 caractères" in form.errors["body"][0]
    try:
        article_file_parse("---\ntitle: Titre\n---\n" + body)
    except ArticleFileError as exc:
        assert "PRIZM_MAX_BODY_CHARS" in exc.reason
    else:
        raise AssertionError("an oversized file was accepted")
