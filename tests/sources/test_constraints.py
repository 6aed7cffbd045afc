"""Reliability 0–10 and http(s) URLs are enforced by the form, the model validation and the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.forms import SourceForm
from sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"url": "https://obs.example.org/etude", "name": "Étude test", "publisher": "", "kind": "etude",
            "published": "2024", "reliability": "7", "language": "fr", "notes": "", "text": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("value", ["-1", "11"])
def test_form_refuses_reliability_outside_0_10(value):
    form = SourceForm(data=form_data(reliability=value))
    assert not form.is_valid()
    assert "La fiabilité va de 0 à 10" in form.errors["reliability"][0]


@pytest.mark.parametrize("value", ["0", "10"])
def test_form_accepts_the_bounds(value):
    form = SourceForm(data=form_data(reliability=value))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("value", [-1, 11])
def test_model_validation_refuses_reliability_outside_0_10(value):
    source = Source(name="x", url="https://x.example.org/a", reliability=value)
    with pytest.raises(ValidationError) as exc:
        source.full_clean(exclude=["normalized_url"])
    assert "reliability" in exc.value.message_dict


@pytest.mark.parametrize("value", [-1, 11])
def test_database_refuses_reliability_outside_0_10(value):
    source = SourceFactory(reliability=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(reliability=value)
    source.refresh_from_db()
    assert source.reliability == 5


@pytest.mark.parametrize("url", ["ftp://example.org/fichier", "javascript:alert(1)", "file:///etc/passwd", "http://"])
def test_only_http_and_https_urls_are_accepted(url):
    form = SourceForm(data=form_data(url=url))
    assert not form.is_valid()
    assert "url" in form.errors
    with pytest.raises(ValidationError):
        Source(name="x", url=url, reliability=5).full_clean(exclude=["normalized_url"])


def test_database_refuses_two_sources_with_the_same_normalized_url():
    SourceFactory(url="https://obs.example.org/etude")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="Copie", url="https://WWW.obs.example.org/etude/?utm_source=x", reliability=5)


def test_form_date_field_reads_partial_dates_and_refuses_nonsense():
    form = SourceForm(data=form_data(published="mars 2025"))
    assert form.is_valid()
    assert form.service_data()["published_precision"] == "month"
    form = SourceForm(data=form_data(published="le mois dernier"))
    assert not form.is_valid()
    assert "Date illisible" in form.errors["published"][0]


def test_form_completes_a_bare_domain_with_https():
    form = SourceForm(data=form_data(url="obs.example.org/etude"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["url"] == "https://obs.example.org/etude"
