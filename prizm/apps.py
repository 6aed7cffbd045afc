from django.apps import AppConfig


class PrizmConfig(AppConfig):
    name = "prizm"
    verbose_name = "Prizm"

    def ready(self):
        from django.db.models.signals import post_migrate

        # Imported here, in ready(): the Celery app reads the settings.
        from .celery import ensure_broker_folders

        ensure_broker_folders()
        post_migrate.connect(_ensure_roles, dispatch_uid="prizm-ensure-roles")


def _ensure_roles(sender, app_config=None, **kwargs):
    # After the last app's post_migrate (permissions exist by then); also runs after test flushes.
    if app_config is not None and app_config.label == "articles":
        from .roles import ensure_role_groups

        ensure_role_groups()
