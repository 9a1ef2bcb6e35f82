"""Reading organisation files: the DUO address file (vestigingenbo.csv) and the Koers 'Organisatie' workbook.

Both are read by the one reader of every import (:mod:`koers.core.importing`: limits on bytes, rows, columns and
cells, encoding and delimiter detection, the zip-bomb check, one header normaliser). Parsers never touch the
database and never raise on bad input: every problem becomes a :class:`koers.core.importing.Problem` naming file,
sheet, row, the file's own column header and what is wrong, in Dutch, without repeating names or e-mail addresses
of people. :mod:`koers.organisations.services` applies the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core import importing as reader
from koers.core.export_safety import append_row, workbook_bytes
from koers.core.importing import Problem, normalise_header
from koers.core.normalise import normalise_brin6, normalise_swv_code

ERROR = "fout"
WARNING = "waarschuwing"
MAX_PROBLEMS = 500


def __getattr__(name):
    if name == "MAX_BYTES":  # the shared limit (KOERS_IMPORT_MAX_BYTES), read when asked
        return reader.Limits.current().max_bytes
    raise AttributeError(name)


@dataclass
class Parsed:
    """What a file holds, per kind, as plain dicts keyed on the natural key of each kind."""

    file: str
    besturen: dict = field(default_factory=dict)  # bevoegd_gezag -> {name}
    schools: dict = field(default_factory=dict)  # brin6 -> {name, school_type, bestuur, werkgebied, gemeente, ...}
    werkgebieden: dict = field(default_factory=dict)  # name -> {description}
    gemeenten: dict = field(default_factory=dict)  # name -> {cbs_code}
    partners: dict = field(default_factory=dict)  # name -> {kind, contact}
    gremia: dict = field(default_factory=dict)  # name -> {kind}
    staff: dict = field(default_factory=dict)  # name -> {function, email}
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # rows of another SWV left out on request
    rows: int = 0

    def problem(self, row, column, message, level=ERROR, sheet=""):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, row, column, str(message), level, sheet))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                Problem(
                    self.file,
                    None,
                    "",
                    _("Er zijn meer dan %(n)s problemen; de rest is niet getoond.") % {"n": MAX_PROBLEMS},
                    ERROR,
                )  # fmt: skip
            )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]


# The model that each kind of the Excel workbook is saved into: the limits of its columns are the limits of a cell.
TARGET_MODELS = {
    "besturen": "Schoolbestuur",
    "schools": "School",
    "werkgebieden": "Werkgebied",
    "gemeenten": "Gemeente",
    "partners": "Ketenpartner",
    "gremia": "Gremium",
    "staff": "StaffMember",
}


def column_limit(model_name: str, field_name: str) -> int | None:
    """How many characters the database column of a value holds (a foreign key: the name or number it is found
    by); None: no limit. A longer value is a problem of the file, never cut and never passed to the database."""
    from django.core.exceptions import FieldDoesNotExist

    from koers.organisations import models

    model = getattr(models, model_name)
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None
    if field.is_relation:
        field = field.related_model._meta.get_field(
            "bevoegd_gezag" if field.related_model is models.Schoolbestuur else "name"
        )
    return getattr(field, "max_length", None)


def too_long(value: str, model_name: str, field_name: str, column: str) -> str | None:
    """The message for a value longer than its column, or None."""
    limit = column_limit(model_name, field_name)
    if limit is None or len(value) <= limit:
        return None
    return _("%(column)s is te lang: %(n)s tekens, hooguit %(max)s.") % {
        "column": column,
        "n": len(value),
        "max": limit,
    }


def _key(text) -> str:
    """Header or code as compared: the one header normaliser of every import, in upper case."""
    return normalise_header(text).upper()


# ----------------------------------------------------------------------------------------------------------
# Text files
# ----------------------------------------------------------------------------------------------------------


# DUO columns: our key -> accepted headers (after _key)
DUO_COLUMNS = {
    "bevoegd_gezag": ["BEVOEGD GEZAG NUMMER", "BEVOEGD GEZAG", "BEVOEGD GEZAGNUMMER", "BG NUMMER"],
    "bestuur_naam": ["BEVOEGD GEZAG NAAM", "NAAM BEVOEGD GEZAG", "BESTUURSNAAM"],
    "instellingscode": ["INSTELLINGSCODE", "BRIN NUMMER", "BRINNUMMER", "BRIN"],
    "vestigingscode": ["VESTIGINGSCODE", "VESTIGINGSNUMMER", "VESTIGING"],
    "brin6": ["BRIN6", "BRIN 6"],
    "naam": ["VESTIGINGSNAAM", "NAAM VESTIGING", "INSTELLINGSNAAM"],
    "straat": ["STRAATNAAM", "STRAAT"],
    "huisnummer": ["HUISNUMMER TOEVOEGING", "HUISNUMMER"],
    "postcode": ["POSTCODE"],
    "plaats": ["PLAATSNAAM", "PLAATS"],
    "gemeentenummer": ["GEMEENTENUMMER", "GEMEENTECODE"],
    "gemeente": ["GEMEENTENAAM", "GEMEENTE"],
    "soort": ["SOORT PO", "SOORT PRIMAIR ONDERWIJS", "TYPE PO", "ONDERWIJSSOORT", "SOORT"],
    "swv": [
        "SAMENWERKINGSVERBAND PO",
        "SWV PO",
        "SAMENWERKINGSVERBANDNUMMER",
        "SAMENWERKINGSVERBAND NUMMER",
        "SWV NUMMER",
        "SWV",
        "SAMENWERKINGSVERBAND",
    ],
}

_SOORT = {
    "BO": "BO",
    "BAO": "BO",
    "BASISONDERWIJS": "BO",
    "BASISSCHOOL": "BO",
    "SBO": "SBO",
    "SBAO": "SBO",
    "SPECIAAL BASISONDERWIJS": "SBO",
    "SO": "SO",
    "SPECIAAL ONDERWIJS": "SO",
    "(V)SO": "SO",
    "VSO": "VSO",
    "VOORTGEZET SPECIAAL ONDERWIJS": "VSO",
    "VO": "VO",
    "VOORTGEZET ONDERWIJS": "VO",
    "PRO": "PRO",
    "PRAKTIJKONDERWIJS": "PRO",
}
_POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")


def school_type(value: str) -> str | None:
    text = _key(value)
    if not text:
        return None
    if text in _SOORT:
        return _SOORT[text]
    for word, code in (("SPECIAAL BASIS", "SBO"), ("VOORTGEZET SPECIAAL", "VSO"), ("SPECIAAL", "SO"),
                       ("PRAKTIJK", "PRO"), ("BASIS", "BO")):  # fmt: skip
        if word in text:
            return code
    return None


def postcode(value: str) -> tuple[str, bool]:
    """'2671ab' -> ('2671 AB', True); empty -> ('', True); other -> (value, False)."""
    value = str(value or "").strip()
    if not value:
        return "", True
    match = _POSTCODE_RE.match(value)
    if not match:
        return value[:7], False
    return f"{match.group(1)} {match.group(2).upper()}", True


def _columns(header: list[str], spec: dict) -> dict[str, int]:
    keys = [_key(h) for h in header]
    found = {}
    for name, aliases in spec.items():
        for alias in aliases:
            if alias in keys:
                found[name] = keys.index(alias)
                break
    return found


def parse_duo(data: bytes, filename: str = "vestigingenbo.csv", swv_code: str | list | None = None) -> Parsed:
    """The DUO address file of school locations. With ``swv_code`` (one code, or the codes of a combined bureau,
    ADR 0014), rows of other SWV's are left out (only when the file has an SWV column)."""
    parsed = Parsed(file=filename)
    if data[:2] == b"PK":
        parsed.problem(None, "", _("Dit is een Excel- of zip-bestand, geen CSV. Kies het formaat 'Excel' of sla "
                                   "het bestand op als CSV."))  # fmt: skip
        return parsed
    try:
        table = reader.read_table(filename, data)
    except reader.ReadError as exc:
        parsed.problem(None, "", str(exc))
        return parsed
    header = table.header
    columns = _columns(header, DUO_COLUMNS)
    missing = []
    if "bevoegd_gezag" not in columns:
        missing.append("BEVOEGD GEZAG NUMMER")
    if "brin6" not in columns:
        if "instellingscode" not in columns:
            missing.append("INSTELLINGSCODE")
        if "vestigingscode" not in columns:
            missing.append("VESTIGINGSCODE")
    if "naam" not in columns:
        missing.append("VESTIGINGSNAAM")
    for name in missing:
        parsed.problem(1, name, _("De kolom %(column)s ontbreekt in de kopregel.") % {"column": name})
    if missing:
        return parsed
    if not table.rows:
        parsed.problem(None, "", _("Het bestand heeft alleen een kopregel en geen scholen."))
        return parsed
    label = {k: header[i].strip() for k, i in columns.items()}
    own = None
    if swv_code:
        own = [normalise_swv_code(c) for c in ([swv_code] if isinstance(swv_code, str) else swv_code)]
        if "swv" not in columns:
            parsed.problem(None, "", _("Het bestand heeft geen kolom met het SWV-nummer; alle scholen worden "
                                       "meegenomen, niet alleen die van %(swv)s.") % {"swv": " en ".join(own)}, WARNING)  # fmt: skip
    first_row: dict[str, int] = {}
    for row in table.rows:
        number = row.number
        parsed.rows += 1
        if row.width != len(header):  # too few or too many fields: refused, never padded or cut
            parsed.problem(
                number,
                "",
                ngettext(
                    "Deze rij heeft %(n)s veld, de kopregel %(m)s. Staat er een scheidingsteken in een waarde "
                    "zonder aanhalingstekens?",
                    "Deze rij heeft %(n)s velden, de kopregel %(m)s. Staat er een scheidingsteken in een waarde "
                    "zonder aanhalingstekens?",
                    len(row),
                )
                % {"n": row.width, "m": len(header)},  # fmt: skip
            )
            continue

        def cell(name, row=row):
            return row[columns[name]] if name in columns else ""  # the reader removed the ' of a safe export

        if own and "swv" in columns:
            raw = cell("swv")
            try:
                code = normalise_swv_code(raw)
            except ValueError:
                parsed.problem(number, label["swv"], _("'%(value)s' is geen SWV-nummer; de rij is overgeslagen.")
                               % {"value": raw}, WARNING)  # fmt: skip
                parsed.skipped += 1
                continue
            if code not in own:
                parsed.skipped += 1
                continue
        if "brin6" in columns:
            raw_brin, brin_column = cell("brin6"), label["brin6"]
        else:
            raw_brin, brin_column = cell("instellingscode"), label["instellingscode"]
            vestiging = cell("vestigingscode")
            if len(vestiging) > 2 and vestiging[:4].upper() == raw_brin.upper():
                raw_brin = vestiging  # the full BRIN6 in the vestiging column
            elif vestiging.isdecimal() and len(vestiging) <= 2:
                raw_brin = f"{raw_brin}{int(vestiging):02d}"
            else:
                parsed.problem(number, label["vestigingscode"], _("'%(value)s' is geen vestigingscode; verwacht 2 "
                                                                  "cijfers, bijv. 00.") % {"value": vestiging})  # fmt: skip
                continue
        try:
            brin6 = normalise_brin6(raw_brin)
        except ValueError:
            parsed.problem(number, brin_column, _("'%(value)s' is geen geldige BRIN6; verwacht 4 tekens BRIN en 2 "
                                                  "cijfers vestiging, bijv. 19HY00.") % {"value": raw_brin})  # fmt: skip
            continue
        if brin6 in first_row:
            parsed.problem(number, brin_column, _("BRIN6 %(brin)s staat twee keer in het bestand (ook in rij "
                                                  "%(row)s).") % {"brin": brin6, "row": first_row[brin6]})  # fmt: skip
            continue
        first_row[brin6] = number
        name = cell("naam")
        if not name:
            parsed.problem(number, label["naam"], _("De naam van de vestiging is leeg."))
            continue
        gezag = cell("bevoegd_gezag")
        if not gezag.isdecimal() or len(gezag) > 10:
            parsed.problem(number, label["bevoegd_gezag"], _("'%(value)s' is geen bevoegd-gezagnummer; verwacht "
                                                             "alleen cijfers, bijv. 41234.") % {"value": gezag})  # fmt: skip
            continue
        lengths = (
            ("naam", "School", "name", name),
            ("bestuur_naam", "Schoolbestuur", "name", cell("bestuur_naam")),
            ("gemeente", "Gemeente", "name", cell("gemeente")),
            ("straat", "School", "address", " ".join(p for p in (cell("straat"), cell("huisnummer")) if p)),
            ("plaats", "School", "city", cell("plaats")),
        )
        long = [
            (key, message)
            for key, model, field, value in lengths
            if (message := too_long(value, model, field, label.get(key, key)))
        ]
        for key, message in long:
            parsed.problem(number, label.get(key, key), message)
        if long:
            continue
        if gezag not in parsed.besturen or cell("bestuur_naam"):
            parsed.besturen[gezag] = {"name": cell("bestuur_naam")[:200]}
        kind = None
        if "soort" in columns and cell("soort"):
            kind = school_type(cell("soort"))
            if kind is None:
                parsed.problem(number, label["soort"], _("Soort '%(value)s' is onbekend; BO aangenomen.")
                               % {"value": cell("soort")}, WARNING)  # fmt: skip
        if kind is None:
            upper = name.upper()
            kind = "SBO" if ("SBO" in upper.split() or "SPECIAAL BASIS" in upper) else "BO"
        code, ok = postcode(cell("postcode"))
        if not ok:
            parsed.problem(number, label["postcode"], _("Postcode '%(value)s' heeft niet de vorm 1234 AB.")
                           % {"value": cell("postcode")}, WARNING)  # fmt: skip
        gemeente = cell("gemeente")[:120]
        if gemeente:
            number_text = cell("gemeentenummer")
            cbs = f"GM{int(number_text):04d}" if number_text.isdecimal() and len(number_text) <= 4 else ""
            parsed.gemeenten.setdefault(gemeente.title() if gemeente.isupper() else gemeente, {"cbs_code": cbs})
        address = " ".join(p for p in (cell("straat"), cell("huisnummer")) if p)
        city = cell("plaats")
        parsed.schools[brin6] = {
            "name": (name.title() if name.isupper() else name)[:200],
            "school_type": kind,
            "bestuur": gezag,
            "gemeente": (gemeente.title() if gemeente.isupper() else gemeente) or None,
            "address": address[:200],
            "postcode": code,
            "city": (city.title() if city.isupper() else city)[:120],
            "_row": number,
        }
        school = parsed.schools[brin6]
        for key, sources in (("address", ("straat", "huisnummer")), ("postcode", ("postcode",)), ("city", ("plaats",))):
            if not any(source in columns for source in sources):
                del school[key]  # a column the file does not have leaves what Koers knows alone
        if "soort" not in columns:
            school["_type_guessed"] = True
    if not parsed.schools and not parsed.errors and parsed.skipped:
        parsed.problem(None, label.get("swv", ""), _("Geen enkele school in het bestand hoort bij %(swv)s.")
                       % {"swv": " en ".join(own or [])}, WARNING)  # fmt: skip
    return parsed


