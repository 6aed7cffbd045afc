"""One reliability bar: the same levels and markup in the studio's source list and on the public
references of an article citing the same source."""

import re

import pytest

from sources.reliability import reliability_html, reliability_level
from tests.factories import ArticleFactory, SourceFactory, publish_directly

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "level"), [(10, "high"), (8, "high"), (7, "medium"), (5, "medium"), (4, "low"), (0, "low")])
def test_levels(value, level):
    assert reliability_level(value) == level
    assert f"reliability--{level}" in reliability_html(value)


def test_no_value_is_a_dash_not_a_zero_bar():
    assert "reliability" not in reliability_html(None) and "—" in reliability_html(None)


def test_studio_and_public_show_the_same_bar_for_the_same_source(client, editor):
    source = SourceFactory(name="Baromètre des ateliers", reliability=7)
    article = ArticleFactory(sources=[source], body="Le réseau compte 121 ateliers (Source : Baromètre des ateliers).\n")
    publish_directly(article)

    public = client.get(f"/articles/{article.slug}/").content.decode()
    client.force_login(editor)
    studio = client.get("/studio/sources/").content.decode()

    bar = re.compile(r'<span class="reliability reliability--(\w+)"[^>]*><span class="reliability__bar" aria-hidden="true">'
                     r'<span class="reliability__fill reliability__fill--(\d+)"></span></span>')
    assert bar.findall(public) == [("medium", "7")]
    assert ("medium", "7") in bar.findall(studio)
    assert "Fiabilité 7/10" in public
