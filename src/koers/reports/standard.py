"""Standard outputs from the monitoring registers: the monthly dataset, TLV's per schoolbestuur, thuiszitters.

These read the registers of ``koers.monitoring``. Until those exist, each raises :class:`NotAvailable` with a
clear message. Every output is a :class:`~koers.reports.tables.Table` (or a workbook of tables), so the same
data serves the web page, CSV and Excel. Counts below the suppression threshold are shown as "<N" (Excel: -1,
the DUO convention) and pupils appear only by pseudonym.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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
        columns = [Column(key, str(label), "number" if kind == "count" else kind) for key, label, kind in spec]
        table = Table(str(name), columns)
        for row in rows:
            table.add_row(**{c.key: suppress(row.get(c.key)) if c.key in counts else row.get(c.key) for c in columns})
        tables.append(table)
    return tables_to_xlsx(tables)


def tlv_per_bestuur(swv, period=None, bestuur=None) -> Table:
    registers = _registers()
    table = Table(
        _("TLV's per schoolbestuur"),
        [
            Column("bestuur", _("Schoolbestuur")),
            Column("requested", _("Aangevraagd"), "number"),
            Column("issued", _("Afgegeven"), "number"),
            Column("open", _("Open aanvragen"), "number"),
        ],
        filename="tlv-per-schoolbestuur",
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
    registers = _registers()
    table = Table(
        _("Thuiszittersmonitor"),
        [
            Column("peildatum", _("Peildatum"), "date"),
            Column("active", _("Actieve thuiszitters"), "number"),
            Column("long", _("Langer dan 3 maanden"), "number"),
            Column("new", _("Nieuw in de periode"), "number"),
            Column("per_1000", _("Per 1.000 leerlingen"), "decimal", 1),
        ],
        filename="thuiszitters",
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
