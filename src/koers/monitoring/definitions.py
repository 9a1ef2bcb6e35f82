"""The definition an indicator used, in words (ADR 0022); the choices themselves are in :mod:`koers.core.definitions`.

:func:`sentence` is the one function every output uses to state the definition: indicator page, dashboard,
tertiaal report (PDF, Word), board pack, API, ``koers measures``, CSV/Excel exports and the public page.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.definitions import (  # noqa: F401  (re-exported: the measures use them from here)
    COUNT_DATE,
    COUNT_DATES,
    DEFAULT_COUNT_DATE,
    DEFAULT_INTERVAL,
    DENOMINATOR,
    DENOMINATOR_TYPES,
    DENOMINATORS,
    EXCLUDED_KINDS,
    FEBRUARY,
    HELP,
    INTERVAL,
    INTERVALS,
    KEYS,
    OCTOBER,
    OLD_EXCLUDED_KEY,
    RATIO_MEASURES,
    applicable,
    clean,
    clean_or_keep,
    normalise_kind,
)


def _stored_kinds(swv) -> list[str]:
    from koers.monitoring.models import Tlv

    return list(Tlv.objects.for_swv(swv).order_by().values_list("aanvraagsoort", flat=True).distinct())


def request_kinds(swv) -> list[str]:
    """The distinct request kinds in this SWV's TLV register (one spelling per normalised kind), sorted."""
    found: dict = {}
    for kind in _stored_kinds(swv):
        found.setdefault(normalise_kind(kind), " ".join(kind.split()))
    return sorted(found.values(), key=normalise_kind)


def stored_kinds_to_exclude(swv, excluded) -> list[str]:
    """The stored spellings of the request kinds in ``excluded`` (compared normalised), for an ``exclude(__in=)``."""
    wanted = {normalise_kind(k) for k in excluded or ()}
    if not wanted:
        return []
    return [k for k in _stored_kinds(swv) if normalise_kind(k) in wanted]


def count_day(swv, on: date, teldatum: str | None = None) -> date | None:
    """The date of the count Koers uses on ``on``: the latest count of that kind on or before ``on``."""
    from koers.monitoring.models import PupilCount

    return (
        PupilCount.objects.for_swv(swv)
        .filter(peildatum__lte=on, teldatum=teldatum or DEFAULT_COUNT_DATE)
        .order_by("-peildatum")
        .values_list("peildatum", flat=True)
        .first()
    )


def _day_text(day: date) -> str:
    from koers.core.periods import MONTH_NAMES

    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def sentence(code: str, params: dict | None = None, *, swv=None, on: date | None = None) -> str:
    """The definition in words, e.g. "deelname SO = SO / (BO + SBO), teldatum 1 februari 2025, zonder
    aanvraagsoort 'Arrangement'". With ``swv`` and ``on`` it names the count actually used (with its year).

    The one function every output uses (indicator page, dashboard, reports, board pack, API, exports, public page).
    """
    from koers.monitoring.measures import REGISTRY

    measure = REGISTRY.get(code or "")
    if measure is None:
        return ""
    merged = {**measure.params, **clean(params)}
    keys = applicable(code)
    parts = []
    if code in RATIO_MEASURES:
        num, default = RATIO_MEASURES[code]
        den = DENOMINATOR_TYPES[merged.get(DENOMINATOR) or default]
        parts.append(_("deelname %(t)s = %(t)s / (%(d)s)") % {"t": num, "d": " + ".join(den)})
    elif code == "deelname_vso":
        parts.append(_("VSO-percentage = VSO / (VO + PrO)"))
    else:
        name = str(measure.name)
        parts.append(name if name[1:2].isupper() else name[:1].lower() + name[1:])  # "TLV-..." stays as it is
    if code == "thuiszitters_registratie":
        parts[0] += " " + _("(de markering 'thuiszitter: ja' in het verzuimregister)")
    elif code.startswith("thuiszitters"):
        parts[0] += " " + _("(absoluut verzuim plus relatief verzuim van 4 weken of langer)")
    if INTERVAL in keys:
        parts.append(_("interval %(i)s") % {"i": INTERVALS[merged.get(INTERVAL) or _interval_of(code)]})
    if COUNT_DATE in keys:
        kind = merged.get(COUNT_DATE) or DEFAULT_COUNT_DATE
        day = count_day(swv, on, kind) if swv is not None and on is not None else None
        if day is not None:
            parts.append(_("teldatum %(d)s") % {"d": _day_text(day)})
        elif swv is not None and on is not None:
            parts.append(_("teldatum %(d)s (geen telling op of vóór de peildatum)") % {"d": COUNT_DATES[kind]})
        else:
            parts.append(_("teldatum %(d)s") % {"d": COUNT_DATES[kind]})
    if EXCLUDED_KINDS in keys:
        kinds = merged.get(EXCLUDED_KINDS) or []
        if kinds:
            quoted = ", ".join(f"'{k}'" for k in kinds)
            parts.append(
                ngettext("zonder aanvraagsoort %(k)s", "zonder aanvraagsoorten %(k)s", len(kinds)) % {"k": quoted}
            )
        else:
            parts.append(_("alle aanvraagsoorten"))
    return ", ".join(parts)


def _interval_of(code: str) -> str:
    for interval in INTERVALS:
        if code.startswith(f"tlv_doorlooptijd_{interval}_"):
            return interval
    return DEFAULT_INTERVAL
