"""Existing sources under the rules of issue 12 (see prizm/links.py):

- `url` loses its tracking parameters (utm_*, fbclid, gclid, xtor…), as new sources do;
- `normalized_url` becomes scheme-insensitive (http:// and https:// of one address share one key).

When both the http:// and the https:// form of one address are registered, the https source takes the
key, so a new duplicate is refused with a link to it; its http twin keeps its previous, scheme-specific
key (the rows are not merged: articles may cite either). One pass over the registry, written in
batches; keys that change go through a temporary value first so that no intermediate state can trip
the unique constraint.
"""

from django.db import migrations

BATCH = 500


def _rows(Source):
    rows = list(Source.objects.only("pk", "url", "normalized_url").order_by("pk"))
    # https first: when both forms exist, the https source gets the shared key.
    rows.sort(key=lambda s: (not s.url.strip().lower().startswith("https://"), s.pk))
    return rows


def forwards(apps, schema_editor):
    from prizm.links import clean_url, normalize_url

    Source = apps.get_model("sources", "Source")
    taken, changed = set(), []
    for source in _rows(Source):
        url = clean_url(source.url)
        key = normalize_url(url)
        if key in taken:  # the http twin of a registered https source
            key = source.normalized_url if source.normalized_url not in taken else f"{key}#{source.pk}"
        taken.add(key)
        if (url, key) != (source.url, source.normalized_url):
            changed.append((source, url, key))
    moving = [source for source, _url, key in changed if key != source.normalized_url]
    for source in moving:
        source.normalized_url = f"~{source.pk}"  # never a real key (they start with a scheme)
    Source.objects.bulk_update(moving, ["normalized_url"], batch_size=BATCH)
    for source, url, key in changed:
        source.url, source.normalized_url = url, key
    Source.objects.bulk_update([s for s, _u, _k in changed], ["url", "normalized_url"], batch_size=BATCH)


def backwards(apps, schema_editor):
    """Scheme-specific keys again for http sources (the removed tracking parameters stay removed)."""
    Source = apps.get_model("sources", "Source")
    changed = []
    for source in _rows(Source):
        if source.url.strip().lower().startswith("http://") and source.normalized_url.startswith("https://"):
            source.normalized_url = "http://" + source.normalized_url[len("https://"):]
            changed.append(source)
    Source.objects.bulk_update(changed, ["normalized_url"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
