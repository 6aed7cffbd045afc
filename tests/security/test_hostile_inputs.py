"""Every hostile input of hostile_inputs.py, stored where a model or an importer could put it (title,
description, body, tag, category, source name, publisher, extract, comment) and where a reader types
it (search): every page that shows it stays inert — no script, no event handler, no dangerous or
unregistered link, no 500."""

from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.models import Comment
from prizm.markdown import as_browser_reads
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ExtractFactory,
    SourceFactory,
    TagFactory,
    make_revision,
    publish_directly,
)
from tests.security.hostile_inputs import ALL

pytestmark = pytest.mark.django_db

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "background"}
NEVER = {"iframe", "object", "embed", "base", "frame", "applet"}


class Dangers(HTMLParser):
    """What a browser would run or follow in a page: the parser sees what the browser sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in NEVER:
            self.found.append(f"<{tag}>")
        if tag == "script":
            src, kind = attributes.get("src") or "", attributes.get("type") or ""
            if not src.startswith("/static/") and kind not in {"application/json", "application/ld+json"}:
                self.found.append(f"<script {attributes}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value is not None:
                read = (as_browser_reads(value) or value).strip().lower()
                if read.startswith(DANGEROUS_SCHEMES) or "evil.example" in urlsplit(read).netloc:
                    self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "javascript" in (value or "").lower():
                self.found.append(f"<{tag} style=…>")


def dangers(html: str) -> list[str]:
    parser = Dangers()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("index,payload", list(enumerate(ALL)))
def test_a_hostile_input_is_inert_on_every_page_that_shows_it(index, payload, editor, editor_client, client):
    source = SourceFactory(name=f"Source {index} {payload}"[:300], publisher=payload[:200], url=f"https://exemple.org/s{index}")
    ExtractFactory(source=source, text=f"Extrait {payload}")
    category = CategoryFactory(name=f"Catégorie {payload}"[:100], slug=f"c{index}")
    tag = TagFactory(name=f"Étiquette {payload}"[:100], slug=f"t{index}")
    article = ArticleFactory(
        title=f"Titre {payload}"[:300], description=f"Chapô {payload}"[:1000], slug=f"article-{index}",
        body=f"## Partie\n\n{payload}\n\nUn constat (Source : {source.name}).\n", sources=[source],
        category=category, created_by=editor,
    )
    article.tags.set([tag])
    make_revision(article, author=editor)
    publish_directly(article)
    Comment.objects.create(article=article, author=editor, text=f"Remarque {payload}", quote=payload[:500])

    pages = {
        "article": client.get(f"/articles/{article.slug}/"),
        "home": client.get("/"),
        "search": client.get("/search/", {"q": payload[:200]}),
        "tag": client.get(f"/tags/{tag.slug}/"),
        "category": client.get(f"/categories/{category.slug}/"),
        "feed": client.get("/feed/"),
        "studio article": editor_client.get(f"/studio/articles/{article.pk}/"),
        "studio editor": editor_client.get(f"/studio/articles/{article.pk}/edit/"),
        "studio source": editor_client.get(f"/studio/sources/{source.pk}/"),
        "studio search": editor_client.get("/studio/articles/", {"q": payload[:200]}),
    }
    problems = {name: response.status_code for name, response in pages.items() if response.status_code >= 500}
    assert not problems
    for name, response in pages.items():
        if name == "feed":  # XML: its HTML is escaped text, read by feed readers that sanitize
            assert "<script" not in unescape(response.content.decode()).split("<description>")[0]
            continue
        found = dangers(response.content.decode())
        assert not found, f"{name}: {found}"
