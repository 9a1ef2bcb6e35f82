"""The scale-out load test: several gunicorn instances and task workers on one PostgreSQL, many SWV's.

:func:`run_step` lets a number of simulated users (:class:`koers_dev.performance.scale.SimUser`) work against a
list of servers (user ``j`` on server ``j mod len(bases)``) and measures the CPU time of the load generator,
of the server processes and of PostgreSQL during the step (from ``/proc``), so that a host sees how much of the
machine the load generator itself took.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from koers_dev.performance.loadtest import Result, simulate_user, summary_rows

# The cache that several servers share: the production setting for more than one server (docs/beheer, "Cache
# van berekende maten"): Django's database cache on the same PostgreSQL.
SHARED_CACHE_ENV = {
    "KOERS_CACHE_BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "KOERS_CACHE_LOCATION": "koers_cache",
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from 3 (state) on; the name may contain spaces


def children(pid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if name.isdigit():
            fields = _stat(int(name))
            if fields and int(fields[1]) == pid:
                out.append(int(name))
    return out


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process, of its children that ended (waited for) and of its live children."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime (fields 14-17)
    for child in children(pid):
        child_fields = _stat(child)
        if child_fields:
            ticks += sum(int(v) for v in child_fields[11:15])
    return ticks / CLOCK_TICKS


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_busy_seconds() -> float:
    try:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / CLOCK_TICKS


def machine_info(connection) -> dict:
    info = {"nproc": os.cpu_count() or 0, "geheugen": "?", "processor": "?", "database": connection.vendor}
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        info["geheugen"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        with open("/proc/cpuinfo") as f:
            info["processor"] = next(line for line in f if line.startswith("model name")).split(":", 1)[1].strip()
    except (OSError, StopIteration):
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["database"] = f"PostgreSQL {cursor.fetchone()[0]}"
    return info


def postgres_pid(connection) -> int | None:
    """The PostgreSQL server process (the parent of this connection's backend), when it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    fields = _stat(backend)
    return int(fields[1]) if fields else None


@dataclass
class Processes:
    servers: list = field(default_factory=list)  # Popen of gunicorn masters
    workers: list = field(default_factory=list)  # Popen of koers taakwerker
    postgres: int | None = None

    def cpu(self) -> dict:
        return {
            "servers": sum(tree_cpu_seconds(p.pid) for p in self.servers),
            "taakwerkers": sum(tree_cpu_seconds(p.pid) for p in self.workers),
            "postgres": tree_cpu_seconds(self.postgres) if self.postgres else 0.0,
            "generator": own_cpu_seconds(),
            "machine": machine_busy_seconds(),
        }

    def stop(self):
        for p in [*self.servers, *self.workers]:
            if p.poll() is None:
                p.terminate()
        for p in [*self.servers, *self.workers]:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def start(env: dict, ports: list[int], workers: int, threads: int, task_workers: int) -> Processes:
    procs = Processes()
    settings_module = env["DJANGO_SETTINGS_MODULE"]
    for port in ports:
        procs.servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "koers.wsgi:application",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    str(workers),
                    "--threads",
                    str(threads),
                    "--timeout",
                    "60",
                    "--log-level",
                    "warning",
                    "--no-control-socket",
                    "--env",
                    f"DJANGO_SETTINGS_MODULE={settings_module}",
                ],  # fmt: skip
                env=env,
            )
        )
    for _n in range(task_workers):
        procs.workers.append(subprocess.Popen([sys.executable, "-m", "django", "taakwerker"], env=env))
    return procs


@dataclass
class Step:
    users: int
    duration: int
    result: Result
    wall: float
    cpu: dict
    posted: int = 0
    stored: int = 0


def login_all(users, bases, password, parallel=8) -> tuple[dict, list[str]]:
    """Log every user in once, at most ``parallel`` at a time (password hashing is deliberately slow; not measured).
    Returns ({username: logged-in Client}, errors)."""
    from concurrent.futures import ThreadPoolExecutor

    from koers_dev.performance.loadtest import Client

    def one(j_user):
        j, user = j_user
        client = Client(bases[j % len(bases)])
        try:
            return user.username, client if client.login(user.username, password, timeout=300) else None, ""
        except OSError as exc:
            return user.username, None, f"login van {user.username}: {exc}"

    clients, errors = {}, []
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for username, client, error in pool.map(one, enumerate(users)):
            if client is not None:
                clients[username] = client
            else:
                errors.append(error or f"login van {username} mislukt")
    return clients, errors


def warm_up(users, clients, parallel=4) -> int:
    """Open the dashboard once per SWV and role (not measured), as a server in use has its measure cache filled;
    the figures a role sees differ (suppression), so each role has its own cached values. Returns the number of
    pages opened."""
    from concurrent.futures import ThreadPoolExecutor

    first = {}
    for user in users:
        if user.username in clients:
            first.setdefault((user.world.index, user.role), clients[user.username])

    def one(client):
        try:
            return client.request("/", timeout=300)[0] == 200
        except OSError:
            return False

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return sum(pool.map(one, first.values()))


