"""The folders under ``var/`` (KOERS_VAR_DIR) that the settings point at, made before any command needs them.

On a fresh clone there is no ``var/``: ``koers migrate`` failed because SQLite cannot create a database in a
folder that does not exist. :func:`ensure` runs when Django starts (CoreConfig.ready), for every command and the
web server alike.
"""

from __future__ import annotations

from pathlib import Path


def wanted(settings) -> list[Path]:
    """The folders the settings need: the SQLite database's folder, the file cache, media, mail, backups."""
    folders = []
    var_dir = getattr(settings, "VAR_DIR", None)
    if var_dir:
        folders += [Path(var_dir), Path(var_dir) / "backups"]
    for database in settings.DATABASES.values():
        name = str(database.get("NAME") or "")
        if (
            database.get("ENGINE", "").endswith("sqlite3")
            and name
            and ":memory:" not in name
            and "mode=memory" not in name
        ):
            folders.append(Path(name).parent)
    for cache in settings.CACHES.values():
        backend = cache.get("BACKEND", "")
        if backend.endswith(("FileBasedCache", "FileCache")) and cache.get("LOCATION"):
            folders.append(Path(cache["LOCATION"]))
    if getattr(settings, "MEDIA_ROOT", None):
        folders.append(Path(settings.MEDIA_ROOT))
    if str(getattr(settings, "EMAIL_BACKEND", "")).endswith("filebased.EmailBackend") and getattr(
        settings, "EMAIL_FILE_PATH", None
    ):
        folders.append(Path(settings.EMAIL_FILE_PATH))
    return folders


def ensure(settings=None) -> list[Path]:
    """Make the folders that are missing; returns the ones it made."""
    if settings is None:
        from django.conf import settings
    made = []
    for folder in wanted(settings):
        if not folder.exists():
            folder.mkdir(parents=True, exist_ok=True)
            made.append(folder)
    return made
