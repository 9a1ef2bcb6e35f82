"""The ``koers`` command: a thin front for Django's management commands.

``koers --help`` lists Koers' own commands; ``koers help --all`` lists Django's as well.
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.conf.dev")
    import django
    from django.core.management import execute_from_command_line, get_commands

    if len(argv) < 2 or argv[1] in {"--help", "-h", "help"} and len(argv) == 2:
        django.setup()
        ours = sorted(name for name, app in get_commands().items() if app.startswith("koers."))
        print("Gebruik: koers COMMANDO [opties]\n")
        print("Commando's van Koers:")
        for name in ours:
            print(f"  {name}")
        print("\nMeer over een commando: koers COMMANDO --help")
        print("Alle commando's, ook die van Django: koers help --all")
        return 0
    if argv[1:3] == ["help", "--all"]:
        argv = [argv[0], "help"]
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
