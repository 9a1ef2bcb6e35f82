"""The quarterly thuiszitters overview an SWV sends to the Inspectie, as Excel (ADR 0023).

The Inspectie publishes no machine-readable form layout that Koers could find, so this is a **Koers layout** that
mirrors what the Inspectie asks for: per quarter of the school year, cumulative from 1 August up to the end of
the quarter, anonymous (counts only: no pseudonym, school or date of a pupil), with vrijstellingen on grond van
artikel 5 onder a of the Leerplichtwet included as their own row. See docs/handleiding (Inspectie-overzicht).

Quarters of school year Y (starting 1 August Y): K1 August-October, K2 November-January, K3 February-April,
K4 May-July. A case counts in a quarter's overview when it was a thuiszitter at some day from 1 August up to the
quarter's last day (up to today while the quarter runs):

- absoluut verzuim: active on some day of that window;
- langdurig relatief verzuim: at least 4 weeks of verzuim reached within the window (the stated rule);
- vrijstelling artikel 5 onder a: a vrijstelling whose reden names "5 onder a" (or 5a, 5 sub a), active on some day
  of the window; other vrijstellingen are a separate row and not in the thuiszitter total.

Every count goes through ``Measure.result`` (ADR 0012): in this file that leaves the bureau, counts under the
threshold are -1 (the DUO convention), and when exactly one cell of a row is hidden, the smallest other one of that
row is hidden too, so that the total does not give it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.audience import Audience
from koers.core.export_safety import append_row, set_cell, workbook_bytes
from koers.monitoring.measures.base import Measure
from koers.monitoring.models import VerzuimMelding

SUPPRESSED = -1
ARTICLE_5A = re.compile(r"5\s*(onder|sub)?\s*a\b|artikel\s*5a", re.IGNORECASE)
QUARTER_MONTHS = {1: (8, 10), 2: (11, 1), 3: (2, 4), 4: (5, 7)}
CATEGORIES = ("relatief", "absoluut", "vrijstelling_5a")
COLUMNS = ("total", "active", "ended", "under_3", "from_3_to_6", "from_6")
_COUNTER = Measure("inspectie_thuiszitters", "", "aantal", "", None)


@dataclass(frozen=True)
class Quarter:
    school_year: int  # 2024 = 2024-2025
    number: int  # 1..4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``K2-2024`` or ``K2 2024`` (school year 2024-2025, November-January)."""
        match = re.fullmatch(r"\s*[kK]([1-4])[\s\-]+(\d{4})\s*", text or "")
        if not match:
            raise ValueError(
                _("Kwartaal '%(v)s' begrijpt Koers niet; verwacht bijvoorbeeld K2-2024 (schooljaar 2024-2025).")
                % {"v": text}
            )
        return cls(int(match.group(2)), int(match.group(1)))

    @property
    def start(self) -> date:
        first_month, _last = QUARTER_MONTHS[self.number]
        return date(self.school_year + (first_month < 8), first_month, 1)

    @property
    def end(self) -> date:
        _first, last_month = QUARTER_MONTHS[self.number]
        year = self.school_year + (last_month < 8)
        following = date(year + (last_month == 12), last_month % 12 + 1, 1)
        return following - timedelta(days=1)

    @property
    def year_start(self) -> date:
        return date(self.school_year, 8, 1)

    @property
    def label(self) -> str:
        return _("K%(n)s schooljaar %(y)s-%(z)s") % {"n": self.number, "y": self.school_year, "z": self.school_year + 1}

    @property
    def key(self) -> str:
        return f"K{self.number}-{self.school_year}"


def quarter_of(day: date) -> Quarter:
    year = day.year if day.month >= 8 else day.year - 1
    for number, (first, last) in QUARTER_MONTHS.items():
        months = list(range(first, last + 1)) if first <= last else [*range(first, 13), *range(1, last + 1)]
        if day.month in months:
            return Quarter(year, number)
    raise AssertionError(day)


