"""Standard outputs from the monitoring registers: the monthly dataset, TLV's per schoolbestuur, thuiszitters.

These read the registers of ``koers.monitoring``. Until those exist, each raises :class:`NotAvailable` with a
clear message. Every output is a :class:`~koers.reports.tables.Table` (or a workbook of tables), so the same
data serves the web page, CSV and Excel. Counts below the suppression threshold are shown as "<N" (Excel: -1,
the DUO convention) and pupils appear only by pseudonym.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from koers.core.periods import Tertiaal
from koers.reports.tables import Column, Table, tables_to_xlsx


class NotAvailable(Exception):
    pass


OUTPUTS = {
    # kind -> (title, permission, formats)
    "dataset": (_lazy("Actuele dataset (maandelijks)"), "monitoring.view_pupil", ("xlsx",)),
    "tlv-per-bestuur": (_lazy("TLV's per schoolbestuur"), "monitoring.view_aggregate", ("xlsx", "csv")),
    "thuiszitters": (_lazy("Thuiszittersmonitor"), "monitoring.view_aggregate", ("xlsx", "csv")),
}


def _registers():
    """The register API of monitoring (``koers.monitoring.registers``), or NotAvailable.

    Expected there:

    - ``dataset(swv, period)`` -> [(sheet name, [(key, label, kind)], [row dicts])], pupils by pseudonym only;
      kind is a Table column kind, or "count" for a pupil count that must be suppressed;
    - ``tlv_per_bestuur(swv, period, bestuur=None)`` -> [{"bestuur", "requested", "issued", "open"}];
    - ``thuiszitters(swv, period)`` -> [{"peildatum", "active", "long", "new", "per_1000"}].
    """
    try:
        from koers.monitoring import registers
    except ImportError as exc:
        raise NotAvailable(
            _("De monitoringregisters zijn nog niet beschikbaar in deze versie van Koers; deze uitvoer volgt.")
        ) from exc
    return registers


MAX_YEARS_BACK = 10


def current_period(today: date | None = None) -> Tertiaal:
    """The period when none is chosen: the tertiaal of today (as the registers read ``period=None``)."""
    return Tertiaal.of(today or timezone.localdate())


def period_bounds(period: Tertiaal, today: date | None = None) -> tuple[date, date]:
    """The days an output covers: the tertiaal, up to today while it runs (as ``registers._bounds``)."""
    today = today or timezone.localdate()
    return period.start, min(period.end, max(period.start, today))


def period_choices(swv, today: date | None = None) -> list[Tertiaal]:
    """The tertialen to choose from, newest first: from the current one back to the first with register data.

    Always at least the last two calendar years before this one, at most ten years back.
    """
    today = today or timezone.localdate()
    current = current_period(today)
    try:
        first_date = getattr(_registers(), "first_date", lambda swv: None)(swv)
    except NotAvailable:
        first_date = None
    first = Tertiaal(today.year - 2, 1)
    if first_date:
        first = min(first, Tertiaal.of(first_date))
    first = max(first, Tertiaal(today.year - MAX_YEARS_BACK, 1))
    choices, t = [], current
    while t >= first:
        choices.append(t)
        t = t.previous()
    return choices


def file_stem(kind: str, period: Tertiaal) -> str:
    """File name without extension: tlv-per-bestuur-T3-2024."""
    return f"{kind}-T{period.number}-{period.year}"


def suppress(count: int | None) -> int | None:
    """Small counts are suppressed: -1 (as DUO publishes them) below the threshold, except zero."""
    if count is None:
        return None
    threshold = settings.KOERS_SUPPRESSION_THRESHOLD
    return -1 if 0 < count < threshold else count


def monthly_dataset(swv, period=None) -> bytes:
    """One sheet per register, pseudonymised, suppression applied."""
    registers = _registers()
    tables = []
    for name, spec, rows in registers.dataset(swv, period):
        # kind "count" marks a count of pupils: suppressed below the threshold
        counts = {key for key, _label, kind in spec if kind == "count"}
        columns = [
            Column(key, str(label), "number" if kind == "count" else kind, 2 if kind == "money" else 0)
            for key, label, kind in spec
        ]
        table = Table(str(name), columns)
        for row in rows:
            table.add_row(**{c.key: suppress(row.get(c.key)) if c.key in counts else row.get(c.key) for c in columns})
        tables.append(table)
    return tables_to_xlsx(tables)


def tlv_per_bestuur(swv, period=None, bestuur=None) -> Table:
    """TLV's per schoolbestuur in the tertiaal ``period`` (None: the current one); the file name names it."""
    registers = _registers()
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
    for row in registers.tlv_per_bestuur(swv, period, bestuur=bestuur):
        table.add_row(
            bestuur=row["bestuur"],
            requested=suppress(row.get("requested")),
            issued=suppress(row.get("issued")),
            open=suppress(row.get("open")),
        )
    return table


def thuiszitters(swv, period=None) -> Table:
    """Thuiszitters per peildatum in the tertiaal ``period`` (None: the current one); the file name names it."""
    registers = _registers()
    period = period or current_period()
    table = Table(
        _("Thuiszittersmonitor %(period)s") % {"period": period},
        [
            Column("peildatum", _("Peildatum"), "date"),
            Column("active", _("Actieve thuiszitters"), "number"),
            Column("long", _("Langer dan 3 maanden"), "number"),
            Column("new", _("Nieuw in de periode"), "number"),
            Column("per_1000", _("Per 1.000 leerlingen"), "decimal", 1),
        ],
        filename=file_stem("thuiszitters", period),
    )
    for row in registers.thuiszitters(swv, period):
        table.add_row(
            peildatum=row["peildatum"],
            active=suppress(row.get("active")),
            long=suppress(row.get("long")),
            new=suppress(row.get("new")),
            per_1000=row.get("per_1000"),
        )
    return table
