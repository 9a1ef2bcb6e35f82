"""The tariff import: a Koers layout (docs/voorbeelden/tarieven.csv), read by the one reader of every import.

Columns (headers compared by :func:`koers.core.importing.normalise_header`, so ``Kalender_jaar`` = ``kalenderjaar``):

=============  =======================================================================
``jaar``       calendar year, e.g. 2025 (also: ``kalenderjaar``)
``soort``      SBO, SO or VSO
``categorie``  laag / midden / hoog, or the OSO codes L / M / H; empty for SBO
``bedrag``     amount per pupil per year, Dutch (12.345,67) or with a point (12345.67)
``bron``       where the amount comes from (required: tariffs change every year)
=============  =======================================================================

A parser never touches the database: it gives the rows and :class:`koers.core.importing.Problem` s naming file,
row, column and what is wrong; with one error nothing is saved (:func:`koers.finance.services.import_tariffs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from koers.core import importing as reader
from koers.core.forms import parse_dutch_number
from koers.core.importing import Problem, normalise_header

COLUMNS = {
    "year": ["jaar", "kalenderjaar"],
    "school_type": ["soort", "type"],
    "category": ["categorie", "bekostigingscategorie"],
    "amount": ["bedrag", "tarief", "bedrag per leerling"],
    "source": ["bron"],
}
FIELD_NAMES = {"year": "jaar", "school_type": "soort", "category": "categorie", "amount": "bedrag", "source": "bron"}
REQUIRED = ["year", "school_type", "amount", "source"]
CATEGORIES = {"l": "L", "laag": "L", "m": "M", "midden": "M", "h": "H", "hoog": "H", "": ""}
TYPES = {"sbo": "SBO", "so": "SO", "vso": "VSO"}


@dataclass
class ParsedTariffs:
    file: str
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_tariffs(name: str, data: bytes) -> ParsedTariffs:
    result = ParsedTariffs(name)
    try:
        table = reader.read_table(name, data)
    except reader.ReadError as exc:
        result.problems.append(Problem(name, None, "", str(exc)))
        return result
    headers = [normalise_header(h) for h in table.header]
    where = {}
    for key, names in COLUMNS.items():
        for i, header in enumerate(headers):
            if header in names:
                where[key] = i
                break
    missing = [FIELD_NAMES[k] for k in REQUIRED if k not in where]
    if missing:
        result.problems.append(
            Problem(name, 1, "", _("De kolom %(c)s ontbreekt.") % {"c": ", ".join(missing)}, sheet=table.sheet)
        )
        return result
    seen = {}
    for row in table.rows:
        if not any(str(c).strip() for c in row):
            continue

        def cell(key, row=row):
            i = where.get(key)
            return str(row[i]).strip() if i is not None and i < len(row) and row[i] is not None else ""

        def problem(key, message, row=row):
            result.problems.append(
                Problem(
                    name,
                    row.number,
                    table.header[where[key]] if key in where else "",
                    message,
                    sheet=table.sheet,
                    field=FIELD_NAMES[key],
                )  # fmt: skip
            )

        ok = True
        try:
            year = int(Decimal(cell("year")))
            if not 2000 <= year <= 2100:
                raise ValueError
        except (InvalidOperation, ValueError):
            problem("year", _("Het jaar is geen kalenderjaar (bijvoorbeeld 2025)."))
            ok = False
        school_type = TYPES.get(cell("school_type").lower())
        if school_type is None:
            problem("school_type", _("De soort moet SBO, SO of VSO zijn."))
            ok = False
        category = CATEGORIES.get(cell("category").lower())
        if category is None:
            problem("category", _("De categorie moet laag, midden of hoog zijn (of L, M, H)."))
            ok = False
        elif school_type in ("SO", "VSO") and not category:
            problem("category", _("SO en VSO hebben een categorie nodig (laag, midden of hoog)."))
            ok = False
        elif school_type == "SBO":
            category = ""
        try:
            amount = parse_dutch_number(cell("amount"))
            if amount < 0:
                raise ValueError
        except (InvalidOperation, ValueError):
            problem("amount", _("Het bedrag is geen bedrag van nul of meer, bijvoorbeeld 12.345,67."))
            ok = False
        source = cell("source")
        if not source:
            problem("source", _("De bron ontbreekt; schrijf waar het tarief vandaan komt."))
            ok = False
        elif len(source) > 200:
            problem("source", _("De bron is langer dan 200 tekens."))
            ok = False
        if not ok:
            continue
        key = (year, school_type, category)
        if key in seen:
            problem("year", _("Dit tarief staat al op rij %(r)s.") % {"r": seen[key]})
            continue
        seen[key] = row.number
        result.rows.append(
            {"year": year, "school_type": school_type, "category": category, "amount": amount, "source": source}
        )
    if not result.rows and not result.problems:
        result.problems.append(Problem(name, None, "", _("Het bestand heeft geen tarieven.")))
    return result
