from django.db import migrations, models

from prizm.text import fold_key


def fill_keys(apps, schema_editor):
    for model_name in ("Category", "Tag"):
        model = apps.get_model("articles", model_name)
        seen = set()
        for row in model.objects.order_by("pk"):
            key = fold_key(row.name)[:100]
            if key in seen:  # two rows that only differed by case or accents: keep both, distinct
                key = f"{key[:90]}-{row.pk}"
            seen.add(key)
            row.name_key = key
            row.save(update_fields=["name_key"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search")]

    operations = [
        migrations.AddField("category", "name_key", models.CharField(max_length=100, default="", editable=False)),
        migrations.AddField("tag", "name_key", models.CharField(max_length=100, default="", editable=False)),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            "category", "name_key", models.CharField(max_length=100, unique=True, editable=False)
        ),
        migrations.AlterField("tag", "name_key", models.CharField(max_length=100, unique=True, editable=False)),
    ]