def category(melding) -> str | None:
    """'relatief', 'absoluut', 'vrijstelling_5a', 'vrijstelling_anders' of a melding (by soort and reden)."""
    if melding.soort == "vrijstelling":
        return "vrijstelling_5a" if ARTICLE_5A.search(melding.reden or "") else "vrijstelling_anders"
    return melding.soort


def counts(swv, quarter: Quarter, *, schools=None, today: date | None = None) -> dict:
    """Raw counts {category: {column: n}} of the overview (Koers' own computation, before suppression)."""
    until = min(quarter.end, today or clock.today())
    start = quarter.year_start
    qs = VerzuimMelding.objects.for_swv(swv).filter(since__lte=until).exclude(end__lt=start)
    if schools is not None:
        qs = qs.filter(brin6__in=schools)
    out = {c: dict.fromkeys(COLUMNS, 0) for c in (*CATEGORIES, "vrijstelling_anders")}
    for melding in qs.only("soort", "reden", "since", "end"):
        kind = category(melding)
        stop = min(melding.end, until) if melding.end else until
        if kind == "relatief" and (stop - melding.since).days < 28:
            continue  # not (yet) 4 weeks of verzuim within the window: not langdurig relatief verzuim
        row = out[kind]
        row["total"] += 1
        active = melding.end is None or melding.end > until
        row["active" if active else "ended"] += 1
        days = (stop - melding.since).days
        row["under_3" if days < 91 else "from_3_to_6" if days < 182 else "from_6"] += 1
    out["total"] = {c: sum(out[k][c] for k in CATEGORIES) for c in COLUMNS}
    return out


def _suppressed_row(raw: dict, audience: Audience) -> dict:
    """A row of counts as ``audience`` may see them (-1 when hidden), with complementary suppression per group."""
    shown = {c: (SUPPRESSED if _COUNTER.result(n, audience).suppressed else n) for c, n in raw.items()}
    for group in (("active", "ended"), ("under_3", "from_3_to_6", "from_6")):
        hidden = [c for c in group if shown[c] == SUPPRESSED]
        if len(hidden) == 1:
            others = [c for c in group if shown[c] not in (SUPPRESSED, 0)]
            if others:
                shown[min(others, key=lambda c: raw[c])] = SUPPRESSED
    return shown


def overview(audience: Audience, quarter: Quarter, *, today: date | None = None) -> dict:
    """The overview as the audience may see it: {category: {column: n or -1}}, and the raw rows' totals."""
    if not isinstance(audience, Audience):
        raise TypeError(f"overview needs an Audience, not {audience!r}")
    raw = counts(audience.swv_id, quarter, schools=audience.schools, today=today)
    rows = {k: _suppressed_row(v, audience) for k, v in raw.items()}
    # one hidden category under a shown total would be given back by the total: hide the smallest other one too
    for column in COLUMNS:
        hidden = [k for k in CATEGORIES if rows[k][column] == SUPPRESSED]
        if len(hidden) == 1 and rows["total"][column] != SUPPRESSED:
            others = [k for k in CATEGORIES if rows[k][column] not in (SUPPRESSED, 0)]
            if others:
                rows[min(others, key=lambda k: raw[k][column])][column] = SUPPRESSED
    return rows


LABELS = {
    "relatief": _("Langdurig relatief verzuim (4 weken of langer)"),
    "absoluut": _("Absoluut verzuim"),
    "vrijstelling_5a": _("Vrijstelling artikel 5 onder a Leerplichtwet"),
    "total": _("Totaal thuiszitters (inclusief vrijstelling 5 onder a)"),
    "vrijstelling_anders": _("Andere vrijstellingen (niet in het totaal)"),
}
HEADERS = {
    "total": _("Aantal, cumulatief schooljaar"),
    "active": _("Nog thuis op de einddatum"),
    "ended": _("Beëindigd (terug naar school of opgelost)"),
    "under_3": _("Duur korter dan 3 maanden"),
    "from_3_to_6": _("Duur 3 tot 6 maanden"),
    "from_6": _("Duur 6 maanden of langer"),
}
ROW_ORDER = ("relatief", "absoluut", "vrijstelling_5a", "total", "vrijstelling_anders")
FIRST_DATA_ROW = 8  # row of 'relatief' in the sheet 'Overzicht' (1-based), for readers and tests


