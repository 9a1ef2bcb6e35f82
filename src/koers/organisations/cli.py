"""Finding the SWV a command is about, with an error that says what is expected and what was given."""

import re

from django.core.management.base import CommandError

from koers.core.normalise import normalise_swv_code

CODE_HINT = "de SWV-code van DUO: PO of VO en vier cijfers, bijvoorbeeld PO2806 (ook PO 28-06 mag)"


def known_swvs(limit: int = 20) -> str:
    from koers.organisations.models import Swv

    rows = [
        f"{code} ({short or name})" for code, short, name in Swv.objects.order_by("code").values_list(
            "code", "short_name", "name")[:limit]
    ]  # fmt: skip
    return ", ".join(rows) if rows else "nog geen; maak er een met koers swv add"


def find_swv(value: str | None, *, option: str = "--swv"):
    """The SWV with code ``value``; without a value the only SWV there is. Raises CommandError naming what is
    wanted, what was given and which SWV's exist (a short name such as SPOW points to its code)."""
    from koers.organisations.models import Swv

    if not value:
        swvs = list(Swv.objects.order_by("code")[:2])
        if len(swvs) == 1:
            return swvs[0]
        if not swvs:
            raise CommandError("Er is nog geen samenwerkingsverband; maak er eerst een met koers swv add.")
        raise CommandError(
            f"Er zijn meer samenwerkingsverbanden: geef {option} met {CODE_HINT}. Bekend: {known_swvs()}."
        )
    try:
        code = normalise_swv_code(value)
    except ValueError:
        code = None
    swv = Swv.objects.filter(code=code).first() if code else None
    if swv is not None:
        return swv
    hint = ""
    by_name = (
        Swv.objects.filter(short_name__iexact=value.strip()).first()
        or Swv.objects.filter(name__iexact=value.strip()).first()
    )
    if by_name is not None:
        hint = f" '{value}' is de naam van {by_name.code}: geef {option} {by_name.code}."
    given = f"'{value}' is geen SWV-code" if code is None else f"geen samenwerkingsverband met code {code}"
    raise CommandError(
        f"Onbekend samenwerkingsverband bij {option}: {given}; verwacht {CODE_HINT}.{hint} Bekend: {known_swvs()}."
    )


SWV_CODE_RE = re.compile(r"^(PO|VO)\d{4}$")
