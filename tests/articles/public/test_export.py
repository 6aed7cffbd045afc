"""export_articles writes the seed format from published revisions only; import_articles of an export
reproduces the same articles (round trip)."""

from datetime import date

import frontmatter
import pytest
from django.core.management import call_command
from django.utils.text import slugify

from articles.models import Article
from sources.models import Source
from tests.factories import ArticleFactory, CategoryFactory, SourceFactory, TagFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

BODY = """\
## Le constat

Le réseau compte 2 350 ateliers, en hausse de 18 % (Source : Observatoire Orbe).

## Les ménages

Six ménages sur dix ont renoncé à une réparation (Source : Institut Boréal).

| Motif | Part |
|---|---:|
| Prix | 60 % |
"""


def _article(title="Réparer plutôt que jeter : le bilan", **fields):
    orbe = SourceFactory(name="Baromètre des ateliers 2024", publisher="Observatoire Orbe", kind="barometre",
                         url="https://orbe.example.org/barometre-2024", published_on=date(2024, 11, 14),
                         published_precision="day", reliability=8)
    boreal = SourceFactory(name="Enquête sur la réparation", publisher="Institut Boréal", kind="enquete",
                           url="https://boreal.example.com/enquete", published_on=date(2025, 3, 1),
                           published_precision="month", reliability=7)
    article = ArticleFactory(
        title=title, slug=slugify(title), description="Ce que disent deux sources sur la réparation.",
        body=BODY, sources=[orbe, boreal], category=CategoryFactory(name="Économie circulaire", slug="economie-circulaire"),
        image="/images/reparation.jpg", featured=True, author_name="Prizm AI", **fields,
    )
    article.tags.set([TagFactory(name="Réparation", slug="reparation"), TagFactory(name="Consommation", slug="consommation")])
    from tests.factories import make_revision

    make_revision(article)
    return article


def test_export_writes_the_published_revision_in_the_seed_format(tmp_path):
    article = publish(_article())
    article.title = "Titre de travail jamais publié"
    article.body = "Brouillon secret."
    article.save()
    ArticleFactory(title="Un brouillon", status="draft")

    call_command("export_articles", str(tmp_path))

    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [f"{article.slug}.md"]
    text = files[0].read_text(encoding="utf-8")
    post = frontmatter.loads(text)
    assert list(post.metadata) == ["title", "description", "date", "author", "categories", "tags", "image",
                                   "featured", "readingTime", "sources"]
    assert post["title"] == "Réparer plutôt que jeter : le bilan | Prizm AI"
    assert post["description"] == "Ce que disent deux sources sur la réparation."
    assert post["categories"] == ["Économie circulaire"]
    assert post["tags"] == ["Consommation", "Réparation"]
    assert post["featured"] is True and post["image"] == "/images/reparation.jpg"
    assert post["readingTime"] == "1 min" and post["sources"] == 2
    assert post["date"] == article.first_published_at.date().isoformat()
    assert "secret" not in text and "jamais publié" not in text
    assert post.content.startswith("# Réparer plutôt que jeter : le bilan\n\n## Le constat\n")
    assert post.content.endswith(
        "## Sources et références\n\n"
        "*Cet article a été rédigé à partir de sources vérifiées :*\n\n"
        "1. **Baromètre des ateliers 2024** - Baromètre\n"
        "   - Éditeur : Observatoire Orbe\n"
        "   - Date : 14/11/2024\n"
        "   - URL : https://orbe.example.org/barometre-2024\n"
        "   - Fiabilité : 8/10\n\n"
        "2. **Enquête sur la réparation** - Enquête\n"
        "   - Éditeur : Institut Boréal\n"
        "   - Date : mars 2025\n"
        "   - URL : https://boreal.example.com/enquete\n"
        "   - Fiabilité : 7/10"
    )


def test_export_status_option(tmp_path):
    publish(_article())
    draft = ArticleFactory(title="Un brouillon à relire", status="draft")
    call_command("export_articles", str(tmp_path), "--status", "draft")
    assert [f.name for f in tmp_path.iterdir()] == [f"{draft.slug}.md"]


def _snapshot(article: Article) -> dict:
    revision = article.published_revision or article.current_revision
    from articles.public.rendering import article_body_markdown

    return {
        "title": revision.title,
        "description": revision.description,
        "body": article_body_markdown(revision.body).strip(),
        "category": article.category.name if article.category else None,
        "tags": sorted(article.tags.values_list("name", flat=True)),
        "image": article.image,
        "featured": article.featured,
        "author": article.author_name,
        "sources": [
            (s.name, s.publisher, s.kind, s.url, s.published_on, s.published_precision, s.reliability)
            for s in article.sources.order_by("articlesource__order")
        ],
    }


@pytest.mark.parametrize("keep_sources", [True, False], ids=["sources-registered", "sources-recreated"])
def test_export_then_import_reproduces_the_same_articles(tmp_path, keep_sources):
    original = publish(_article())
    before = _snapshot(original)
    call_command("export_articles", str(tmp_path / "first"))

    Article.objects.all().delete()
    if not keep_sources:
        Source.objects.all().delete()
    call_command("import_articles", *[str(p) for p in sorted((tmp_path / "first").iterdir())])

    imported = Article.objects.get(slug=original.slug)
    assert imported.status == "draft"
    assert _snapshot(imported) == before
    # And exporting the imported article gives back the same file.
    call_command("export_articles", str(tmp_path / "second"), "--status", "all")
    first = (tmp_path / "first" / f"{original.slug}.md").read_text(encoding="utf-8")
    second = (tmp_path / "second" / f"{original.slug}.md").read_text(encoding="utf-8")
    assert second == first
