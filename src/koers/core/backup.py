"""Backup and restore of the whole database with the database's own tools.

SQLite: the online backup API of sqlite3 (a consistent copy while Koers runs).
PostgreSQL: pg_dump in custom format and pg_restore --clean (same major version, 15).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _pg_env_and_args():
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    args = ["-h", settings.get("HOST") or "127.0.0.1", "-p", str(settings.get("PORT") or 5432)]
    if settings.get("USER"):
        args += ["-U", settings["USER"]]
    return env, args, settings["NAME"]


def _pg_tool(name: str) -> str:
    for candidate in (f"/usr/lib/postgresql/15/bin/{name}", shutil.which(name)):
        if candidate and Path(candidate).exists():
            return candidate
    raise BackupError(f"{name} niet gevonden; installeer de PostgreSQL-clienttools (versie 15).")


def backup(target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        with dest:
            connection.connection.backup(dest)
        dest.close()
    elif connection.vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        result = subprocess.run(
            [_pg_tool("pg_dump"), *args, "-Fc", "--no-owner", "-f", str(target), name],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(result.stderr.strip())
    else:
        raise BackupError(f"database {connection.vendor} wordt niet ondersteund")
    return target


def restore(source: Path) -> None:
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source} bestaat niet")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is geen SQLite-back-up van Koers") from exc
        src.backup(connection.connection)
        src.close()
    elif connection.vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        connection.close()
        result = subprocess.run(
            [_pg_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "-d", name, str(source)],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(result.stderr.strip())
    else:
        raise BackupError(f"database {connection.vendor} wordt niet ondersteund")
