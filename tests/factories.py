"""factory-boy factories shared by every test module."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from prizm.roles import EDITORS_GROUP, REVIEWERS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("motdepasse-test")

    @classmethod
    def _create(cls, model_class, *args, editor=False, reviewer=False, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if editor:
            user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        if reviewer:
            user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
        return user


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sources.Source"

    name = factory.Sequence(lambda n: f"Observatoire régional {n}")
    publisher = factory.LazyAttribute(lambda s: s.name)
    kind = "etude"
    url = factory.Sequence(lambda n: f"https://observatoire-{n}.example.org/etudes/{n}")
    published_on = factory.Faker("date_between", start_date="-2y", end_date="-30d")
    published_precision = "day"
    reliability = 8
    language = "fr"
    text = ""


class ExtractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sources.Extract"

    source = factory.SubFactory(SourceFactory)
    text = factory.Sequence(lambda n: f"Le réseau compte {120 + n} ateliers de réparation actifs en 2024.")
    locator = "p. 3"
    order = factory.Sequence(int)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Category"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Tag"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Étiquette {n}")
    slug = factory.Sequence(lambda n: f"etiquette-{n}")


class BriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Brief"
        skip_postgeneration_save = True

    topic = factory.Sequence(lambda n: f"Réparation et économie circulaire {n}")
    angle = "Ce que les chiffres disent vraiment"
    requested_by = factory.SubFactory(UserFactory, editor=True)

    @factory.post_generation
    def sources(obj, create, extracted, **kwargs):
        if create and extracted:
            from articles.models import BriefSource

            for order, source in enumerate(extracted):
                BriefSource.objects.create(brief=obj, source=source, order=order)


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article with a first revision. Pass sources=[...] to attach sources in order."""

    class Meta:
        model = "articles.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Réparer plutôt que jeter : bilan {n}")
    slug = factory.Sequence(lambda n: f"reparer-plutot-que-jeter-{n}")
    description = "Analyse factuelle basée sur 1 source vérifiée."
    body = "## Introduction\n\nLe réseau compte 121 ateliers (Source : Observatoire régional 0).\n"
    created_by = factory.SubFactory(UserFactory, editor=True)
    generated_by = "human"

    @factory.post_generation
    def sources(obj, create, extracted, **kwargs):
        if create and extracted:
            from articles.models import ArticleSource

            for order, source in enumerate(extracted):
                ArticleSource.objects.create(article=obj, source=source, order=order)

    @factory.post_generation
    def with_revision(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            make_revision(obj, author=obj.created_by)


def make_revision(article, *, author=None, reason=""):
    """Snapshot the article's current fields as a new revision and make it current (the app's own
    `revision_create`, so tests number revisions like the app does)."""
    from articles.revisions import revision_create, revision_sources

    return revision_create(
        article=article, title=article.title, description=article.description, body=article.body,
        sources=revision_sources(article), author=author, reason=reason,
    )


def publish_directly(article, *, when=None):
    """Put an article on the public site through the workflow's own go-live step (the revision is
    frozen for the public and the public cache invalidated, as when a reviewer publishes), skipping
    only the review steps and their permission checks (for public-site tests)."""
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article
    from articles.public import cache
    from articles.workflow.publishing import go_live

    revision = article.current_revision or make_revision(article, author=article.created_by)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        locked.approved_revision = revision
        locked.status = "approved"
        go_live(locked, actor=None, now=when or timezone.now(), action="article.publish")
    # The workflow invalidates the page cache on commit, which a test's transaction never reaches.
    cache.public_cache_invalidate(article=locked)
    article.refresh_from_db()
    return article


class GenerationJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.GenerationJob"

    kind = "draft"
    status = "queued"
    brief = factory.SubFactory(BriefFactory)
    requested_by = factory.LazyAttribute(lambda j: j.brief.requested_by if j.brief else None)
