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


# ---- jaarrekeningen: one row per year (Koers layout, docs/voorbeelden/jaarrekening.csv) -------------------------

ACCOUNT_COLUMNS = {
    "year": ["jaar", "boekjaar"],
    "fixed_assets": ["vaste activa"],
    "current_assets": ["vlottende activa"],
    "cash": ["liquide middelen"],
    "equity": ["eigen vermogen"],
    "private_equity": ["privaat eigen vermogen"],
    "provisions": ["voorzieningen"],
    "long_term_debt": ["langlopende schulden"],
    "short_term_debt": ["kortlopende schulden"],
    "income": ["totale baten", "baten"],
    "expenses": ["totale lasten", "lasten"],
    "source": ["bron"],
}
ACCOUNT_REQUIRED = ["year", "current_assets", "equity", "short_term_debt", "income", "expenses", "source"]


def parse_accounts(name: str, data: bytes) -> ParsedTariffs:
    """Jaarrekeningen, one row per year; amounts Dutch or with a point; the balance must close on every row."""
    result = ParsedTariffs(name)
    try:
        table = reader.read_table(name, data)
    except reader.ReadError as exc:
        result.problems.append(Problem(name, None, "", str(exc)))
        return result
    headers = [normalise_header(h) for h in table.header]
    where = {key: headers.index(n) for key, names in ACCOUNT_COLUMNS.items() for n in names if n in headers}
    missing = [ACCOUNT_COLUMNS[k][0] for k in ACCOUNT_REQUIRED if k not in where]
    if missing:
        result.problems.append(Problem(name, 1, "", _("De kolom %(c)s ontbreekt.") % {"c": ", ".join(missing)}))
        return result
    seen = {}
    for row in table.rows:
        if not any(str(c).strip() for c in row):
            continue
        values, ok = {}, True
        for key in ACCOUNT_COLUMNS:
            i = where.get(key)
            text = str(row[i]).strip() if i is not None and i < len(row) and row[i] is not None else ""
            column = table.header[i] if i is not None else ""
            if key == "source":
                if not text or len(text) > 200:
                    result.problems.append(
                        Problem(
                            name, row.number, column, _("De bron ontbreekt of is langer dan 200 tekens."), field="bron"
                        )
                    )
                    ok = False
                values[key] = text
                continue
            if not text and key not in ACCOUNT_REQUIRED:
                values[key] = Decimal("0")
                continue
            try:
                number = parse_dutch_number(text)
                values[key] = int(number) if key == "year" else number
                if key == "year" and not 2000 <= values[key] <= 2100:
                    raise ValueError
            except (InvalidOperation, ValueError):
                message = (
                    _("Het jaar is geen jaar (bijvoorbeeld 2024).")
                    if key == "year"
                    else _("Dit is geen bedrag, bijvoorbeeld 1.250.000 of -170.000.")
                )
                result.problems.append(Problem(name, row.number, column, message, field=ACCOUNT_COLUMNS[key][0]))
                ok = False
        if not ok:
            continue
        assets = values["fixed_assets"] + values["current_assets"]
        liabilities = values["equity"] + values["provisions"] + values["long_term_debt"] + values["short_term_debt"]
        if assets != liabilities:
            result.problems.append(
                Problem(
                    name,
                    row.number,
                    "",
                    _("De balans sluit niet: activa %(a)s, passiva %(p)s.") % {"a": assets, "p": liabilities},
                )
            )
            continue
        if values["year"] in seen:
            result.problems.append(
                Problem(
                    name,
                    row.number,
                    table.header[where["year"]],
                    _("Dit jaar staat al op rij %(r)s.") % {"r": seen[values["year"]]},
                    field="jaar",
                )
            )
            continue
        seen[values["year"]] = row.number
        result.rows.append(values)
    if not result.rows and not result.problems:
        result.problems.append(Problem(name, None, "", _("Het bestand heeft geen jaarrekeningen.")))
    return result
