"""The Content-Security-Policy: no inline script, no inline style, no eval, on studio and public pages;
and nothing in the templates that would need one."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ArticleFactory, SourceFactory, make_revision, publish_directly

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_article(editor):
    source = SourceFactory(reliability=7)
    article = ArticleFactory(sources=[source], created_by=editor, body=f"Un constat (Source : {source.name}).")
    make_revision(article, author=editor)
    publish_directly(article)
    return article

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE = [
    (re.compile(r"\sstyle=\""), "a style attribute (use a class or data-progress)"),
    (re.compile(r"\son[a-z]+=\""), "an inline event handler (use a data attribute and static/js)"),
    (re.compile(r"hx-on"), "an htmx hx-on attribute (htmx runs with allowEval off)"),
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"), "an inline script"),
]


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_no_template_needs_an_inline_script_or_style():
    problems = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in TEMPLATES.rglob("*.html")
        for pattern, what in INLINE
        if pattern.search(path.read_text())
    ]
    assert not problems


def test_studio_and_public_pages_send_a_strict_policy(editor_client, published_article):
    for url in ["/studio/", "/studio/articles/", f"/articles/{published_article.slug}/", "/search/?q=r", "/accounts/login/"]:
        directives = policy(editor_client.get(url))
        assert directives["script-src"] == "script-src 'self'", url
        assert directives["style-src"] == "style-src 'self'", url
        assert directives["object-src"] == "object-src 'none'" and directives["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe" not in " ".join(directives.values())


def test_rendered_pages_hold_no_style_attribute(editor_client, published_article):
    for url in ["/studio/sources/", f"/articles/{published_article.slug}/", "/studio/taches/"]:
        assert ' style="' not in editor_client.get(url).content.decode(), url