# ----------------------------------------------------------------------------------------------------------
# The 'Organisatie' workbook
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetSpec:
    name: str
    target: str  # attribute of Parsed
    key: str  # column holding the natural key
    columns: dict  # header -> (field, required, help)


SCHOOL_TYPES = ["BO", "SBO", "SO", "VSO", "VO", "PRO"]
PARTNER_KINDS = ["jeugdhulp", "leerplicht", "jgz", "gemeente", "onderwijs", "overig"]
GREMIUM_KINDS = ["RvT", "RvA", "OPR", "MR", "bestuur", "OOGO", "team", "overig"]


def sheet_specs():
    return [
        SheetSpec("Schoolbesturen", "besturen", "Bevoegd gezag", {
            "Bevoegd gezag": ("bevoegd_gezag", True, _("Bevoegd-gezagnummer van DUO, alleen cijfers.")),
            "Naam": ("name", True, _("Naam van het schoolbestuur.")),
        }),
        SheetSpec("Scholen", "schools", "BRIN6", {
            "BRIN6": ("brin6", True, _("4 tekens BRIN en 2 cijfers vestiging, bijv. 19HY00.")),
            "Naam": ("name", True, _("Naam van de schoolvestiging.")),
            "Soort": ("school_type", False, _("BO, SBO, SO, VSO, VO of PRO. Leeg = BO.")),
            "Bevoegd gezag": ("bestuur", False, _("Nummer van een schoolbestuur uit het blad Schoolbesturen of uit "
                                                  "Koers.")),
            "Werkgebied": ("werkgebied", False, _("Naam van het werkgebied of de kern; nieuw = wordt aangemaakt.")),
            "Gemeente": ("gemeente", False, _("Naam van de gemeente; nieuw = wordt aangemaakt.")),
            "Adres": ("address", False, _("Straat en huisnummer.")),
            "Postcode": ("postcode", False, _("Bijv. 2671 AB.")),
            "Plaats": ("city", False, _("Plaatsnaam.")),
        }),
        SheetSpec("Werkgebieden", "werkgebieden", "Naam", {
            "Naam": ("name", True, _("Naam van het werkgebied, de kern of de wijk.")),
            "Toelichting": ("description", False, _("Vrije tekst.")),
        }),
        SheetSpec("Gemeenten", "gemeenten", "Naam", {
            "Naam": ("name", True, _("Naam van de gemeente.")),
            "CBS-code": ("cbs_code", False, _("Bijv. GM1783.")),
        }),
        SheetSpec("Ketenpartners", "partners", "Naam", {
            "Naam": ("name", True, _("Naam van de organisatie.")),
            "Soort": ("kind", False, _("jeugdhulp, leerplicht, jgz, gemeente, onderwijs of overig. Leeg = overig.")),
            "Contact": ("contact", False, _("Contactpersoon of -gegevens.")),
        }),
        SheetSpec("Gremia", "gremia", "Naam", {
            "Naam": ("name", True, _("Naam van het gremium, bijv. Raad van Toezicht.")),
            "Soort": ("kind", False, _("RvT, RvA, OPR, MR, bestuur, OOGO, team of overig. Leeg = overig.")),
        }),
        SheetSpec("Medewerkers", "staff", "Naam", {
            "Naam": ("name", True, _("Voor- en achternaam.")),
            "Functie": ("function", False, _("Bijv. beleidsadviseur.")),
            "E-mailadres": ("email", False, _("Werkadres, bijv. naam@swv.nl.")),
        }),
    ]  # fmt: skip


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_excel(data: bytes, filename: str = "organisatie.xlsx") -> Parsed:
    parsed = Parsed(file=filename)
    if not data:
        parsed.problem(None, "", _("Het bestand is leeg."))
        return parsed
    if data[:2] != b"PK":
        parsed.problem(None, "", _("Dit is geen leesbaar Excel-bestand (.xlsx). Gebruik het sjabloon."))
        return parsed
    specs = {_key(s.name): s for s in sheet_specs()}
    try:
        tables = reader.read_sheets(filename, data, wanted=[s.name for s in sheet_specs()])
    except reader.ReadError as exc:
        parsed.problem(None, "", str(exc))
        return parsed
    if not tables:
        parsed.problem(None, "", _("Het bestand heeft geen van de bladen %(names)s. Gebruik het sjabloon.")
                       % {"names": ", ".join(s.name for s in sheet_specs())})  # fmt: skip
        return parsed
    for sheet_name, table in tables.items():
        if table is not None:
            _read_sheet(specs[_key(sheet_name)], table, parsed)
    return parsed


