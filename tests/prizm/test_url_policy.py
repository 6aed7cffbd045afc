"""Links and images are judged as a browser reads them: character references decoded, tabs and
newlines dropped. `/&#9;/evil.example` must not pass as a path on this site (it is `//evil.example`)."""

import re

import pytest

from prizm.markdown import as_browser_reads, render_document, render_markdown

EVIL_LINKS = [
    "[le rapport](/&#9;/evil.example/phishing)",
    "[le rapport](/&#x09;/evil.example/phishing)",
    "[le rapport](/&#10;/evil.example/phishing)",
    "[le rapport](&#47;&#47;evil.example/phishing)",
    "[le rapport](/&Tab;/evil.example/phishing)",
    '<a href="/&#9;/evil.example/phishing">le rapport</a>',
    '<a href="/\t/evil.example/phishing">le rapport</a>',
    "[le rapport](java&#9;script:alert(1))",
    "[le rapport](&#106;avascript:alert(1))",
]
EVIL_IMAGES = [
    "![graphique](/&#9;/evil.example/pixel.gif)",
    "![graphique](&#47;&#47;evil.example/pixel.gif)",
    '<img src="/&#13;/evil.example/pixel.gif" alt="graphique">',
]


@pytest.mark.parametrize("text", EVIL_LINKS)
@pytest.mark.parametrize("render", [render_markdown, lambda t: render_document(t, allowed_urls=set()).html])
def test_a_link_that_a_browser_would_send_off_site_is_dropped(text, render):
    html = render(text)
    assert not re.search(r"<a\b[^>]*href", html)  # raw HTML stays visible text, never a tag


@pytest.mark.parametrize("text", EVIL_IMAGES)
def test_an_image_that_a_browser_would_load_off_site_is_dropped(text):
    html = render_document(text, allowed_urls=set()).html
    assert "<img" not in html


def test_real_paths_anchors_and_registered_sources_still_work():
    html = render_document(
        "[la méthode](/methode/) · [plus bas](#source-1) · [INSEE](https://www.insee.fr/fr/statistiques/1?x=1&amp;y=2)",
        allowed_urls={"https://www.insee.fr/fr/statistiques/1?x=1&y=2"},
    ).html
    assert 'href="/methode/"' in html and 'href="#source-1"' in html and "insee.fr" in html


def test_the_browser_reading_of_a_url():
    assert as_browser_reads("/&#9;/evil.example") is None
    assert as_browser_reads("&#47;&#47;evil.example") == "//evil.example"
    assert as_browser_reads("/a?b=1&amp;c=2") == "/a?b=1&c=2"
