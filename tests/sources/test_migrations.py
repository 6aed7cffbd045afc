"""Data migration 0002 (issue 12): existing sources lose their tracking parameters and get the
scheme-insensitive key; when both forms of an address exist, the https source takes the key."""

import importlib

import pytest
from django.apps import apps

from sources.models import Source
from sources.services import source_find_duplicate
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sources.migrations.0002_clean_urls_and_scheme_insensitive_key")


def as_before(source, *, url, key):
    """Put a row back in the state the previous rules left it in (scheme-specific key, URL as typed)."""
    Source.objects.filter(pk=source.pk).update(url=url, normalized_url=key)


def test_existing_rows_are_cleaned_and_http_sources_are_found_from_their_https_form():
    tracked, plain, twin_http, twin_https = SourceFactory(), SourceFactory(), SourceFactory(), SourceFactory()
    as_before(tracked, url="https://obs.example.org/etude?utm_source=lettre&id=2#xtor=RSS-3",
              key="https://obs.example.org/etude?id=2")
    as_before(plain, url="http://velo.example.org/barometre", key="http://velo.example.org/barometre")
    as_before(twin_http, url="http://lumen.example.org/rapport", key="http://lumen.example.org/rapport")
    as_before(twin_https, url="https://www.lumen.example.org/rapport/", key="https://lumen.example.org/rapport")

    migration.forwards(apps, None)

    rows = dict(Source.objects.values_list("pk", "url"))
    assert rows[tracked.pk] == "https://obs.example.org/etude?id=2"
    assert rows[plain.pk] == "http://velo.example.org/barometre"  # the scheme typed stays
    assert source_find_duplicate(url="https://velo.example.org/barometre").pk == plain.pk
    # Both forms were registered: the https one answers for the address, the http one is left as it was.
    assert source_find_duplicate(url="http://lumen.example.org/rapport").pk == twin_https.pk
    assert Source.objects.get(pk=twin_http.pk).normalized_url == "http://lumen.example.org/rapport"

    migration.forwards(apps, None)  # running it again changes nothing
    assert dict(Source.objects.values_list("pk", "url")) == rows
