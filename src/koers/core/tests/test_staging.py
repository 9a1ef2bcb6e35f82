"""Uploads that wait are kept only sealed, expire, and are wiped on request (koers.core.staging)."""

import os
import time

from koers.core import staging

SECRET = b"BSN;Naam\n123456782;Jannie Verstappen\n"


def test_a_staged_upload_is_sealed_and_read_back_once_discarded(settings, tmp_path):
    settings.KOERS_STAGING_DIR = str(tmp_path)
    token = staging.stage(SECRET)
    (path,) = tmp_path.iterdir()
    assert b"123456782" not in path.read_bytes() and b"Jannie" not in path.read_bytes()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert staging.load(token) == SECRET
    staging.discard(token)
    assert staging.load(token) is None and not list(tmp_path.iterdir())


def test_another_key_or_a_strange_token_reads_nothing(settings, tmp_path):
    settings.KOERS_STAGING_DIR = str(tmp_path)
    token = staging.stage(SECRET)
    settings.UPLOAD_KEY = "een-andere-sleutel"
    assert staging.load(token) is None  # and the unreadable file is gone
    assert not list(tmp_path.iterdir())
    for strange in ("", "../../etc/passwd", "a" * 200, None, 12):
        assert staging.load(strange) is None
        staging.discard(strange)


def test_expired_uploads_are_purged(settings, tmp_path):
    settings.KOERS_STAGING_DIR = str(tmp_path)
    old, fresh = staging.stage(SECRET), staging.stage(SECRET)
    past = time.time() - (settings.KOERS_UPLOAD_HOURS * 3600 + 60)
    os.utime(tmp_path / f"{old}{staging.SUFFIX}", (past, past))
    assert staging.purge_expired() == 1
    assert staging.load(old) is None and staging.load(fresh) == SECRET
    assert staging.pending_count() == 1
