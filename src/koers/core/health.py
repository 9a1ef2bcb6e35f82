"""Health endpoints for a load balancer, and the task worker's heartbeat.

``/gezondheid/``: the process answers (no database). ``/gereed/``: the database answers, every migration is applied
and, where tasks go through the database, a task worker (``koers taakwerker``) has given a sign of life recently.
Both answer JSON with 200 or 503; :class:`koers.core.middleware.HealthCheckMiddleware` serves them before any
other middleware (no login, set-up, host check or https redirect in the way).
"""

import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEARTBEAT_INTERVAL = 30  # seconds between two beats of a worker


def heartbeat_max_age() -> int:
    return int(getattr(settings, "KOERS_WORKER_HEARTBEAT_SECONDS", 120))


def worker_needed() -> bool:
    """Only a database task backend needs a worker; the immediate backend (tests) runs tasks in the request."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.endswith("DatabaseBackend")


def beat(worker_id: str) -> None:
    """Record that ``worker_id`` is alive now."""
    from koers.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"beat_at": timezone.now()})


class Heartbeat:
    """Beats every ``interval`` seconds in a daemon thread until :meth:`stop` (used by ``koers taakwerker``)."""

    def __init__(self, worker_id: str, interval: float = HEARTBEAT_INTERVAL):
        self.worker_id = worker_id
        self.interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="koers-heartbeat", daemon=True)

    def start(self) -> "Heartbeat":
        beat(self.worker_id)  # at once, in the calling thread: a broken database stops the worker's start
        self._thread.start()
        return self

    def _run(self):
        from django.db import close_old_connections

        while not self._stopped.wait(self.interval):
            try:
                beat(self.worker_id)
            except DatabaseError:
                pass  # the database is away for a moment; /gereed/ reports it, the next beat tries again
            finally:
                close_old_connections()
        connection.close()

    def stop(self):
        self._stopped.set()
        self._thread.join(timeout=self.interval + 5)


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, "niet bereikbaar"
    return True, "bereikbaar"


def _check_migrations() -> tuple[bool, str]:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return False, "niet te controleren"
    if plan:
        return False, f"{len(plan)} niet uitgevoerd (koers migrate)"
    return True, "alle uitgevoerd"


def _check_worker() -> tuple[bool, str]:
    from koers.core.models import WorkerHeartbeat

    if not worker_needed():
        return True, "niet nodig (taken draaien direct)"
    try:
        last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    except DatabaseError:
        return False, "niet te controleren"
    if last is None:
        return False, "nog nooit gezien (start koers taakwerker)"
    age = timezone.now() - last
    if age > timedelta(seconds=heartbeat_max_age()):
        return False, f"laatste teken van leven {int(age.total_seconds())} s geleden"
    return True, f"laatste teken van leven {max(int(age.total_seconds()), 0)} s geleden"


@never_cache
@require_GET
def alive(request):
    """The process runs and answers. Asks nothing of the database."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    """Ready for traffic: database, migrations and task worker."""
    checks = {}
    ok = True
    database_ok, checks["database"] = _check_database()
    ok &= database_ok
    if database_ok:
        migrations_ok, checks["migraties"] = _check_migrations()
        worker_ok, checks["taakwerker"] = _check_worker()
        ok &= migrations_ok and worker_ok
    return JsonResponse({"status": "gereed" if ok else "niet gereed", "controles": checks}, status=200 if ok else 503)
