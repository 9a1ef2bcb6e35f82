"""The example systemd units and nginx configuration in docs/beheer/voorbeelden/ are valid.

Each file is copied to a temporary directory with its paths pointed there (the virtual environment of this test
run, throwaway certificates made with openssl), then checked by systemd-analyze verify and nginx -t. Without
these programs the test is skipped, except in CI (CI=true), where .ci/run installs them and a skip would hide a
broken example."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "beheer" / "voorbeelden"
UNITS = ["koers-web.service", "koers-worker.service", "koers-onderhoud.service", "koers-onderhoud.timer"]
VENV_BIN = Path(sys.executable).parent


def _tool(name: str, *candidates: str) -> str:
    found = shutil.which(name) or next((c for c in candidates if Path(c).is_file()), None)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} ontbreekt in CI: .ci/run hoort het Debian-pakket te installeren")
    pytest.skip(f"{name} is niet geïnstalleerd (Debian-pakket); buiten CI wordt deze controle overgeslagen")


def _units_in(tmp_path: Path) -> list[Path]:
    env = tmp_path / "koers.env"
    env.write_text((EXAMPLES / "koers.env").read_text())
    (tmp_path / "var").mkdir()
    out = []
    for name in UNITS:
        text = (EXAMPLES / name).read_text()
        text = (
            text.replace("/opt/koers/.venv/bin", str(VENV_BIN))
            .replace("/etc/koers/koers.env", str(env))
            .replace("/opt/koers", str(tmp_path))
        )
        target = tmp_path / name
        target.write_text(text)
        out.append(target)
    return out


def test_systemd_units_verify(tmp_path):
    analyze = _tool("systemd-analyze")
    units = _units_in(tmp_path)
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", "--man=no", *map(str, units)], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    problems = "\n".join(
        line for line in (result.stdout + result.stderr).splitlines() if line.strip() and str(tmp_path) in line
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not problems, f"systemd-analyze verify meldt:\n{problems}"


def test_systemd_verify_catches_a_broken_unit(tmp_path):
    """The check above can fail: a unit with an unknown key and a missing program is reported."""
    analyze = _tool("systemd-analyze")
    unit = tmp_path / "kapot.service"
    unit.write_text("[Service]\nExecStrat=/bin/true\nExecStart=/bestaat/niet\n")
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode != 0 or "ExecStrat" in result.stderr


def test_units_run_the_documented_commands():
    web = (EXAMPLES / "koers-web.service").read_text()
    assert "--bind 127.0.0.1:8001" in web  # only loopback; nginx is in front
    assert "ExecStart=/opt/koers/.venv/bin/koers taakwerker" in (EXAMPLES / "koers-worker.service").read_text()
    assert "ExecStart=/opt/koers/.venv/bin/koers onderhoud" in (EXAMPLES / "koers-onderhoud.service").read_text()
    assert "Unit=koers-onderhoud.service" in (EXAMPLES / "koers-onderhoud.timer").read_text()
    env = (EXAMPLES / "koers.env").read_text()
    assert "DJANGO_SETTINGS_MODULE=koers.conf.production" in env


def _nginx_test(tmp_path: Path, site: str) -> subprocess.CompletedProcess:
    nginx = _tool("nginx", "/usr/sbin/nginx")
    openssl = _tool("openssl")
    subprocess.run(  # noqa: S603
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=koers.voorbeeld.nl",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    (tmp_path / "static").mkdir(exist_ok=True)
    site = site.replace("/etc/ssl/koers/", f"{tmp_path}/").replace("/opt/koers/var/static/", f"{tmp_path}/static/")
    (tmp_path / "koers.conf").write_text(site)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    access_log {tmp_path}/access.log;\n{temp_paths}\n    include {tmp_path}/koers.conf;\n}}\n"
    )
    return subprocess.run(  # noqa: S603
        [nginx, "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_nginx_configuration_is_valid(tmp_path):
    result = _nginx_test(tmp_path, (EXAMPLES / "nginx-koers.conf").read_text())
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_check_catches_a_broken_configuration(tmp_path):
    broken = (EXAMPLES / "nginx-koers.conf").read_text().replace("proxy_pass http://koers_app;", "proxy_pas x;", 1)
    result = _nginx_test(tmp_path, broken)
    assert result.returncode != 0


def test_nginx_passes_the_request_id_and_proxies_to_loopback():
    site = (EXAMPLES / "nginx-koers.conf").read_text()
    assert "server 127.0.0.1:8001" in site
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
