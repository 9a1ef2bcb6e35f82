"""Operations: /gezondheid/ and /gereed/, the worker heartbeat, the request id, JSON logs, Sentry, koers onderhoud,
koers check --deploy with the production settings, the lock files and the pinned htmx."""

import io
import json
import logging
import os
import re
import subprocess
import sys
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.utils import timezone

from koers.conf.logs import JsonFormatter, RequestIdFilter
from koers.core import health
from koers.core.models import WorkerHeartbeat
from koers.onboarding.middleware import FirstRunMiddleware

ROOT = Path(__file__).resolve().parent.parent
HTMX_VERSION = "2.0.10"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def fresh_install(monkeypatch):
    """An installation without any account: FirstRunMiddleware would send every page to the set-up."""
    monkeypatch.setattr(FirstRunMiddleware, "installed", False)


# --- /gezondheid/ ---------------------------------------------------------------------------------------------


def test_alive_answers_without_database(client):
    # no db fixture: any query would raise "Database access not allowed"
    response = client.get("/gezondheid/", HTTP_HOST="10.1.2.3")  # a load balancer asks by address
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_health_is_outside_login_setup_and_https_redirect(client, db, fresh_install, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code in (301, 302)  # any other page: https or set-up first
    for path in ("/gezondheid/", "/gereed/"):
        response = client.get(path, HTTP_HOST="10.1.2.3")
        assert response.status_code == 200, path


def test_health_only_answers_get(client, db):
    assert client.post("/gezondheid/").status_code == 405
    assert client.post("/gereed/").status_code == 405


# --- /gereed/ -------------------------------------------------------------------------------------------------


def test_ready_with_immediate_tasks_needs_no_worker(client, db):
    response = client.get("/gereed/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "gereed"
    assert body["controles"]["database"] == "bereikbaar"
    assert body["controles"]["migraties"] == "alle uitgevoerd"
    assert body["controles"]["taakwerker"].startswith("niet nodig")


def test_ready_needs_a_recent_heartbeat(client, db, settings):
    settings.TASKS = DB_TASKS
    settings.KOERS_WORKER_HEARTBEAT_SECONDS = 120
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["controles"]["taakwerker"].startswith("nog nooit gezien")

    WorkerHeartbeat.objects.create(worker_id="oud", beat_at=timezone.now() - timedelta(seconds=300))
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["status"] == "niet gereed"

    health.beat("werker-1")
    response = client.get("/gereed/")
    assert response.status_code == 200, response.json()
    assert response.json()["controles"]["taakwerker"].startswith("laatste teken van leven")


def test_ready_reports_unapplied_migrations(client, db, monkeypatch):
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", lambda self, targets: [("x", False)]
    )
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["controles"]["migraties"] == "1 niet uitgevoerd (koers migrate)"


def test_ready_reports_an_unreachable_database(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("weg")

    monkeypatch.setattr(health, "_check_database", lambda: (False, "niet bereikbaar"))
    monkeypatch.setattr(health, "_check_migrations", broken)  # not even asked when the database is away
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json() == {"status": "niet gereed", "controles": {"database": "niet bereikbaar"}}


def test_check_database_catches_database_errors(db, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("verbinding geweigerd")

    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(health.connection, "cursor", broken)
        assert health._check_database() == (False, "niet bereikbaar")


def test_heartbeat_thread_beats_and_stops(transactional_db):
    beat = health.Heartbeat("werker-draad", interval=0.05).start()
    first = WorkerHeartbeat.objects.get(worker_id="werker-draad").beat_at
    try:
        for _ in range(200):
            row = WorkerHeartbeat.objects.get(worker_id="werker-draad")
            if row.beat_at > first:
                break
            beat._stopped.wait(0.05)  # poll for the condition: the thread has beaten again
        assert row.beat_at > first
    finally:
        beat.stop()
    assert not beat._thread.is_alive()


def test_taakwerker_beats_and_runs_tasks(transactional_db, settings):
    settings.TASKS = DB_TASKS
    call_command("taakwerker", "--batch", "--no-startup-delay", "--worker-id", "proef-werker", "-v", "0")
    assert WorkerHeartbeat.objects.filter(worker_id="proef-werker").exists()


# --- request id and logs --------------------------------------------------------------------------------------


def test_request_id_is_taken_from_the_proxy_when_valid(client, db):
    assert client.get("/gezondheid/", HTTP_X_REQUEST_ID="abcdef12-3456").headers["X-Request-ID"] == "abcdef12-3456"
    replaced = client.get("/gezondheid/", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)
    assert client.get("/gezondheid/").headers["X-Request-ID"] != client.get("/gezondheid/").headers["X-Request-ID"]


def test_request_log_is_json_with_request_id_and_no_personal_data(client, swv):
    from koers_dev.testing.factories import UserFactory, member

    user = UserFactory(username="jan.jansen", email="jan.jansen@school.example", first_name="Jan")
    member(user, swv, "bureau")
    client.force_login(user)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("koers.request")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/?filter=jan.jansen", REMOTE_ADDR="192.0.2.77")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 1
    entry = lines[0]
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["route"] == "dashboard:home"
    assert entry["status"] == response.status_code
    assert entry["method"] == "GET"
    text = stream.getvalue()
    for personal in ("jan", "192.0.2.77", "filter"):
        assert personal not in text.lower()


def test_json_formatter_writes_exceptions_and_ignores_other_extras():
    record = logging.LogRecord("koers.x", logging.ERROR, __file__, 1, "mislukt %s", ("stap",), None)
    record.user = "geheim@voorbeeld.nl"  # an extra that is not allowed
    try:
        raise ValueError("kapot")
    except ValueError:
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["bericht"] == "mislukt stap"
    assert entry["niveau"] == "ERROR"
    assert entry["uitzondering"] == "ValueError"
    assert "geheim" not in json.dumps(entry)


# --- production settings, check --deploy, Sentry ----------------------------------------------------------------


def _production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOERS_", "DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="koers.conf.production",
        SECRET_KEY="productie-proef-" + "k8s2Lw9qZr4Vt7Yp1Xn6Hb3Mc5Jd0Fg" * 2,
        KOERS_PSEUDONYM_KEY="pseudoniem-proef-sleutel",
        KOERS_UPLOAD_KEY="upload-proef-sleutel",
        KOERS_SITE_URL="https://koers.voorbeeld.nl",
        ALLOWED_HOSTS="koers.voorbeeld.nl",
        CSRF_TRUSTED_ORIGINS="https://koers.voorbeeld.nl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'koers.sqlite3'}",
        KOERS_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(extra)
    return env


def _koers(*args, env):
    return subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "koers"), *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _koers("check", "--deploy", "--fail-level", "WARNING", env=_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_the_secrets(tmp_path):
    env = _production_env(tmp_path)
    del env["KOERS_UPLOAD_KEY"]
    result = _koers("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "KOERS_UPLOAD_KEY" in result.stderr


SENTRY_PROBE = (
    "import sys, django; django.setup(); from django.conf import settings; "
    "import json; print(json.dumps({'geladen': 'sentry_sdk' in sys.modules, 'log': settings.LOGGING['formatters']"
    "['koers'], 'actief': bool('sentry_sdk' in sys.modules and sys.modules['sentry_sdk'].get_client().is_active())}))"
)


def test_production_logs_json_and_loads_sentry_only_with_a_dsn(tmp_path):
    without = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SENTRY_PROBE], capture_output=True, text=True, env=_production_env(tmp_path), timeout=120
    )
    assert without.returncode == 0, without.stderr
    assert json.loads(without.stdout) == {
        "geladen": False,
        "log": {"()": "koers.conf.logs.JsonFormatter"},
        "actief": False,
    }
    env = _production_env(tmp_path, KOERS_SENTRY_DSN="https://publiekesleutel@127.0.0.1:9/1")
    with_dsn = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SENTRY_PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    assert with_dsn.returncode == 0, with_dsn.stderr
    assert json.loads(with_dsn.stdout)["actief"] is True


def test_sentry_events_carry_no_personal_data():
    from koers.conf.sentry import _without_personal_data

    event = {
        "user": {"email": "a@b.nl", "ip_address": "192.0.2.1"},
        "request": {"url": "https://k/x", "cookies": {"sessionid": "s"}, "headers": {"Cookie": "c"}, "data": "bsn"},
    }
    cleaned = _without_personal_data(event, None)
    assert "user" not in cleaned
    assert cleaned["request"] == {"url": "https://k/x"}


def test_unknown_log_format_is_refused(tmp_path):
    result = _koers("check", env=_production_env(tmp_path, KOERS_LOG_FORMAT="xml"))
    assert result.returncode != 0
    assert "verwacht json of tekst, gekregen 'xml'" in result.stderr


# --- koers onderhoud ------------------------------------------------------------------------------------------


def test_onderhoud_runs_every_step(transactional_db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    monkeypatch.setattr(settings, "KOERS_ONDERHOUD_BEWAARTERMIJN_DAG", timezone.localdate().day)
    call_command("onderhoud", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    for step in ("uploads:", "herinneringen:", "backup:", "bewaartermijn:"):
        assert step in text
    assert "herinnering(en) verstuurd" in text
    assert list((tmp_path / "backups").glob("koers-*.backup"))


def test_onderhoud_skips_retention_on_other_days(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.KOERS_ONDERHOUD_BEWAARTERMIJN_DAG = timezone.localdate().day % 28 + 1  # never today
    out = io.StringIO()
    call_command("onderhoud", "--proef", stdout=out)
    assert "bewaartermijn: overgeslagen" in out.getvalue()
    assert "backup: zou draaien" in out.getvalue()


def test_onderhoud_one_step_and_no_retention_after_a_failed_backup(db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    out, err = io.StringIO(), io.StringIO()
    call_command("onderhoud", "--stap", "herinneringen", stdout=out, stderr=err)
    assert "herinneringen:" in out.getvalue()
    assert "backup" not in out.getvalue().replace("backup: overgeslagen", "")

    from koers.core.management.commands import backup as backup_command

    def failing(target):
        raise backup_command.BackupError("schijf vol")

    monkeypatch.setattr(backup_command, "backup", failing)
    with pytest.raises(CommandError, match="mislukt: backup, bewaartermijn"):
        call_command("onderhoud", "--stap", "backup", "--stap", "bewaartermijn", stdout=out, stderr=err)
    assert "bewaartermijn: overgeslagen, want de back-up is mislukt" in err.getvalue()


# --- repeatable installs --------------------------------------------------------------------------------------


def _locked(path: Path) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9._-]+)==(\S+) \\$", path.read_text(), flags=re.MULTILINE)
    }


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_lock_files_pin_every_dependency_with_hashes_and_no_address():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base, dev = _locked(ROOT / "requirements/base.txt"), _locked(ROOT / "requirements/dev.txt")
    missing = [r for r in project["dependencies"] + project["optional-dependencies"]["sentry"] if _name(r) not in base]
    missing += [r for r in project["optional-dependencies"]["dev"] if _name(r) not in dev]
    assert not missing, f"Niet in de lock-bestanden (draai make lock): {missing}"
    assert {k: v for k, v in dev.items() if k in base} == base  # development runs what production runs
    for path in ("requirements/base.txt", "requirements/dev.txt"):
        text = (ROOT / path).read_text()
        assert "://" not in text and "--index-url" not in text and "--find-links" not in text, path
        pins = re.findall(r"^[A-Za-z0-9._-]+==\S+", text, flags=re.MULTILINE)
        assert len(pins) == len(re.findall(r"^[A-Za-z0-9._-]+==\S+ \\\n    --hash=sha256:", text, re.MULTILINE))
    assert "setuptools" in base  # the build backend, for pip install --no-deps --no-build-isolation -e .


def test_installs_go_through_the_lock_only():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^\$\(STAMP\): \$\(LOCKS\)", makefile, re.MULTILINE)
    assert "pip install --quiet --require-hashes -r requirements/dev.txt" in makefile
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in makefile
    assert "--generate-hashes" in makefile and "--no-emit-index-url" in makefile
    assert not re.search(r"pip install[^\n]*'\.\[dev\]'", makefile)
    ci = (ROOT / ".ci/run").read_text()
    assert "postgresql-15" in ci and "nginx" in ci and "make test" in ci


def test_license_is_an_spdx_string():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "EUPL-1.2"
    assert "setuptools>=77" in pyproject["build-system"]["requires"]


def test_htmx_is_pinned_and_served_by_koers():
    base = (ROOT / "src/koers/templates/base.html").read_text()
    scripts = re.findall(r"<script src=\"\{% static '([^']+)' %\}\"", base)
    assert f"koers/vendor/htmx-{HTMX_VERSION}.min.js" in scripts
    assert not [s for s in scripts if s.startswith("django_htmx/")]
    vendored = (ROOT / f"src/koers/core/static/koers/vendor/htmx-{HTMX_VERSION}.min.js").read_text()
    assert f'version:"{HTMX_VERSION}"' in vendored