def _read_sheet(spec: SheetSpec, table, parsed: Parsed) -> None:
    keys = [_key(h) for h in table.header]
    index = {}
    for title, (_field, required, _help) in spec.columns.items():
        if _key(title) in keys:
            index[title] = keys.index(_key(title))
        elif required:
            parsed.problem(1, title, _("De kolom %(column)s ontbreekt.") % {"column": title}, sheet=spec.name)
    if any(t not in index for t, c in spec.columns.items() if c[1]):
        return
    target = getattr(parsed, spec.target)
    first: dict[str, int] = {}
    for row in table.rows:
        number = row.number
        cells = {t: row[i] if i < len(row) else "" for t, i in index.items()}
        if not any(cells.values()):
            continue
        parsed.rows += 1
        record = _record(spec, cells, number, parsed)
        if record is None:
            continue
        key = record.pop("_key")
        if key.upper() in first:
            if spec.target == "staff":  # a person's name is not repeated in the report
                message = _("Deze naam staat twee keer in dit blad (ook in rij %(row)s).") % {"row": first[key.upper()]}
            else:
                message = _("'%(value)s' staat twee keer in dit blad (ook in rij %(row)s).") % {
                    "value": key, "row": first[key.upper()]}  # fmt: skip
            parsed.problem(number, spec.key, message, sheet=spec.name)
            continue
        first[key.upper()] = number
        record["_row"] = number
        target[key] = record


