from django.apps import AppConfig


class PrizmConfig(AppConfig):
    name = "prizm"
    verbose_name = "Prizm"

    def ready(self):
        from .celery import ensure_broker_folders

        ensure_broker_folders()