def run_step(
    users, bases, password, tertiaal, duration, think, rounds=None, procs=None, sequential=False, clients=None
) -> Step:
    """Let ``users`` work for ``duration`` seconds (or ``rounds`` rounds); returns the result and CPU deltas.

    All users log in first; the clock and the CPU counters start when everyone is in. ``sequential`` runs one
    user after the other (for a test server that shares one SQLite connection between threads).
    """
    result = Result()
    marks = {}

    def begin():
        result.deadline = time.monotonic() + duration
        marks["wall"] = time.monotonic()
        marks["cpu"] = procs.cpu() if procs else {}

    def thread_for(j, user, barrier):
        return threading.Thread(
            target=simulate_user,
            args=(
                bases[j % len(bases)],
                user.username,
                password,
                user.world.plan_urls,
                user.activity_ids,
                user.world.indicator_ids,
                barrier,
                result,
                tertiaal,
                think,
                rounds,
            ),
            kwargs={
                "own_marker": user.world.marker,
                "post_updates": user.may_update,
                "exponential": True,
                "client": (clients or {}).get(user.username),
            },
        )

    if sequential:
        begin()
        for j, user in enumerate(users):
            thread = thread_for(j, user, threading.Barrier(1))
            thread.start()
            thread.join()
    else:
        ready = threading.Barrier(len(users) + 1, action=begin)
        threads = [thread_for(j, user, ready) for j, user in enumerate(users)]
        for thread in threads:
            thread.start()
        ready.wait()
        for thread in threads:
            thread.join()
    wall = time.monotonic() - marks["wall"]
    end = procs.cpu() if procs else {}
    cpu = {k: end[k] - marks["cpu"].get(k, 0.0) for k in end}
    return Step(users=len(users), duration=duration, result=result, wall=wall, cpu=cpu)


def count_stored(step: Step) -> None:
    from koers.plans.models import ActivityUpdate

    wanted = set(step.result.posted)
    ids = {a for a, _m in wanted}
    stored = set(
        ActivityUpdate.unscoped.filter(activity_id__in=ids, happened__startswith="loadtest ").values_list(
            "activity_id", "happened"
        )
    )
    step.posted = len(wanted)
    step.stored = len(wanted & stored)


def report_lines(step: Step, nproc: int) -> list[str]:
    lines = [
        f"Stap: {step.users} gebruikers, {step.duration} s ({step.result.requests} verzoeken, "
        f"{step.result.requests / step.wall if step.wall else 0:.1f} per seconde)",
        f"{'pagina':<12}{'aantal':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'gem ms':>10}",
    ]
    for kind, count, p50, p95, p99, mean in summary_rows(step.result):
        lines.append(f"{kind:<12}{count:>8}{p50:>10.0f}{p95:>10.0f}{p99:>10.0f}{mean:>10.0f}")
    lines.append(f"Fouten: {len(step.result.errors)} (doel: 0)")
    lines += [f"  {e}" for e in step.result.errors[:10]]
    lines.append(
        f"Updates geplaatst: {step.posted}; in de database: {step.stored}; ontbrekend: {step.posted - step.stored}"
    )
    if step.cpu and step.wall:
        capacity = step.wall * max(1, nproc)
        parts = ", ".join(
            f"{label} {100 * step.cpu.get(key, 0.0) / capacity:.1f} %"
            for key, label in (
                ("generator", "belastinggenerator"),
                ("servers", "gunicorn"),
                ("taakwerkers", "taakwerkers"),
                ("postgres", "PostgreSQL"),
                ("machine", "machine totaal"),
            )
        )
        lines.append(f"CPU (deel van {nproc} kernen): {parts}")
    return lines


def table_row(step: Step, nproc: int) -> str:
    overall = summary_rows(step.result)[-1]
    capacity = step.wall * max(1, nproc) if step.wall else 1
    gen = 100 * step.cpu.get("generator", 0.0) / capacity if step.cpu else 0.0
    srv = 100 * step.cpu.get("servers", 0.0) / capacity if step.cpu else 0.0
    pg = 100 * step.cpu.get("postgres", 0.0) / capacity if step.cpu else 0.0
    return (
        f"| {step.users} | {step.duration} | {step.result.requests} | {len(step.result.errors)} | {overall[2]:.0f} "
        f"| {overall[3]:.0f} | {overall[4]:.0f} | {step.posted}/{step.stored} | {gen:.1f} % | {srv:.1f} % "
        f"| {pg:.1f} % |"
    )