def workbook(audience: Audience, quarter: Quarter, *, today: date | None = None) -> bytes:
    """The Excel file: sheet 'Overzicht' (the counts) and sheet 'Toelichting' (definitions, Koers layout)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    today = today or clock.today()
    swv = audience.swv
    rows = overview(audience, quarter, today=today)
    until = min(quarter.end, today)
    book = Workbook()
    sheet = book.active
    sheet.title = "Overzicht"
    set_cell(sheet["A1"], _("Kwartaaloverzicht thuiszitters voor de Inspectie van het Onderwijs")).font = Font(
        bold=True
    )
    set_cell(sheet["A2"], _("Samenwerkingsverband"))
    set_cell(sheet["B2"], f"{swv.name} ({swv.code})" if swv is not None else "")
    set_cell(sheet["A3"], _("Kwartaal"))
    set_cell(sheet["B3"], quarter.label)
    set_cell(sheet["A4"], _("Periode (cumulatief)"))
    set_cell(sheet["B4"], f"{quarter.year_start:%d-%m-%Y} t/m {until:%d-%m-%Y}")
    set_cell(sheet["A5"], _("Gemaakt op"))
    set_cell(sheet["B5"], f"{today:%d-%m-%Y}")
    sheet.append([])
    append_row(sheet, [_("Categorie"), *(str(HEADERS[c]) for c in COLUMNS)])
    for cell in sheet[FIRST_DATA_ROW - 1]:
        cell.font = Font(bold=True)
    for key in ROW_ORDER:
        append_row(sheet, [str(LABELS[key]), *(rows[key][c] for c in COLUMNS)])
    sheet.append([])
    append_row(
        sheet,
        [
            _("-1 = afgeschermd: minder dan %(n)s leerlingen (ADR 0012). Anoniem: alleen aantallen.")
            % {"n": audience.threshold}
        ],
    )
    sheet.column_dimensions["A"].width = 58
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 22
    notes = book.create_sheet("Toelichting")
    for line in explanation(quarter, until):
        append_row(notes, [line])
    notes.column_dimensions["A"].width = 120
    return workbook_bytes(book)


def explanation(quarter: Quarter, until: date) -> list[str]:
    return [
        _("Kwartaaloverzicht thuiszitters, %(q)s.") % {"q": quarter.label},
        _(
            "Dit is een Koers-indeling die het overzicht van de Inspectie volgt; de Inspectie publiceert geen vaste "
            "bestandsindeling."
        ),
        _("Cumulatief: elke melding die van %(s)s tot en met %(e)s een thuiszitter was, telt één keer.")
        % {"s": f"{quarter.year_start:%d-%m-%Y}", "e": f"{until:%d-%m-%Y}"},
        _("Langdurig relatief verzuim: ingeschreven, 4 weken of langer ongeoorloofd verzuim binnen die periode."),
        _("Absoluut verzuim: leerplichtig en niet ingeschreven op een school."),
        _(
            "Vrijstelling artikel 5 onder a: een vrijstelling waarvan de reden '5 onder a' noemt; andere "
            "vrijstellingen staan apart en tellen niet mee in het totaal."
        ),
        _("Duur: van 'verzuim sinds' tot 'einde verzuim', of tot de einddatum van het overzicht als het nog loopt."),
        _(
            "De markering 'thuiszitter: ja' van het register telt hier niet mee: Koers telt volgens de regel. "
            "Kwartalen: K1 augustus-oktober, K2 november-januari, K3 februari-april, K4 mei-juli."
        ),
    ]
