"""Option parsing shared by Koers' management commands: Dutch option names, with the old names as hidden aliases.

    option(parser, "--datum", "--date", dest="date", required=True, help="...")

``--datum`` is shown in ``--help`` and in error messages; ``--date`` still works (for one release) but is not
listed. The value lands in the same ``dest`` either way, so callers of ``call_command`` keep working.
"""

from argparse import ArgumentParser


def option(parser: ArgumentParser, *names: str, old: tuple[str, ...] | str = (), **kwargs):
    """Add an option with ``names`` (the first long one is the Dutch name) and hidden ``old`` aliases."""
    old = (old,) if isinstance(old, str) else tuple(old)
    action = parser.add_argument(*names, *old, **kwargs)
    action.option_strings = [name for name in action.option_strings if name not in old]
    action.koers_old_names = old
    return action


def old_names(parser: ArgumentParser) -> dict[str, str]:
    """Hidden alias -> the Dutch name, for the tests and the documentation."""
    out = {}
    for action in parser._actions:
        for name in getattr(action, "koers_old_names", ()):
            out[name] = next(n for n in action.option_strings if n.startswith("--"))
    return out
