"""The ``koers`` command: a thin front for Django's management commands.

``koers --help`` lists Koers' own commands with one line of description each; ``koers help --all`` lists Django's
as well.
"""

import os
import sys

# One line per command in `koers --help`; a command not listed here shows the first sentence of its help.
SUMMARIES = {
    "backup": "back-up van de hele database maken (SQLite of PostgreSQL)",
    "bench": "snelheid meten op synthetische gegevens (import, maten, rapportages)",
    "bewaartermijn": "leerlinggegevens na de bewaartermijn tonen of verwijderen (--uitvoeren)",
    "demo": "de demo laden (SPOW en SPPOH met hun jaarplannen)",
    "envvars": "alle instellingen (omgevingsvariabelen) met standaardwaarde en uitleg",
    "import": "registerbestand importeren (TLV's, arrangementen, verzuim, terugplaatsingen, tellingen)",
    "loadtest": "belastingstest tegen gunicorn op 127.0.0.1 (zie scripts/loadtest.sh)",
    "measures": "alle maten van een samenwerkingsverband op een peildatum, als JSON of CSV",
    "onderhoud": "gepland onderhoud: uploads wissen, herinneringen, back-up, bewaartermijn (dagelijks)",
    "organisaties": "scholen en besturen importeren uit het DUO-adressenbestand of Excel",
    "plan": "plannen tonen (list), inlezen (import) of naar een bestand schrijven (export)",
    "report": "rapportage als bestand maken (PDF, Word, Excel of CSV)",
    "restore": "back-up terugzetten (vervangt de huidige database)",
    "ronde": "voortgangsronde openen (open) of de stand van de rondes tonen (status)",
    "send_reminders": "herinneringen versturen voor open voortgangsrondes (ook in koers onderhoud)",
    "swv": "samenwerkingsverbanden tonen (list, show) of toevoegen (add)",
    "taakwerker": "achtergrondtaken uitvoeren, met een teken van leven voor /gereed/ (als service)",
    "trajectherinneringen": "het bureau herinneren aan stappen van het traject naar een nieuw plan (ook in koers onderhoud)",
}


# Commands of the development package (dev/): absent from a production install.
DEV_COMMANDS = {"bench", "loadtest"}


def _has_dev_package() -> bool:
    import importlib.util

    return importlib.util.find_spec("koers_dev") is not None


def summary(help_text: str) -> str:
    """The first sentence of a command's help, on one line."""
    text = " ".join(str(help_text or "").split())
    for end in (". ", ": "):
        if end in text:
            text = text.split(end, 1)[0]
            break
    return text.rstrip(".")


def command_summaries() -> list[tuple[str, str]]:
    """(name, one-line description) of every command of Koers' own apps, sorted by name."""
    from django.core.management import get_commands, load_command_class

    out = []
    for name, app in sorted(get_commands().items()):
        if app.startswith(("koers.", "koers_dev.")):
            out.append((name, SUMMARIES.get(name) or summary(load_command_class(app, name).help)))
    return out


def print_overview() -> None:
    rows = command_summaries()
    width = max(len(name) for name, _text in rows) + 2
    print("Gebruik: koers COMMANDO [opties]\n")
    print("Commando's van Koers:")
    for name, text in rows:
        print(f"  {name.ljust(width)}{text}")
    print("\nMeer over een commando: koers COMMANDO --help")
    print("Alle commando's, ook die van Django: koers help --all")


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.conf.dev")
    import django
    from django.core.management import execute_from_command_line

    if len(argv) < 2 or argv[1] in {"--help", "-h", "help"} and len(argv) == 2:
        django.setup()
        print_overview()
        return 0
    if argv[1] in DEV_COMMANDS and not _has_dev_package():
        print(
            f"koers {argv[1]} hoort bij het ontwikkelpakket van Koers, dat hier niet is geïnstalleerd. "
            "Installeer het vanuit een kloon van de broncode met make venv "
            "(of: pip install --require-hashes -r requirements/dev.txt en pip install --no-deps -e ./dev).",
            file=sys.stderr,
        )
        return 2
    if argv[1:3] == ["help", "--all"]:
        argv = [argv[0], "help"]
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
