"""The language rules of the code base (see the README): one form of address ("u hebt"), plurals through
ngettext / ``blocktranslate count``, Dutch password messages, no doubled start labels."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

SRC = Path(__file__).resolve().parents[1] / "src" / "koers"
TEMPLATE_SUFFIXES = {".html", ".txt"}
# Nouns whose plural a count in a message once got regardless of the number ("1 gemeenten").
PLURALS = (
    "activiteiten|indicatoren|gemeenten|samenwerkingsverbanden|scholen|besturen|regels|rijen|kolommen|velden|"
    "fouten|waarschuwingen|meldingen|eigenaren|gebruikers|dagen|updates|herinneringen|leerlingen|tertialen"
)
# A limit reads as a plural in Dutch whatever its value: "meer dan 500 rijen", "hoogstens 40 tekens".
LIMIT = r"(?<!meer dan )(?<!minder dan )(?<!hoogstens )(?<!tot )"


def _sources(suffixes):
    for path in sorted(SRC.rglob("*")):
        if path.suffix in suffixes and "tests" not in path.parts and "migrations" not in path.parts:
            yield path


def test_one_form_of_address_u_hebt():
    hits = []
    for path in _sources(TEMPLATE_SUFFIXES | {".py"}):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b[Uu] heeft\b", line):
                hits.append(f"{path.relative_to(SRC)}:{no}")
    for path in sorted((SRC.parents[1] / "docs").rglob("*.md")):
        if re.search(r"\b[Uu] heeft\b", path.read_text(encoding="utf-8")):
            hits.append(str(path.name))
    assert hits == [], "schrijf 'u hebt': " + ", ".join(hits)


def test_template_counts_use_blocktranslate_count():
    """``{% blocktranslate with n=... %}{{ n }} activiteiten`` says "1 activiteiten"; ``count`` picks the form."""
    block = re.compile(r"{%\s*blocktranslate(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktranslate\s*%}", re.S)
    counted = re.compile(LIMIT + r"{{\s*\w+\s*}}\s+(" + PLURALS + r")\b")
    hits = []
    for path in _sources(TEMPLATE_SUFFIXES):
        for m in block.finditer(path.read_text(encoding="utf-8")):
            if " count " not in f" {m['args']} " and counted.search(m["body"]):
                hits.append(f"{path.relative_to(SRC)}: {counted.search(m['body'])[0]}")
    assert hits == []


def _gettext_calls(tree):
    for node in ast.walk(tree):
        names = {"_", "gettext", "gettext_lazy", "_lazy", "pgettext"}
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names and node.args:
            text = node.args[-1]
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                yield node.lineno, text.value


def test_python_counts_use_ngettext():
    """``_("%(n)s samenwerkingsverbanden")`` says "(1 samenwerkingsverbanden)"; ngettext picks the form."""
    counted = re.compile(LIMIT + r"%\(\w+\)[sd] (" + PLURALS + r")\b")
    hits = []
    for path in _sources({".py"}):
        for lineno, text in _gettext_calls(ast.parse(path.read_text(encoding="utf-8"))):
            if counted.search(text):
                hits.append(f"{path.relative_to(SRC)}:{lineno}: {counted.search(text)[0]}")
    assert hits == []


def test_the_checks_find_what_they_look_for(tmp_path):
    """The patterns above match the slips they were written for (else the tests could not fail)."""
    block = "{% blocktranslate with n=total %}{{ n }} gemeenten{% endblocktranslate %}"
    assert re.search(LIMIT + r"{{\s*\w+\s*}}\s+(" + PLURALS + r")\b", block)
    tree = ast.parse('_("De landelijke cijfers (%(n)s samenwerkingsverbanden)")')
    assert [t for _n, t in _gettext_calls(tree) if re.search(LIMIT + r"%\(\w+\)[sd] (" + PLURALS + r")\b", t)]
    assert not re.search(LIMIT + r"%\(\w+\)[sd] (" + PLURALS + r")\b", "meer dan %(n)s rijen")


@pytest.mark.parametrize("password", ["kort", "12345678901234", "wachtwoord", "password123"])
def test_password_messages_are_dutch(password):
    """Django 5.2's length message has a msgid its Dutch catalogue lacks: Koers' own validator says it in Dutch."""
    with pytest.raises(ValidationError) as raised:
        password_validation.validate_password(password)
    messages = raised.value.messages
    assert messages and not [m for m in messages if re.search(r"\b(password|This|must)\b", m)], messages
    if len(password) < 12:
        assert "Dit wachtwoord is te kort: gebruik minstens 12 tekens." in messages
    help_texts = " ".join(password_validation.password_validators_help_texts())
    assert "minstens 12 tekens" in help_texts and "password" not in help_texts.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Start T1 2025", "T1 2025"),
        ("T3 2024", "T3 2024"),
        ("19-09-2024", "19-09-2024 (T3 2024)"),
        ("Start schooljaar 2025-2026", "schooljaar 2025-2026 (T3 2025)"),
        ("doorlopend", "doorlopend"),
    ],
)
def test_the_start_is_not_labelled_twice(swv, written, shown):
    """The activity page said "Start T1 2025 (T1 2025)"."""
    from koers_dev.testing.factories import ActivityFactory

    assert ActivityFactory(swv=swv, start_text=written).start_label == shown
