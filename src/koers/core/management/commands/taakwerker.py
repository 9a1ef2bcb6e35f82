"""``koers taakwerker``: the django-tasks database worker, with a heartbeat for ``/gereed/``."""

from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from koers.core.health import Heartbeat


class Command(DbWorkerCommand):
    help = _(
        "Voert achtergrondtaken uit (imports, rapportages) en geeft elke halve minuut een teken van leven voor "
        "/gereed/. Draai dit als service (koers-worker.service); opties als die van db_worker."
    )

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"]).start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
