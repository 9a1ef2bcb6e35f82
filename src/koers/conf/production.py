"""Production: secrets required, HTTPS, PostgreSQL expected."""

import os

from django.core.exceptions import ImproperlyConfigured

from koers.conf.base import *  # noqa: F403
from koers.conf.base import PSEUDONYM_KEY, SECRET_KEY, UPLOAD_KEY
from koers.conf.env import config
from koers.conf.logs import logging_config

if not SECRET_KEY or not PSEUDONYM_KEY:
    raise ImproperlyConfigured("SECRET_KEY en KOERS_PSEUDONYM_KEY zijn verplicht in productie.")
if not UPLOAD_KEY or UPLOAD_KEY == PSEUDONYM_KEY:
    raise ImproperlyConfigured(
        "KOERS_UPLOAD_KEY is verplicht in productie en moet anders zijn dan KOERS_PSEUDONYM_KEY: Koers versleutelt "
        "er wachtende registerbestanden mee."
    )

# Links in e-mails (invitations, e-mail confirmation) point here; never at whatever Host header a request had.
SITE_URL = os.environ.get("KOERS_SITE_URL", "").strip()
if not SITE_URL.startswith("https://") or len(SITE_URL) <= len("https://"):
    raise ImproperlyConfigured(
        "KOERS_SITE_URL is verplicht in productie en moet met https:// beginnen, bijvoorbeeld "
        "KOERS_SITE_URL=https://koers.voorbeeld.nl. Koers zet dit adres in de links van e-mails."
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = config("SECURE_SSL_REDIRECT", True, help_text="Stuur http door naar https.")
SECURE_HSTS_SECONDS = config("SECURE_HSTS_SECONDS", 31536000, help_text="HSTS-duur in seconden.")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
EMAIL_BACKEND = config("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend", help_text="Django-maildienst.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = config(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", True, help_text="HSTS ook voor subdomeinen (productie)."
)
SECURE_HSTS_PRELOAD = config("SECURE_HSTS_PRELOAD", True, help_text="HSTS-preload toestaan (productie).")

# Logs: JSON lines with the request id, and one line per request, unless the environment says otherwise.
KOERS_LOG_FORMAT = os.environ.get("KOERS_LOG_FORMAT", "json").strip().lower()
if KOERS_LOG_FORMAT not in {"json", "tekst"}:
    raise ImproperlyConfigured(f"KOERS_LOG_FORMAT: verwacht json of tekst, gekregen '{KOERS_LOG_FORMAT}'.")
KOERS_LOG_REQUESTS = os.environ.get("KOERS_LOG_REQUESTS", "true").strip().lower() in {"1", "true", "ja", "yes", "on"}
LOGGING = logging_config(fmt=KOERS_LOG_FORMAT, level=LOG_LEVEL, log_requests=KOERS_LOG_REQUESTS)  # noqa: F405

# Error reports to Sentry only when a DSN is set; sentry-sdk is imported only then.
if KOERS_SENTRY_DSN:  # noqa: F405
    from koers.conf.sentry import init_sentry

    init_sentry(KOERS_SENTRY_DSN, environment=KOERS_SENTRY_ENVIRONMENT)  # noqa: F405
