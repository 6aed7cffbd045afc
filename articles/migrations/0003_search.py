# Hand-written (see docs/DEVELOPING.md): what makemigrations cannot express for public search.
# Postgres only: the unaccent extension, a French text search configuration that ignores accents
# ("reglementation" finds "réglementation") and the GIN index over published revision text that uses
# it. On SQLite every step is a no-op; articles/search.py falls back to a simple accent-folding search.

from django.db import migrations

CONFIG = "prizm_fr"
INDEX_NAME = "revision_search_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.public.search import search_vector_index

    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
                CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.french);
                ALTER TEXT SEARCH CONFIGURATION {CONFIG}
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
            END IF;
        END
        $$;
        """
    )
    # Built from the same expression the search query uses, so the planner can match it.
    schema_editor.add_index(apps.get_model("articles", "Revision"), search_vector_index(INDEX_NAME))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
