"""Tests: fast hashing, mails in memory, in-memory SQLite unless DATABASE_URL is set."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("KOERS_REQUIRE_2FA", "false")  # tests of 2FA switch it on themselves

from koers.conf.base import *  # noqa: E402,F403

SECRET_KEY = "ci-sleutel"  # noqa: S105
PSEUDONYM_KEY = "ci-pseudoniem-sleutel"
UPLOAD_KEY = "ci-upload-sleutel"
SITE_URL = "http://127.0.0.1:8000"  # links in test mails; a test of a missing site URL empties it itself
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every test starts from an empty database, often with the same ids: computed values are not kept between tests
# (the cache has its own tests, which switch it on).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "koers-tests"}}
KOERS_MEASURE_CACHE_SECONDS = 0
# Tests run on a fixed date (koers.core.clock.today): in T2 2025, the last tertiaal of the demo's school year
# 2024-2025, a week before its end (31 July), so "te laat", an open round and "nog niet gemeten" all mean something.
KOERS_TODAY = "2025-07-21"
