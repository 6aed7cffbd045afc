"""Two saves racing on the same version, on real Postgres row locks: exactly one wins, the other
is refused as stale and its text is kept in its author's autosave."""

import threading

import pytest
from django.db import connection

from articles.models import Article, AutosaveDraft
from articles.workflow.editing import ArticleInput, StaleSave, article_save
from tests.factories import ArticleFactory, SourceFactory, UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_concurrent_saves_cannot_both_win():
    users = [UserFactory(username=f"editeur-{i}", editor=True) for i in range(4)]
    article = ArticleFactory(created_by=users[0], sources=[SourceFactory(name="Observatoire régional 0")])
    base = Article.objects.get(pk=article.pk).version
    barrier = threading.Barrier(len(users))
    outcomes: dict[str, str] = {}

    def save(user):
        try:
            fresh = Article.objects.get(pk=article.pk)
            data = ArticleInput.from_article(fresh)
            data.body += f"\nParagraphe de {user.username}.\n"
            barrier.wait(timeout=10)
            article_save(article=fresh, user=user, data=data, base_version=base)
            outcomes[user.username] = "saved"
        except StaleSave:
            outcomes[user.username] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["saved", "stale", "stale", "stale"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    final = Article.objects.get(pk=article.pk)
    assert final.version == base + 1 and final.revisions.count() == 2
    assert f"Paragraphe de {winner}." in final.body
    for name, outcome in outcomes.items():
        if outcome == "stale":
            kept = AutosaveDraft.objects.get(article=final, user__username=name)
            assert f"Paragraphe de {name}." in kept.body