TABLE_HEADER = (
    "| gebruikers | duur s | verzoeken | fouten | p50 ms | p95 ms | p99 ms | updates geplaatst/opgeslagen "
    "| CPU generator | CPU gunicorn | CPU PostgreSQL |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def parse_steps(text: str, default: int) -> list[int]:
    from django.core.management.base import CommandError

    if not text.strip():
        return [default]
    try:
        steps = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise CommandError(
            f"--stappen: verwacht getallen met komma's, bijvoorbeeld 50,100,200; gekregen '{text}'."
        ) from None
    if not steps or min(steps) < 1:
        raise CommandError(f"--stappen: elk aantal gebruikers moet minstens 1 zijn; gekregen '{text}'.")
    return steps


def run_scale_out(cmd, *, users, duration, workers, threads, think, **options):
    """``koers loadtest --swvs N --servers S ...``: generate, start servers and workers, run the steps, report."""
    import socket

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.core.management.commands.createcachetable import Command as CreateCacheTable
    from django.db import connection

    from koers.core import clock
    from koers.core.periods import Tertiaal, school_year_of
    from koers_dev.performance import scale
    from koers_dev.performance.management.commands.loadtest import PASSWORD, _free_port

    out = cmd.stdout
    steps = parse_steps(options.get("stappen") or "", users)
    n_swvs = max(options.get("swvs") or 0, 1)
    n_servers = max(options.get("servers") or 1, 1)
    rounds = options.get("rondes")
    if connection.vendor != "postgresql":
        cmd.stderr.write(f"Let op: de doelen gelden voor PostgreSQL; deze database is {connection.vendor}.")
    call_command("migrate", verbosity=0)
    seconds = scale.generate(n_swvs, stdout=out)
    out.write(f"Tijd om de gegevens te maken: {seconds:.1f} s")
    cache_table = CreateCacheTable(stdout=out, stderr=cmd.stderr)
    cache_table.verbosity = 0
    cache_table.create_table("default", SHARED_CACHE_ENV["KOERS_CACHE_LOCATION"], False)
    world_list = scale.worlds(scale.active_indices(n_swvs, options.get("active_swvs") or 20))
    sim_users = scale.make_users(world_list, max(steps), PASSWORD)
    roles = {}
    for u in sim_users:
        roles[u.role] = roles.get(u.role, 0) + 1
    out.write(
        f"{len(sim_users)} gebruikers over {len(world_list)} SWV's: "
        + ", ".join(f"{n} {role}" for role, n in sorted(roles.items()))
    )
    tertiaal = Tertiaal(school_year_of(clock.today()) + 1, 1).key
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "koers.conf.dev"))
    env.setdefault("KOERS_REQUIRE_2FA", "false")
    env["DEBUG"] = "false"
    env.update(SHARED_CACHE_ENV)
    ports = [_free_port() for _n in range(n_servers)]
    out.write(
        f"{n_servers} gunicorn-servers ({workers} workers x {threads} threads) op 127.0.0.1:"
        + ",".join(str(p) for p in ports)
        + f", {options.get('taakwerkers') or 0} taakwerkers, cache: {SHARED_CACHE_ENV['KOERS_CACHE_BACKEND']}"
    )
    procs = start(env, ports, workers, threads, options.get("taakwerkers") or 0)
    done = []
    try:
        for port in ports:
            for _attempt in range(150):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                raise CommandError(f"gunicorn op poort {port} startte niet")
        procs.postgres = postgres_pid(connection)
        connection.close()
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        started = time.monotonic()
        clients, login_errors = login_all(sim_users, bases, PASSWORD)
        out.write(f"{len(clients)} gebruikers ingelogd in {time.monotonic() - started:.0f} s (niet gemeten)")
        for error in login_errors[:10]:
            out.write(f"  {error}")
        if login_errors:
            raise CommandError(f"{len(login_errors)} gebruikers konden niet inloggen.")
        started = time.monotonic()
        warmed = warm_up(sim_users, clients)
        out.write(f"Cache opgewarmd: {warmed} overzichten (per SWV en rol) in {time.monotonic() - started:.0f} s")
        for n, count in enumerate(steps):
            last = n == len(steps) - 1
            step_duration = duration if last else (options.get("step_duration") or duration)
            out.write("")
            out.write(
                f"Stap {n + 1}/{len(steps)}: {count} gebruikers, {step_duration} s, gemiddeld {think} s leestijd "
                f"(exponentieel) ..."
            )
            step = run_step(
                sim_users[:count], bases, PASSWORD, tertiaal, step_duration, think, rounds, procs, clients=clients
            )
            count_stored(step)
            connection.close()
            for line in report_lines(step, os.cpu_count() or 1):
                out.write(line)
            done.append(step)
    finally:
        procs.stop()
    info = machine_info(connection)
    out.write("")
    out.write(f"Machine: {info['nproc']} kernen ({info['processor']}), {info['geheugen']} geheugen, {info['database']}")
    out.write("Opdracht: " + " ".join(sys.argv))
    out.write("")
    out.write(TABLE_HEADER)
    for step in done:
        out.write(table_row(step, info["nproc"]))
    failed = [s for s in done if s.result.errors or s.stored < s.posted]
    if failed:
        raise CommandError("Belastingstest niet geslaagd.")
