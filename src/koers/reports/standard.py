"""Standard outputs from the monitoring registers: the monthly dataset, TLV's per schoolbestuur, thuiszitters.

These read the registers of ``koers.monitoring`` for an :class:`~koers.core.audience.Audience`. Every output is a :class:`~koers.core.tables.Table` (or a workbook of tables), so the same
data serves the web page, CSV and Excel. Counts below the suppression threshold are shown as "<N" (Excel: -1,
the DUO convention) and pupils appear only by pseudonym.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from koers.core import clock
from koers.core.audience import Audience
from koers.core.periods import Tertiaal, measured_tertiaal_of, tertiaal_period
from koers.core.tables import Column, Table, tables_to_xlsx
from koers.monitoring import definitions, registers

OUTPUTS = {
    # kind -> (title, permission, formats)
    "dataset": (_lazy("Actuele dataset (maandelijks)"), "monitoring.view_pupil", ("xlsx",)),
    "tlv-per-bestuur": (_lazy("TLV's per schoolbestuur"), "monitoring.view_aggregate", ("xlsx", "csv")),
    "thuiszitters": (_lazy("Thuiszittersmonitor"), "monitoring.view_aggregate", ("xlsx", "csv")),
}


MAX_YEARS_BACK = 10


def current_period(today: date | None = None) -> Tertiaal:
    """The period when none is chosen: the tertiaal of today (as the registers read ``period=None``)."""
    return measured_tertiaal_of(today or clock.today())


def period_bounds(period: Tertiaal, today: date | None = None) -> tuple[date, date]:
    """The days an output covers: the tertiaal as the one period model measures it (T2 up to 31 July, August in
    T3), up to today while it runs (as ``registers._bounds``)."""
    measured = tertiaal_period(period, today or clock.today())
    return measured.start, measured.measured_until


def period_choices(swv, today: date | None = None) -> list[Tertiaal]:
    """The tertialen to choose from, newest first: from the current one back to the first with register data.

    Always at least the last two calendar years before this one, at most ten years back.
    """
    today = today or clock.today()
    current = current_period(today)
    first_date = registers.first_date(swv)
    first = Tertiaal(today.year - 2, 1)
    if first_date:
        first = min(first, measured_tertiaal_of(first_date))
    first = max(first, Tertiaal(today.year - MAX_YEARS_BACK, 1))
    choices, t = [], current
    while t >= first:
        choices.append(t)
        t = t.previous()
    return choices


def file_stem(kind: str, period: Tertiaal) -> str:
    """File name without extension: tlv-per-bestuur-T3-2024."""
    return f"{kind}-T{period.number}-{period.year}"


SUPPRESSED = -1  # as DUO publishes suppressed cells


def suppress(count: int | None, audience: Audience) -> int | None:
    """A pupil count as ``audience`` may see it: -1 below the threshold (except zero) when it is suppressed."""
    return SUPPRESSED if audience.hides(count) else count


def _shown(result) -> int | Decimal | None:
    """A measure's Result in a table: -1 when suppressed, as the counts."""
    return SUPPRESSED if result.suppressed else result.value


def for_sharing(audience: Audience) -> Audience:
    """Standard outputs are files made to be passed on: their counts are suppressed whoever downloads them
    (the schools of a schoolbestuur stay its own)."""
    return replace(audience, pupil_level=False)


def monthly_dataset(audience: Audience, period=None) -> bytes:
    """One sheet per register, pseudonymised, counts suppressed. Pupil rows: only for such an audience."""
    if not audience.pupil_level:
        raise PermissionError("the dataset holds pupil rows")
    shared = for_sharing(audience)
    tables = []
    for name, spec, rows in registers.dataset(audience.swv_id, period):
        # kind "count" marks a count of pupils: suppressed below the threshold
        counts = {key for key, _label, kind in spec if kind == "count"}
        columns = [
            Column(key, str(label), "number" if kind == "count" else kind, 2 if kind == "money" else 0)
            for key, label, kind in spec
        ]
        table = Table(str(name), columns)
        for row in rows:
            table.add_row(
                **{c.key: suppress(row.get(c.key), shared) if c.key in counts else row.get(c.key) for c in columns}
            )
        tables.append(table)
    return tables_to_xlsx(tables)


def tlv_per_bestuur(audience: Audience, period=None) -> Table:
    """TLV's per schoolbestuur in the tertiaal ``period`` (None: the current one); the file name names it.

    A schoolbestuur sees its own schools only; counts below the threshold are suppressed (:func:`for_sharing`)."""
    audience = for_sharing(audience)
    period = period or current_period()
    table = Table(
        _("TLV's per schoolbestuur %(period)s") % {"period": period},
        [
            Column("bestuur", _("Schoolbestuur")),
            Column("requested", _("Aangevraagd"), "number"),
            Column("issued", _("Afgegeven"), "number"),
            Column("open", _("Open aanvragen"), "number"),
        ],
        filename=file_stem("tlv-per-bestuur", period),
    )
    for row in registers.tlv_per_bestuur(audience.swv_id, period, schools=audience.schools):
        table.add_row(
            bestuur=row["bestuur"],
            requested=suppress(row.get("requested"), audience),
            issued=suppress(row.get("issued"), audience),
            open=suppress(row.get("open"), audience),
        )
    return table


def thuiszitters(audience: Audience, period=None) -> Table:
    """Thuiszitters per peildatum in the tertiaal ``period`` (None: the current one); the file name names it."""
    audience = for_sharing(audience)
    period = period or current_period()
    table = Table(
        _("Thuiszittersmonitor %(period)s") % {"period": period},
        [
            Column("peildatum", _("Peildatum"), "date"),
            Column("active", _("Actieve thuiszitters"), "number"),
            Column("long", _("Langer dan 3 maanden"), "number"),
            Column("new", _("Nieuw in de periode"), "number"),
            Column("per_1000", _("Per 1.000 leerlingen"), "decimal", 1),
            Column("definition", _("Gebruikte definitie")),
        ],
        filename=file_stem("thuiszitters", period),
    )
    for row in registers.thuiszitters(audience, period):
        table.add_row(
            peildatum=row["peildatum"],
            active=_shown(row["active"]),
            long=_shown(row["long"]),
            new=_shown(row["new"]),
            per_1000=_shown(row["per_1000"]),
            # the rule, and the count the rate is divided by (ADR 0022): the one sentence of every output
            definition=definitions.sentence("thuiszitters_per_1000", {}, swv=audience.swv_id, on=row["peildatum"]),
        )
    return table
