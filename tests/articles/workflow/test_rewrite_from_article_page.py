"""The article page offers a conversational or concise rewrite, which opens a job for a variant."""

import pytest
from django.urls import reverse

from articles.models import GenerationJob
from tests.factories import ArticleFactory, SourceFactory


@pytest.mark.django_db
def test_article_page_offers_a_rewrite_that_launches_a_job(editor_client, editor):
    article = ArticleFactory(created_by=editor, sources=[SourceFactory(name="Observatoire régional 0")])
    page = editor_client.get(reverse("studio:article_detail", args=[article.pk])).content.decode()
    assert "Lancer la réécriture" in page and reverse("studio:article_rewrite", args=[article.pk]) in page
    response = editor_client.post(reverse("studio:article_rewrite", args=[article.pk]), {"style": "concise"})
    job = GenerationJob.objects.get(kind="rewrite", article=article)
    assert response.status_code == 302 and response.url == reverse("studio:job_detail", args=[job.pk])


@pytest.mark.django_db
def test_an_unknown_style_is_refused_with_a_message(editor_client, editor):
    article = ArticleFactory(created_by=editor)
    response = editor_client.post(reverse("studio:article_rewrite", args=[article.pk]), {"style": "poetique"}, follow=True)
    assert "Style inconnu" in response.content.decode()
    assert not GenerationJob.objects.filter(kind="rewrite").exists()
