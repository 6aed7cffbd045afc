"""Create the Éditeurs and Relecteurs groups with their permissions."""

from django.db import migrations

from prizm.roles import EDITOR_PERMISSIONS, EDITORS_GROUP, REVIEWER_PERMISSIONS, REVIEWERS_GROUP


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(names):
        found = []
        for dotted in names:
            app_label, codename = dotted.split(".")
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.set(perms(EDITOR_PERMISSIONS))
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    reviewers.permissions.set(perms(REVIEWER_PERMISSIONS))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[EDITORS_GROUP, REVIEWERS_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
