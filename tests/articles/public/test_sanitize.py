"""No XSS payload survives rendering: raw HTML is shown as text, only allowed tags and attributes
remain, links and images keep only http(s) URLs (articles: only their sources' URLs), event handlers,
data: and javascript: URLs, SVG/MathML tricks and markdown link/image tricks are all neutralised."""

import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.public.rendering import render_body_html
from prizm.markdown import ALLOWED_TAGS, render_markdown

SOURCES = [{"id": 1, "name": "DFM.fr", "url": "https://dfm.fr/articles/etat-des-lieux/"}]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example.com/xss.js></SCRIPT>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://dfm.fr/" onclick="alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body { display: none }</style>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](  javascript:alert(1))",
    "[clic](java&#115;cript:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](java\tscript:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](file:///etc/passwd)",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](//evil.example.com/phish)",
    "[clic](\\\\evil.example.com/phish)",
    '[clic](https://dfm.fr/articles/etat-des-lieux/" onmouseover="alert(1))',
    '[clic](https://dfm.fr/articles/etat-des-lieux/ "titre" onmouseover="alert(1)")',
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x" onerror="alert(1)](https://dfm.fr/a.png)',
    "![img](https://tracker.example.com/pixel.gif)",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "[ref][y]\n\n[y]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "<https://evil.example.com/\" onclick=\"alert(1)>",
    "[<img src=x onerror=alert(1)>](https://dfm.fr/)",
    "## <script>alert(1)</script> titre",
    "## Titre <img src=x onerror=alert(1)>\n\n## B\n\n## C",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | <script>alert(1)</script> |",
    "Note[^1].\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
    "(Source : <script>alert(1)</script>)",
    "(Source : DFM.fr<img src=x onerror=alert(1)>)",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "[x](java\x00script:alert(1))",
]

FORBIDDEN_TAGS = {"script", "style", "iframe", "svg", "math", "object", "embed", "form", "input", "button",
                  "link", "meta", "base", "details", "textarea", "select"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _elements(html: str):
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.elements


def _assert_safe(html: str, *, allowed_hosts: set[str] | None):
    for tag, attrs in _elements(html):
        assert tag in ALLOWED_TAGS and tag not in FORBIDDEN_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name not in {"style", "srcdoc", "formaction", "xlink:href", "action", "background"}, html
            if name in {"href", "src"}:
                url = unescape(value or "").strip()
                assert not re.search(r"[\x00-\x20]", url), url
                if url.startswith("#") or (url.startswith("/") and not url.startswith(("//", "/\\"))):
                    continue
                parts = urlsplit(url)
                assert parts.scheme in {"http", "https"}, (url, html)
                if allowed_hosts is not None:
                    assert parts.hostname in allowed_hosts, (url, html)
        if tag == "a":
            assert attrs.get("rel") == "noopener noreferrer", html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_article_body_neutralises_payload(payload):
    html = render_body_html(body=f"Avant.\n\n{payload}\n\nAprès (Source : DFM.fr).", sources=SOURCES)
    _assert_safe(html, allowed_hosts={"dfm.fr"})
    assert "Après" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_general_markdown_neutralises_payload(payload):
    _assert_safe(render_markdown(payload), allowed_hosts=None)


def test_raw_html_is_shown_as_text_not_dropped():
    html = render_body_html(body="Le code <b onclick=x>gras</b> reste visible.", sources=SOURCES)
    assert "&lt;b onclick=x&gt;gras&lt;/b&gt;" in html


@pytest.mark.django_db
def test_page_escapes_title_description_and_json_ld(client, make_published):
    article = make_published(
        title='<script>alert("t")</script> Titre',
        description='</script><script>alert("d")</script>',
        body="Texte <script>alert('b')</script> (Source : x).",
    )
    html = client.get(f"/articles/{article.slug}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; Titre" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</" not in ld
    assert json.loads(ld)["description"] == '</script><script>alert("d")</script>'
