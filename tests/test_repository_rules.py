"""Rules that keep the tests and the templates honest, checked by reading the files.

- No user text reaches a page or a document unescaped: no template marks output safe (``|safe``, ``|safeseq``) or
  switches autoescaping off. Code that builds HTML itself (charts, the stored report body, Koers' own print CSS)
  escapes what it embeds and hands the template a SafeString. Plain-text e-mails (``.txt``) are the exception, and
  there autoescaping must be off, or a name such as "De Rank & Co" would arrive as "De Rank &amp; Co".
- Browser tests wait for conditions, never for a fixed time (see tests/browser/conftest.py).
- One form of address: "u hebt", never "u heeft" (templates, Python strings, the manual).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(p for p in (ROOT / "src").rglob("templates/**/*") if p.is_file())
UNSAFE = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off\s*%}")
AUTOESCAPE_OFF = re.compile(r"\A(?:{%\s*load [^%]*%})*{%\s*autoescape\s+off\s*%}.*{%\s*endautoescape\s*%}\s*\Z", re.S)


def test_there_are_templates():
    assert len([p for p in TEMPLATES if p.suffix == ".html"]) > 50
    assert any(p.suffix == ".txt" for p in TEMPLATES)


@pytest.mark.parametrize(
    "path", [p for p in TEMPLATES if p.suffix != ".txt"], ids=lambda p: str(p.relative_to(ROOT / "src"))
)
def test_no_template_marks_output_safe(path):
    text = path.read_text(encoding="utf-8")
    found = [m.group(0) for m in UNSAFE.finditer(text)]
    assert not found, f"{path.relative_to(ROOT)}: {found}; geef de template een SafeString (format_html) of escape"


@pytest.mark.parametrize(
    "path", [p for p in TEMPLATES if p.suffix == ".txt"], ids=lambda p: str(p.relative_to(ROOT / "src"))
)
def test_plain_text_mail_templates_do_not_escape(path):
    text = path.read_text(encoding="utf-8")
    assert AUTOESCAPE_OFF.match(text), f"{path.relative_to(ROOT)}: zet de hele tekst in {{% autoescape off %}}"
    assert not re.search(r"\|\s*safe", text)


def test_browser_tests_wait_for_conditions_not_for_time():
    offenders = []
    for path in sorted((ROOT / "tests" / "browser").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"wait_for_timeout\(|\bsleep\(", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "wacht op een voorwaarde (expect, navigation, htmx_swap):\n" + "\n".join(offenders)


HEEFT_U = re.compile(r"\b(?:heeft u|u heeft)\b", re.I)


def test_one_form_of_address_u_hebt():
    files = [*(ROOT / "src" / "koers").rglob("*.py"), *TEMPLATES, *(ROOT / "docs").rglob("*.md")]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}"
        for path in files
        if path.suffix in {".py", ".html", ".txt", ".md"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEEFT_U.search(line)
    ]
    assert not offenders, "schrijf 'u hebt' / 'hebt u':\n" + "\n".join(offenders)
