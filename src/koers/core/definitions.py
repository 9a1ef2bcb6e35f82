"""Definitions an SWV chooses per indicator (ADR 0022): the choices, their Dutch names and help, and checking.

This module is in core because the indicator form and the plan import (``koers.plans``) and the measures
(``koers.monitoring``) all use it; the sentence that states a definition is in :mod:`koers.monitoring.definitions`.

An indicator bound to a measure keeps its choices in ``Indicator.measure_params`` under four keys:

- ``noemer``: ``bo_sbo`` (BO + SBO, Vensters) or ``bo_sbo_so`` (BO + SBO + SO), for the participation measures;
- ``teldatum``: ``1-oktober`` or ``1-februari``, for every measure that uses pupil counts;
- ``zonder_aanvraagsoorten``: a list of request kinds left out of the TLV measures, matched case-insensitively
  and with whitespace normalised (``"  arrangement "`` matches ``"Arrangement"``);
- ``interval``: ``ontvangst_compleet``, ``compleet_besluit`` or ``ontvangst_besluit``, for the doorlooptijd.

The form, the plan import, ``koers measures`` and the API all go through :func:`clean`, and every output states
the definition it used with :func:`sentence`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DENOMINATOR = "noemer"
COUNT_DATE = "teldatum"
EXCLUDED_KINDS = "zonder_aanvraagsoorten"
INTERVAL = "interval"
KEYS = (DENOMINATOR, COUNT_DATE, EXCLUDED_KINDS, INTERVAL)
OLD_EXCLUDED_KEY = "exclude_aanvraagsoorten"  # before ADR 0022: case-sensitive, only through a plan import

OCTOBER, FEBRUARY = "1-oktober", "1-februari"
DENOMINATORS = {"bo_sbo": gettext_lazy("BO + SBO (Vensters)"), "bo_sbo_so": gettext_lazy("BO + SBO + SO")}
DENOMINATOR_TYPES = {"bo_sbo": ("BO", "SBO"), "bo_sbo_so": ("BO", "SBO", "SO")}
COUNT_DATES = {OCTOBER: gettext_lazy("1 oktober"), FEBRUARY: gettext_lazy("1 februari")}
COUNT_MONTH = {OCTOBER: 10, FEBRUARY: 2}
INTERVALS = {
    "ontvangst_compleet": gettext_lazy("ontvangst → compleet"),
    "compleet_besluit": gettext_lazy("compleet → besluit"),
    "ontvangst_besluit": gettext_lazy("ontvangst → besluit"),
}
DEFAULT_COUNT_DATE = OCTOBER
DEFAULT_INTERVAL = "ontvangst_besluit"

HELP = {
    DENOMINATOR: gettext_lazy(
        "Waardoor het deelnamepercentage wordt gedeeld: BO + SBO (zoals Vensters, standaard bij deelname SBO en SO) "
        "of BO + SBO + SO (dan tellen de percentages BO, SBO en SO op tot 100 %)."
    ),
    COUNT_DATE: gettext_lazy(
        "Welke leerlingtelling Koers gebruikt: die van 1 oktober (standaard, DUO-teldatum) of die van 1 februari "
        "(sinds 2023 de teldatum voor de bekostiging van PO, SBO en (V)SO). Koers neemt de laatste telling van die "
        "soort op of vóór de peildatum."
    ),
    EXCLUDED_KINDS: gettext_lazy(
        "Aanvraagsoorten die niet meetellen, bijvoorbeeld 'Arrangement' in een TLV-export. Hoofdletters en "
        "spaties maken niet uit."
    ),
    INTERVAL: gettext_lazy(
        "Tussen welke twee datums de doorlooptijd wordt gemeten: ontvangst → compleet, compleet → besluit of "
        "ontvangst → besluit."
    ),
}


def normalise_kind(value) -> str:
    """A request kind as Koers compares it: case-folded, whitespace collapsed (``' TLV  so '`` -> ``'tlv so'``)."""
    return " ".join(str(value).split()).casefold()


# Which choices a measure takes; a measure not named here takes none of them.
def applicable(code: str) -> tuple:
    if not code:
        return ()
    keys = []
    if code in RATIO_MEASURES:
        keys.append(DENOMINATOR)
    if code.startswith("deelname_") or code.startswith("leerlingen_") or code in COUNT_BASED:
        keys.append(COUNT_DATE)
    if code.startswith("tlv_"):
        keys.append(EXCLUDED_KINDS)
        if code in COUNT_BASED:
            keys.append(COUNT_DATE)
    if code.startswith("tlv_doorlooptijd_"):
        keys.append(INTERVAL)
    return tuple(keys)


# Participation measures and their default denominator (the measure's own choice when the indicator makes none).
RATIO_MEASURES = {
    "deelname_sbo": ("SBO", "bo_sbo"),
    "deelname_so": ("SO", "bo_sbo"),
    "deelname_sbo_incl_so": ("SBO", "bo_sbo_so"),
    "deelname_so_incl_so": ("SO", "bo_sbo_so"),
    "deelname_bo": ("BO", "bo_sbo_so"),
}
COUNT_BASED = {"tlv_afgegeven_pct", "thuiszitters_per_1000", "thuiszitters_pct", "thuiszitters_registratie_pct"}


def clean(params: dict | None, code: str = "") -> dict:
    """``params`` with the definition keys checked and normalised; raises ValueError with a Dutch message.

    The old key ``exclude_aanvraagsoorten`` becomes ``zonder_aanvraagsoorten``. A choice that does not apply to
    the measure ``code`` is refused, so that an indicator never states a definition it did not use.
    """
    out = dict(params or {})
    if OLD_EXCLUDED_KEY in out:
        old = out.pop(OLD_EXCLUDED_KEY) or []
        out[EXCLUDED_KINDS] = list(out.get(EXCLUDED_KINDS) or []) + list(old if isinstance(old, list) else [old])
    value = out.get(DENOMINATOR)
    if value in ("", None):
        out.pop(DENOMINATOR, None)
    elif value not in DENOMINATORS:
        raise ValueError(
            _("Noemer '%(v)s' bestaat niet; kies %(c)s.") % {"v": value, "c": _or_list(list(DENOMINATORS))}
        )
    value = out.get(COUNT_DATE)
    if value in ("", None):
        out.pop(COUNT_DATE, None)
    else:
        value = str(value).strip().lower().replace(" ", "-")
        if value not in COUNT_DATES:
            raise ValueError(
                _("Teldatum '%(v)s' bestaat niet; kies %(c)s.")
                % {"v": out[COUNT_DATE], "c": _or_list(list(COUNT_DATES))}
            )
        out[COUNT_DATE] = value
    kinds = out.get(EXCLUDED_KINDS)
    if kinds in ("", None, []):
        out.pop(EXCLUDED_KINDS, None)
    else:
        if isinstance(kinds, str):
            kinds = kinds.replace(";", ",").split(",")
        if not isinstance(kinds, list):
            raise ValueError(_("Aanvraagsoorten zonder meetelling moeten een lijst zijn, bijv. Arrangement; Maatwerk."))
        seen, cleaned = set(), []
        for kind in kinds:
            text = " ".join(str(kind).split())
            if text and normalise_kind(text) not in seen:
                seen.add(normalise_kind(text))
                cleaned.append(text)
        if cleaned:
            out[EXCLUDED_KINDS] = cleaned
        else:
            out.pop(EXCLUDED_KINDS, None)
    value = out.get(INTERVAL)
    if value in ("", None):
        out.pop(INTERVAL, None)
    elif value not in INTERVALS:
        raise ValueError(_("Interval '%(v)s' bestaat niet; kies %(c)s.") % {"v": value, "c": _or_list(list(INTERVALS))})
    if code:
        allowed = applicable(code)
        wrong = [k for k in KEYS if k in out and k not in allowed]
        if wrong:
            raise ValueError(
                _("De maat '%(m)s' kent geen keuze voor %(k)s.")
                % {"m": code, "k": ", ".join(_key_label(k) for k in wrong)}
            )
    return out


def clean_or_keep(params: dict | None) -> dict:
    """:func:`clean` for showing stored choices: a stored value that no longer checks is shown as it is."""
    try:
        return clean(params)
    except ValueError:
        return dict(params or {})


def _key_label(key) -> str:
    return {
        DENOMINATOR: _("noemer"),
        COUNT_DATE: _("teldatum"),
        EXCLUDED_KINDS: _("aanvraagsoorten zonder meetelling"),
        INTERVAL: _("interval"),
    }[key]


def _or_list(values) -> str:
    quoted = [f"'{v}'" for v in values]
    return (", ".join(quoted[:-1]) + " " + _("of") + " " + quoted[-1]) if len(quoted) > 1 else quoted[0]


# The distinct request kinds of an SWV's TLV register, for the indicator form: monitoring registers the function
# (core and plans do not import monitoring).
_request_kinds_provider = None


def provide_request_kinds(func) -> None:
    global _request_kinds_provider
    _request_kinds_provider = func


def request_kinds(swv) -> list[str]:
    """The distinct request kinds in this SWV's TLV register (one spelling per normalised kind), sorted."""
    return list(_request_kinds_provider(swv)) if _request_kinds_provider is not None else []
