"""Development: the embedded SQLite database under var/, mails as files, debug on."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("KOERS_REQUIRE_2FA", "false")  # the local demo logs in without an authenticator app

from koers.conf.base import *  # noqa: E402,F403
from koers.conf.base import SECRET_KEY as _SECRET_KEY  # noqa: E402

SECRET_KEY = _SECRET_KEY or "dev-onveilige-sleutel-alleen-voor-ontwikkeling"  # noqa: S105
PSEUDONYM_KEY = PSEUDONYM_KEY or "dev-pseudoniem-sleutel"  # noqa: F405
UPLOAD_KEY = UPLOAD_KEY or "dev-upload-sleutel"  # noqa: F405
