"""Start the test provider as a subprocess and tell it which accounts exist (see serve.py)."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "koers-test"
CLIENT_SECRET = "koers-test-geheim"  # noqa: S105 - the throwaway provider's client
START_LIMIT_SECONDS = 120  # how long before a provider that never says KLAAR fails the test (not a wait)


class Provider:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.process = None
        self.port = None
        self.users = {}

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/o"

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.write_users()
        self.log = (self.folder / "provider.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.serve", str(self.folder), CLIENT_ID, CLIENT_SECRET],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        line = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_LIMIT_SECONDS)  # returns as soon as the provider printed its line (or exited)
        if not line or not line[0].startswith("KLAAR "):
            self.stop()
            raise RuntimeError(f"De testdienst startte niet; zie {self.folder / 'provider.log'}")
        self.port = int(line[0].split()[1])
        # the condition: the discovery document answers, with this issuer
        document = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=30).json()
        assert document["issuer"] == self.issuer, document
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()

    def add_user(self, username, password, email, *, email_verified=True, amr=None, given_name="", family_name=""):
        self.users[username] = {
            "password": password,
            "email": email,
            "email_verified": email_verified,
            "amr": amr or [],
            "given_name": given_name,
            "family_name": family_name,
        }
        self.write_users()

    def write_users(self):
        path = self.folder / "users.json"
        path.with_suffix(".tmp").write_text(json.dumps(self.users), encoding="utf-8")
        path.with_suffix(".tmp").replace(path)