def _record(spec: SheetSpec, cells: dict, number: int, parsed: Parsed) -> dict | None:
    def error(column, message, level=ERROR):
        parsed.problem(number, column, message, level, sheet=spec.name)

    key = cells[spec.key]
    if not key:
        error(spec.key, _("%(column)s is leeg.") % {"column": spec.key})
        return None
    record = {"_key": key[:200]}
    for title, (name, required, _help) in spec.columns.items():
        value = cells.get(title, "")
        if required and not value:
            error(title, _("%(column)s is leeg.") % {"column": title})
            return None
        message = too_long(value, TARGET_MODELS[spec.target], name, title)
        if message:
            error(title, message)
            return None
        record[name] = value
    if spec.target == "besturen":
        if not key.isdecimal() or len(key) > 10:
            error(spec.key, _("'%(value)s' is geen bevoegd-gezagnummer; verwacht alleen cijfers.") % {"value": key})
            return None
        record.pop("bevoegd_gezag")
        record["name"] = record["name"][:200]
    elif spec.target == "schools":
        try:
            record["_key"] = normalise_brin6(key)
        except ValueError:
            error("BRIN6", _("'%(value)s' is geen geldige BRIN6; verwacht bijv. 19HY00.") % {"value": key})
            return None
        record.pop("brin6")
        kind = (record["school_type"] or "BO").upper()
        if kind not in SCHOOL_TYPES:
            error("Soort", _("Soort '%(value)s' is onbekend; kies uit %(choices)s.")
                  % {"value": record["school_type"], "choices": ", ".join(SCHOOL_TYPES)})  # fmt: skip
            return None
        record["school_type"] = kind
        code, ok = postcode(record["postcode"])
        if not ok:
            error("Postcode", _("Postcode '%(value)s' heeft niet de vorm 1234 AB.") % {"value": record["postcode"]},
                  WARNING)  # fmt: skip
        record["postcode"] = code
        for name, size in (("name", 200), ("address", 200), ("city", 120), ("werkgebied", 120), ("gemeente", 120)):
            record[name] = record[name][:size]
        record["bestuur"] = record["bestuur"] or None
        record["werkgebied"] = record["werkgebied"] or None
        record["gemeente"] = record["gemeente"] or None
    elif spec.target in ("partners", "gremia"):
        kinds = PARTNER_KINDS if spec.target == "partners" else GREMIUM_KINDS
        value = record["kind"] or "overig"
        match = next((k for k in kinds if k.lower() == value.lower()), None)
        if match is None:
            error("Soort", _("Soort '%(value)s' is onbekend; kies uit %(choices)s.")
                  % {"value": value, "choices": ", ".join(kinds)})  # fmt: skip
            return None
        record["kind"] = match
        record.pop("name")
        if "contact" in record:
            record["contact"] = record["contact"][:200]
    elif spec.target == "staff":
        if record["email"] and not _EMAIL_RE.match(record["email"]):
            error("E-mailadres", _("Dit is geen geldig e-mailadres."))  # an address is not repeated in the report
            return None
        record.pop("name")
        record["function"] = record["function"][:200]
    elif spec.target == "gemeenten":
        record.pop("name")
        record["cbs_code"] = record["cbs_code"][:6]
        record["_key"] = record["_key"][:120]
    elif spec.target == "werkgebieden":
        record.pop("name")
        record["_key"] = record["_key"][:120]
    return record


