"""The access matrix, generated from the URL resolver: every URL of the studio and the public site ×
anonymous / reader without a role / editor / second editor / reviewer / admin × GET / POST, and POST
without a CSRF token. Permissions hold on the server: no 500, nobody without the role gets a studio
page or changes anything, and a draft is never reachable publicly."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles.models import Article, AuditEvent, Comment, GenerationJob, PreviewLink, Revision
from sources.models import Extract, Source, SourceFetch
from tests.factories import (
    ArticleFactory,
    BriefFactory,
    CategoryFactory,
    ExtractFactory,
    GenerationJobFactory,
    SourceFactory,
    TagFactory,
    UserFactory,
    make_revision,
    publish_directly,
)

pytestmark = pytest.mark.django_db

SECRET = "Brouillon-confidentiel-7f3a"
SKIPPED = {"admin", "accounts/reset/", "favicon.ico", "accounts/logout/"}  # Django's own, or ends the session
PUBLIC = re.compile(r"^(|articles/|categories/|tags/|search/|feed/|sitemap\.xml|robots\.txt|api/|preview/|langue/|healthz|i18n/|accounts/)")


def routes():
    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name

    return [(route, name) for route, name in walk(get_resolver().url_patterns)
            if not any(route.startswith(skip) for skip in SKIPPED)]


@pytest.fixture
def world(editor):
    source = SourceFactory(name="Baromètre des ateliers")
    extract = ExtractFactory(source=source, text="Le nombre d'ateliers a progressé de 18 %.")
    category, tag = CategoryFactory(), TagFactory()
    draft = ArticleFactory(title=SECRET, slug="brouillon-confidentiel", sources=[source], created_by=editor,
                           body=f"{SECRET} : un texte qui n'est pas public (Source : {source.name}).")
    make_revision(draft, author=editor)
    published = ArticleFactory(sources=[source], created_by=editor, category=category,
                               body=f"Un texte public (Source : {source.name}).")
    published.tags.set([tag])
    make_revision(published, author=editor)
    publish_directly(published)
    brief = BriefFactory(requested_by=editor)
    job = GenerationJobFactory(brief=brief, requested_by=editor)
    fetch = SourceFetch.objects.create(url="https://exemple.org/page", deadline=timezone.now() + timedelta(minutes=5))
    link = PreviewLink.objects.create(article=draft, created_by=editor, expires_at=timezone.now() - timedelta(days=1))
    finding = draft.current_revision.findings.first()
    return {
        "source": source.pk, "extract": extract.pk, "fetch": fetch.pk, "brief": brief.pk, "job": job.pk,
        "article": draft.pk, "finding": finding.pk if finding else 999_999, "link": link.pk, "token": link.token,
        "published": published.slug, "category": category.slug, "tag": tag.slug,
    }


def url_for(route: str, name: str, world: dict) -> str:
    def value(match):
        param = match.group(2)
        if param == "pk":
            for prefix, key in [("studio:source_fetch", "fetch"), ("studio:extract", "extract"), ("studio:source", "source"),
                                ("studio:brief", "brief"), ("studio:job", "job")]:
                if name.startswith(prefix):
                    return str(world[key])
            return str(world["article"])
        if param == "number":
            return "1"
        if param in {"link_pk", "finding_pk"}:
            return str(world[param.removesuffix("_pk")])
        if param == "token":
            return world["token"]
        if param == "language":
            return "en"
        return world["category" if "category" in name else "tag" if "tag" in name else "published"]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def snapshot() -> tuple:
    return tuple(m.objects.count() for m in (Article, Revision, AuditEvent, Comment, PreviewLink, GenerationJob, Source, Extract))


def clients(editor, other_editor, reviewer, admin_user) -> dict[str, Client]:
    made = {"anonymous": Client(), "reader": Client()}
    made["reader"].force_login(UserFactory(username="lecteur"))
    for role, user in [("editor", editor), ("other_editor", other_editor), ("reviewer", reviewer), ("admin", admin_user)]:
        made[role] = Client()
        made[role].force_login(user)
    return made


def test_no_url_answers_500_to_anyone(world, editor, other_editor, reviewer, admin_user):
    problems = []
    for role, client in clients(editor, other_editor, reviewer, admin_user).items():
        for route, name in routes():
            url = url_for(route, name, world)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status >= 500 and not (url == "/healthz" and status == 503):  # 503: no worker, by design
                    problems.append(f"{role} {method.upper()} {url} → {status}")
    assert not problems


def test_without_a_studio_role_nothing_in_the_studio_is_shown_or_changed(world, editor, other_editor, reviewer, admin_user):
    before = snapshot()
    leaks = []
    made = clients(editor, other_editor, reviewer, admin_user)
    for role in ("anonymous", "reader"):
        for route, name in routes():
            if PUBLIC.match(route):
                continue
            url = url_for(route, name, world)
            for method in ("get", "post"):
                response = getattr(made[role], method)(url)
                if response.status_code < 300 or SECRET in response.content.decode(errors="replace"):
                    leaks.append(f"{role} {method.upper()} {url} → {response.status_code}")
    assert not leaks
    assert snapshot() == before


def test_a_post_without_its_csrf_token_is_refused_everywhere(world, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    before = snapshot()
    accepted = []
    for route, name in routes():
        url = url_for(route, name, world)
        status = client.post(url).status_code
        if status != 403:
            accepted.append(f"POST {url} → {status}")
    assert not accepted
    assert snapshot() == before


def test_a_draft_is_reachable_nowhere_public(world, client):
    pages = [url_for(route, name, world) for route, name in routes() if PUBLIC.match(route)]
    pages += ["/search/?q=confidentiel", "/articles/brouillon-confidentiel/", "/api/articles/brouillon-confidentiel/",
              f"/preview/{world['token']}/"]
    shown = [url for url in pages if SECRET in client.get(url).content.decode(errors="replace")]
    assert not shown
    assert client.get("/articles/brouillon-confidentiel/").status_code == 404
    assert client.get(f"/preview/{world['token']}/").status_code == 404  # expired


def test_reviewer_only_actions_are_refused_to_an_editor(world, editor):
    client = Client()
    client.force_login(editor)
    for name in ("studio:review_queue", "studio:audit_log"):
        assert client.get(reverse(name)).status_code == 403, name
    article = world["article"]
    for name in ("studio:article_approve", "studio:article_request_changes", "studio:article_publish"):
        client.post(reverse(name, args=[article]), {"message": "ok"})
    assert Article.objects.get(pk=article).status == "draft"
