from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # The core and the source registry reach the audit journal and the publishing health
        # check through prizm.hooks, never by importing this app.
        from articles.audit import audit_record
        from articles.workflow.health import overdue_scheduled_articles
        from prizm import hooks

        hooks.register_audit_recorder(audit_record)
        hooks.register_health_check("scheduled", overdue_scheduled_articles)
