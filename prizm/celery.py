import os
from pathlib import Path

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prizm.settings")
# filesystem:// (the embedded default) goes through Prizm's atomic-write variant (prizm/broker.py).
TRANSPORT_ALIASES["filesystem"] = "prizm.broker:Transport"

app = Celery("prizm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def send_now(task_name: str, *args):
    """Publish the task named `task_name` (its pinned name) with `args` on the broker the settings
    name now (not the one Celery cached at start-up, so a broker change or outage is seen at once).
    Sent by name, so a service never imports its task module. Raises when the broker is unreachable;
    callers keep their database row as the truth and say so."""
    from django.conf import settings

    ensure_broker_folders()
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        return app.send_task(task_name, args=list(args), connection=conn)


def ensure_broker_folders() -> None:
    """The filesystem transport needs its folders to exist before anyone publishes."""
    from django.conf import settings

    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
