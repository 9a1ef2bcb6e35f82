"""Every setting comes from an environment variable, read through :func:`config`.

Each call registers the variable with its default and help text, so that
``koers envvars`` can print the complete, always current list (see docs/beheer/omgevingsvariabelen.md).
"""

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlparse


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: object
    help_text: str


REGISTRY: dict[str, EnvVar] = {}

_TRUE = {"1", "true", "yes", "ja", "on"}
_FALSE = {"0", "false", "no", "nee", "off", ""}


def config(name: str, default=None, *, help_text: str = "", cast=None):
    """Read ``name`` from the environment, cast to the type of ``default``."""
    REGISTRY[name] = EnvVar(name, default, help_text)
    raw = os.environ.get(name)
    if raw is None:
        return default
    kind = cast or (type(default) if default is not None else str)
    if kind is bool:
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"{name}: '{raw}' is geen ja/nee-waarde")
    if kind is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    return kind(raw)


def database_from_url(url: str) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pw@host:port/name`` into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path, sqlite:////absolute/path, sqlite://:memory:
        path = unquote(url.split("://", 1)[1])
        path = path[1:] if path.startswith("/") else path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:"}
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
        }
    raise ValueError(f"DATABASE_URL: onbekend databasetype '{parsed.scheme}'")
