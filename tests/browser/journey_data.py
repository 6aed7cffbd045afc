"""Data and page helpers shared by the end-to-end journeys (tests/browser/test_journeys.py).

Each journey builds its own data with these helpers, through the same services the studio calls
(`article_save` runs the quality gate, `articles.workflow` submits, approves and publishes), so the
journeys are independent of each other and can run in any order.
"""

from __future__ import annotations

from articles import workflow
from articles.models import Article
from articles.workflow.editing import ArticleInput, article_save
from tests.factories import ExtractFactory, SourceFactory

# Two registered sources whose text holds every figure the clean body below cites.
WORKSHOPS = {
    "name": "Observatoire des ateliers de réparation",
    "publisher": "Agence de la transition écologique",
    "kind": "etude",
    "reliability": 8,
    "text": (
        "En 2024, le réseau compte 1 240 ateliers de réparation. "
        "Le coût moyen d'une réparation est de 67 euros."
    ),
    "extracts": ["le réseau compte 1 240 ateliers de réparation", "Le coût moyen d'une réparation est de 67 euros."],
}
BAROMETER = {
    "name": "Baromètre de la seconde vie",
    "publisher": "Institut Lumen",
    "kind": "barometre",
    "reliability": 7,
    "text": "Selon le baromètre, 42 % des ménages ont fait réparer un appareil en 2024.",
    "extracts": ["42 % des ménages ont fait réparer un appareil en 2024"],
}

PLANTED_BLOCKER = "[Insérer ici le chiffre clé]"


def make_source(spec: dict, *, slug: str):
    """A registered source (with its extracts) from one of the specs above; `slug` keeps URLs unique."""
    fields = {k: v for k, v in spec.items() if k != "extracts"}
    source = SourceFactory(url=f"https://{slug}.example.org/rapport-2024", **fields)
    for order, text in enumerate(spec["extracts"]):
        ExtractFactory(source=source, text=text, locator=f"p. {order + 2}", order=order)
    return source


def make_sources(prefix: str):
    return make_source(WORKSHOPS, slug=f"{prefix}-ateliers"), make_source(BAROMETER, slug=f"{prefix}-barometre")


def clean_body(workshops, barometer, *, extra: str = "") -> str:
    """A body the quality gate accepts: every figure is in the text of the source it cites."""
    return (
        "## Un réseau qui s'étoffe\n\n"
        f"Le réseau compte 1 240 ateliers de réparation (Source : {workshops.name}).\n\n"
        f"Le coût moyen d'une réparation est de 67 euros (Source : {workshops.name}).\n\n"
        "## Des ménages convaincus\n\n"
        f"Selon le baromètre, 42 % des ménages ont fait réparer un appareil en 2024 (Source : {barometer.name}).\n"
        f"{extra}"
    )


def make_draft(*, author, title: str, body: str, sources, description: str = "") -> Article:
    """A draft article with a first revision saved through the editor's service (the gate runs)."""
    from django.utils.text import slugify

    article = Article.objects.create(
        title=title, slug=slugify(title)[:180], description="", body="", created_by=author,
        author_name=author.get_full_name() or author.get_username(),
    )
    article_save(
        article=article, user=author, base_version=article.version, reason="Premier jet",
        data=ArticleInput(
            title=title, description=description or "Ce que disent les chiffres des ateliers de réparation.",
            body=body, slug=article.slug, sources=[s.pk for s in sources],
        ),
    )
    article.refresh_from_db()
    return article


def edit(article: Article, user, **changes) -> Article:
    """Save a change through the editor's service, from the article's current version."""
    article.refresh_from_db()
    data = ArticleInput.from_article(article)
    for name, value in changes.items():
        setattr(data, name, value)
    article_save(article=article, user=user, data=data, base_version=article.version)
    article.refresh_from_db()
    return article


def approve(article: Article, *, editor, reviewer) -> Article:
    workflow.article_submit(article=article, user=editor)
    workflow.article_approve(article=article, user=reviewer)
    return article


def publish(article: Article, *, editor, reviewer) -> Article:
    approve(article, editor=editor, reviewer=reviewer)
    workflow.article_publish(article=article, user=reviewer)
    article.refresh_from_db()
    return article


def blockers(article: Article) -> list[str]:
    article.refresh_from_db()
    return sorted(f.code for f in article.current_revision.findings.filter(severity="blocker"))


# --- page helpers ---------------------------------------------------------------------------------


def mark_page(page) -> None:
    """A flag that survives htmx swaps but not a full page load."""
    page.evaluate("window.__noReload = true")


def still_same_page(page) -> bool:
    return page.evaluate("window.__noReload === true")


# Evaluated in the page: everything a hostile payload would need to have run or to be able to run.
INERT_PROBE = """() => {
  const hrefs = [...document.querySelectorAll('[href], [src], [action], [formaction]')]
    .map(el => (el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action')
                || el.getAttribute('formaction') || '').replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase());
  const handlers = [...document.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].filter(a => a.name.startsWith('on') && /pwned|alert/.test(a.value)).map(a => a.name));
  return {
    pwned: window.__pwned || null,
    scripts: [...document.scripts].filter(s => /pwned|alert\\(/.test(s.textContent)).length,
    javascript_urls: hrefs.filter(h => h.startsWith('javascript:') || h.startsWith('data:text/html')).length,
    handlers: handlers,
  };
}"""


def assert_inert(page, where: str) -> None:
    """No hostile script ran, and none is left in the DOM ready to run."""
    found = page.evaluate(INERT_PROBE)
    assert found == {"pwned": None, "scripts": 0, "javascript_urls": 0, "handlers": []}, f"{where}: {found}"