def template_workbook() -> bytes:
    """The empty 'Organisatie' workbook with an explanation sheet and one example row per sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    examples = {
        "Schoolbesturen": ["41234", "Stichting Voorbeeldscholen"],
        "Scholen": ["99XX00", "Basisschool De Voorbeeld", "BO", "41234", "Noord", "Westland", "Dorpsstraat 1",
                    "2671 AB", "Naaldwijk"],
        "Werkgebieden": ["Noord", "Kernen Naaldwijk en Honselersdijk"],
        "Gemeenten": ["Westland", "GM1783"],
        "Ketenpartners": ["Jeugdteam Westland", "jeugdhulp", "jeugdteam@example.org"],
        "Gremia": ["Raad van Toezicht", "RvT"],
        "Medewerkers": ["Marike van Brakel", "beleidsadviseur", "m.vanbrakel@example.org"],
    }  # fmt: skip
    workbook = Workbook()
    info = workbook.active
    info.title = "Toelichting"
    append_row(info, [_("Organisatie importeren in Koers")])
    info["A1"].font = Font(bold=True, size=14)
    append_row(info, [_("Vul de bladen in die u nodig hebt; lege bladen en bladen die ontbreken worden overgeslagen.")])
    append_row(info, [_("Laat de kopregel (rij 1) staan. Verwijder de voorbeeldrij in rij 2 voor u importeert.")])
    append_row(info, [_("Bestaande gegevens worden bijgewerkt: scholen op BRIN6, schoolbesturen op bevoegd-gezagnummer, "
                   "de rest op naam. Er wordt niets verwijderd.")])  # fmt: skip
    append_row(info, [_("Bij één fout wordt niets opgeslagen. U krijgt een lijst met blad, rij, kolom en probleem.")])
    limits = reader.Limits.current()
    append_row(info, [_("Grenzen: hoogstens %(mb)s MB; per blad hoogstens rijen: %(rows)s, kolommen: %(cols)s, "
                        "tekens per cel: %(cell)s (KOERS_IMPORT_MAX_BYTES, KOERS_IMPORT_MAX_ROWS, KOERS_IMPORT_MAX_COLUMNS, "
                        "KOERS_IMPORT_MAX_CELL).") % {
        "mb": limits.max_bytes // (1024 * 1024), "rows": f"{limits.max_rows:,}".replace(",", "."),
        "cols": limits.max_columns, "cell": f"{limits.max_cell:,}".replace(",", ".")}])  # fmt: skip
    append_row(info, [])
    append_row(info, [_("Blad"), _("Kolom"), _("Verplicht"), _("Uitleg")])
    for cell in info[8]:
        cell.font = Font(bold=True)
    for spec in sheet_specs():
        for title, (_name, required, help_text) in spec.columns.items():
            append_row(info, [spec.name, title, _("ja") if required else _("nee"), str(help_text)])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 16
    info.column_dimensions["C"].width = 10
    info.column_dimensions["D"].width = 90
    for spec in sheet_specs():
        sheet = workbook.create_sheet(spec.name)
        append_row(sheet, list(spec.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        append_row(sheet, examples[spec.name])
        for index in range(len(spec.columns)):
            sheet.column_dimensions[chr(65 + index)].width = 24
        sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)
