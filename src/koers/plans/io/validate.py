"""One validator for both formats: raw intermediate structure in, clean structure (or problems) out.

Clean values: text as stripped str ("" when empty), codes as str, years as int, money and hours as Decimal,
dates as date, lists as lists, tertialen as their stored key ("2025-T1"), parameters as dict. Nothing here
touches the database.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from koers.core import definitions
from koers.core.export_safety import clean_text
from koers.core.periods import Tertiaal, date_problem, parse_dutch_date, parse_school_year, school_year_label
from koers.plans.io.errors import Problems
from koers.plans.io.schema import FIELDS, LABEL_DEFAULTS, Field, Loc

_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
_HOLDER_RE = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<function>.*)\)\s*$", re.S)
_ACTIVITY_REF_RE = re.compile(r"^\s*(?P<year>\d{4}\s*[-/–]\s*\d{2,4}|\d{4})\s*[/:]\s*(?P<code>.+?)\s*$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
DEFAULTS = {"status": "niet_gestart", "norm_kind": "geen"}


class Invalid(Exception):
    pass


def _show(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value, f: Field | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "ja" if value else "nee"
    elif isinstance(value, datetime):
        text = value.strftime("%d-%m-%Y") if value.time() == datetime.min.time() else value.strftime("%d-%m-%Y %H:%M")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, int | Decimal | str):
        text = str(value)
    else:
        raise Invalid(_("Hier hoort tekst, maar er staat een lijst of een groep velden."))
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    limit = f.limit if f is not None else None
    if limit and len(text) > limit:
        raise Invalid(
            _("Te lang: hoogstens %(max)s tekens, nu %(n)s.") % {"max": f"{limit:,}".replace(",", "."), "n": len(text)}
        )  # fmt: skip
    return text


def to_decimal(value, f: Field) -> Decimal | None:
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        raise Invalid(_("Hier hoort een getal, maar er staat '%(v)s'.") % {"v": _show(value)})
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
        if text.count(",") == 1 and "." in text and text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")  # 1.234,56
        elif text.count(".") == 1 and "," in text and text.rfind(".") > text.rfind(","):
            text = text.replace(",", "")  # 1,234.56
        elif text.count(".") > 1 and "," not in text:
            text = text.replace(".", "")  # 1.234.567
        elif text.count(",") > 1 and "." not in text:
            text = text.replace(",", "")  # 1,234,567
        if not _NUMBER_RE.match(text):
            raise Invalid(_("Hier hoort een getal, maar er staat '%(v)s'.") % {"v": _show(value)})
        number = Decimal(text.replace(",", "."))
    else:
        raise Invalid(_("Hier hoort een getal, maar er staat '%(v)s'.") % {"v": _show(value)})
    if not number.is_finite():
        raise Invalid(_("Hier hoort een getal, maar er staat '%(v)s'.") % {"v": _show(value)})
    max_digits, places = f.digits or (14, 2)
    quantum = Decimal(1).scaleb(-places)
    try:
        rounded = number.quantize(quantum)
    except InvalidOperation as exc:
        raise Invalid(_("Het getal %(v)s is te groot.") % {"v": _show(value)}) from exc
    if rounded != number:
        raise Invalid(
            _("Gebruik hoogstens %(n)s cijfer(s) achter de komma (nu %(v)s).") % {"n": places, "v": _show(value)}
        )
    if abs(rounded) >= Decimal(10) ** (max_digits - places):
        raise Invalid(_("Het getal %(v)s is te groot.") % {"v": _show(value)})
    return rounded


def to_date(value) -> date | None:
    if _is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        day = parse_dutch_date(value)
        if day:
            return day
        problem = date_problem(value)
        if problem:  # written as a date, but the day does not exist (31-02-2025)
            raise Invalid(problem)
    raise Invalid(
        _("Hier hoort een datum als dd-mm-jjjj of jjjj-mm-dd (bijv. 07-10-2024), maar er staat '%(v)s'.")
        % {"v": _show(value)}
    )


def to_year(value) -> int | None:
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        raise Invalid(_("Hier hoort een jaartal, bijv. 2024, maar er staat '%(v)s'.") % {"v": _show(value)})
    year = None
    if isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str):
        text = value.strip()
        year = int(text) if text.isdecimal() and len(text) == 4 else parse_school_year(text)
    if year is None or not 1990 <= year <= 2100:
        raise Invalid(_("Hier hoort een jaartal, bijv. 2024, maar er staat '%(v)s'.") % {"v": _show(value)})
    return year


def to_school_year(value) -> int | None:
    if _is_empty(value):
        return None
    try:
        return to_year(value)
    except Invalid:
        raise Invalid(
            _("Hier hoort een schooljaar, bijv. 2024-2025, maar er staat '%(v)s'.") % {"v": _show(value)}
        ) from None


def to_bool(value) -> bool:
    if _is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"ja", "j", "yes", "y", "true", "waar", "x", "1", "prioriteit"}:
            return True
        if text in {"nee", "n", "no", "false", "onwaar", "0", "-"}:
            return False
    raise Invalid(_("Hier hoort ja of nee, maar er staat '%(v)s'.") % {"v": _show(value)})


def to_choice(value, f: Field) -> str:
    if _is_empty(value):
        return DEFAULTS.get(f.key, f.choices[0][0] if f.key in ("kind",) else "")
    text = to_text(value).lower()
    aliases = {"≤": "<=", "=<": "<=", "≥": ">=", "=>": ">="}
    text = aliases.get(text, text)
    for choice, label in f.choices:
        if text in (str(choice).lower(), str(label).lower(), str(choice).lower().replace("_", " ")):
            return choice
    options = ", ".join(str(c) for c, _label in f.choices)
    if f.key == "status":
        message = _("Onbekende status '%(v)s'. Kies uit: %(options)s.")
    else:
        message = _("Onbekende waarde '%(v)s'. Kies uit: %(options)s.")
    raise Invalid(message % {"v": _show(value), "options": options})


def to_list(value) -> list:
    """A YAML list, or text with items separated by ; or new lines."""
    if _is_empty(value):
        return []
    if isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, dict):
        raise Invalid(_("Hier hoort een lijst, maar er staat een groep velden."))
    elif isinstance(value, str):
        items = re.split(r"[;\n]", value)
    else:
        items = [value]
    return [item for item in items if not _is_empty(item)]


def to_names(value, f: Field) -> list[str]:
    names = []
    for item in to_list(value):
        name = to_text(item, Field(f.key, f.header, max_length=200))
        if name not in names:
            names.append(name)
    return names


def to_school_years(value) -> list[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    years = []
    for item in to_list(value):
        year = to_school_year(item)
        if year not in years:
            years.append(year)
    return years


def to_holders(value) -> list[dict]:
    holders = []
    for item in to_list(value):
        if isinstance(item, dict):
            unknown = set(item) - {"name", "function"}
            if unknown:
                raise Invalid(_("Onbekend veld '%(v)s' bij een portefeuillehouder.") % {"v": sorted(unknown)[0]})
            name = to_text(item.get("name"))
            function = to_text(item.get("function"))
        else:
            text = to_text(item)
            match = _HOLDER_RE.match(text)
            name, function = (match.group("name").strip(), match.group("function").strip()) if match else (text, "")
        if not name:
            raise Invalid(_("Een portefeuillehouder heeft geen naam: '%(v)s'.") % {"v": _show(item)})
        if len(name) > 200 or len(function) > 200:
            raise Invalid(_("Naam of functie van een portefeuillehouder is langer dan 200 tekens."))
        holders.append({"name": name, "function": function})
    return holders


def to_tertiaal(value) -> str:
    text = to_text(value)
    tertiaal = Tertiaal.try_parse(text)
    if tertiaal is None:
        raise Invalid(_("Hier hoort een tertiaal, bijv. T1 2025, maar er staat '%(v)s'.") % {"v": _show(value)})
    return tertiaal.key


def to_json(value) -> dict:
    if _is_empty(value):
        return {}
    if isinstance(value, dict):
        data = value
    elif isinstance(value, str):
        try:
            data = json.loads(value)
        except ValueError:
            raise Invalid(
                _('Hier horen parameters als JSON, bijv. {"periode": "tertiaal"}, maar er staat \'%(v)s\'.')
                % {"v": _show(value)}
            ) from None
    else:
        data = None
    if not isinstance(data, dict):
        raise Invalid(_('Parameters moeten een groep velden zijn, bijv. {"periode": "tertiaal"}.'))
    try:
        return json.loads(json.dumps(data, default=str))
    except (TypeError, ValueError):
        raise Invalid(_("Deze parameters kunnen niet worden opgeslagen.")) from None


def to_activity_ref(value) -> tuple[int, str] | None:
    if _is_empty(value):
        return None
    if isinstance(value, dict):
        year, code = to_school_year(value.get("school_year")), to_text(value.get("code"))
    else:
        match = _ACTIVITY_REF_RE.match(to_text(value))
        year = to_school_year(match.group("year")) if match else None
        code = match.group("code") if match else ""
    if not year or not code:
        raise Invalid(
            _("Schrijf schooljaar/code van de eerdere activiteit, bijv. 2023-2024/1.2; er staat '%(v)s'.")
            % {"v": _show(value)}
        )
    return year, code


def to_id(value) -> int | None:
    """A Koers-id as written by the export: a positive whole number, or empty."""
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        value = "ja" if value else "nee"
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    if not text.isdigit() or int(text) < 1 or len(text) > 18:
        raise Invalid(
            _(
                "Hier hoort het Koers-id uit een export (een getal), maar er staat '%(v)s'. Laat het leeg voor een "
                "nieuw onderdeel."
            )
            % {"v": _show(value)}
        )
    return int(text)


def convert(f: Field, value):
    kind = f.kind
    if kind == "id":
        return to_id(value)
    if kind in ("text", "name"):
        return to_text(value, f)
    if kind in ("code", "ref"):
        return to_text(value, f if f.max_length else Field(f.key, f.header, max_length=20))
    if kind == "slug":
        text = to_text(value, f)
        if text and not _SLUG_RE.match(text):
            raise Invalid(
                _("Gebruik alleen letters, cijfers, - en _ (geen spaties), bijv. spow-osp-2024-2028; er staat '%(v)s'.")
                % {"v": _show(value)}
            )
        return text
    if kind == "year":
        return to_year(value)
    if kind == "school_year":
        return to_school_year(value)
    if kind == "school_years":
        return to_school_years(value)
    if kind == "decimal":
        return to_decimal(value, f)
    if kind == "date":
        return to_date(value)
    if kind == "bool":
        return to_bool(value)
    if kind in ("choice", "operator"):
        return to_choice(value, f)
    if kind == "names":
        return to_names(value, f)
    if kind == "codes":
        return [to_text(v, Field(f.key, f.header, max_length=20)) for v in to_list(value)]
    if kind == "holders":
        return to_holders(value)
    if kind == "tertiaal":
        return to_tertiaal(value)
    if kind == "json":
        return to_json(value)
    if kind == "activity_ref":
        return to_activity_ref(value)
    if kind == "line":
        if isinstance(value, bool):
            raise Invalid(_("Hier hoort een regelnummer (1, 2, 3 ...), maar er staat '%(v)s'.") % {"v": _show(value)})
        try:
            number = int(to_decimal(value, Field("line", "", digits=(6, 0))))
        except (Invalid, TypeError):
            raise Invalid(
                _("Hier hoort een regelnummer (1, 2, 3 ...), maar er staat '%(v)s'.") % {"v": _show(value)}
            ) from None
        if number < 1:
            raise Invalid(_("Hier hoort een regelnummer (1, 2, 3 ...), maar er staat '%(v)s'.") % {"v": _show(value)})
        return number
    raise AssertionError(kind)  # pragma: no cover


def _is_blank_clean(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


DEFINITION_COLUMNS = ("noemer", "teldatum", "zonder_aanvraagsoorten", "interval")  # the keys of ADR 0022


def _check_definitions(item, problems) -> None:
    """Definitions chosen for the indicator (ADR 0022): one per column, or in the JSON parameters (the old key
    ``exclude_aanvraagsoorten`` is read as ``zonder_aanvraagsoorten``); merged into ``measure_params``. A choice
    that the indicator's measure does not use is refused in its own column."""
    params = dict(item.get("measure_params") or {})
    for key in DEFINITION_COLUMNS:
        value = item.pop(key, None)
        if value not in (None, "", []):
            params[key] = value
    try:
        params = definitions.clean(params)
    except ValueError as exc:
        problems.at(item["_loc"], "measure_params", str(exc))
        return
    code = item.get("measure_code") or ""
    for key in DEFINITION_COLUMNS:
        if key in params and key not in definitions.applicable(code):
            problems.at(
                item["_loc"],
                key,
                _("De berekening '%(m)s' gebruikt deze keuze niet; laat de kolom leeg of kies een andere berekening.")
                % {"m": code or _("handmatige metingen")},
            )
    item["measure_params"] = params


def clean_item(raw: dict, fields: list[Field], problems: Problems, *, skip=()) -> dict:
    """Convert every field of one item; unknown YAML keys were reported by the reader."""
    loc: Loc = raw.get("_loc") or Loc("")
    clean = {"_loc": loc}
    for f in fields:
        if f.key in skip:
            continue
        try:
            value = convert(f, raw.get(f.key))
        except Invalid as exc:
            problems.at(loc, f.key, str(exc))
            value = None
        else:
            if f.required and _is_blank_clean(value):
                problems.at(loc, f.key, _("Dit veld is verplicht maar ontbreekt of is leeg."))
        clean[f.key] = value
    return clean


class _Codes:
    """Codes of one level: uniqueness and lookups."""

    def __init__(self, label, problems: Problems):
        self.label = label
        self.problems = problems
        self.items: dict[str, dict] = {}

    def add(self, item):
        code = item.get("code")
        if not code:
            return
        if code in self.items:
            first = self.items[code]["_loc"]
            self.problems.at(
                item["_loc"],
                "code",
                _(
                    "De code '%(code)s' komt twee keer voor bij %(level)s (eerder op rij %(row)s); codes moeten uniek zijn."
                )
                % {"code": code, "level": self.label, "row": first.row or "?"},
            )
            return
        self.items[code] = item

    def resolve(self, item, key, level_label):
        code = item.get(key)
        if not code:
            return None
        if code not in self.items:
            self.problems.at(
                item["_loc"],
                key,
                _("Onbekende verwijzing: er is geen %(level)s met code '%(code)s'.")
                % {"level": level_label, "code": code},
            )
            return None
        return self.items[code]


def _place(item, themes: _Codes, goals: _Codes, mains: _Codes | None, problems: Problems):
    """Check and complete the references of an item hanging under a main activity, doel or theme."""
    loc = item["_loc"]
    main = mains.resolve(item, "main_activity", _("hoofdactiviteit")) if mains else None
    goal = goals.resolve(item, "goal", _("doel"))
    theme = themes.resolve(item, "theme", _("thema"))
    if main is not None:
        if item.get("goal") and main.get("goal") != item["goal"]:
            problems.at(
                loc,
                "goal",
                _("Hoofdactiviteit %(main)s hoort bij doel '%(real)s', niet bij doel '%(goal)s'.")
                % {"main": main["code"], "real": main.get("goal") or "-", "goal": item["goal"]},
            )
        item["goal"] = main.get("goal") or ""
        goal = goals.items.get(item["goal"])
        main_theme = main.get("theme") or (goal.get("theme") if goal else "") or ""
        if item.get("theme") and item["theme"] != main_theme:
            problems.at(
                loc,
                "theme",
                _("Hoofdactiviteit %(main)s hoort bij thema '%(real)s', niet bij thema '%(theme)s'.")
                % {"main": main["code"], "real": main_theme or "-", "theme": item["theme"]},
            )
        item["theme"] = main_theme
    elif goal is not None:
        goal_theme = goal.get("theme") or ""
        if item.get("theme") and item["theme"] != goal_theme:
            problems.at(
                loc,
                "theme",
                _("Doel %(goal)s hoort bij thema '%(real)s', niet bij thema '%(theme)s'.")
                % {"goal": goal["code"], "real": goal_theme or "-", "theme": item["theme"]},
            )
        item["theme"] = goal_theme
    elif theme is None and item.get("theme"):
        pass  # already reported as unknown


def _check_norm(item, problems: Problems):
    loc = item["_loc"]
    kind = item.get("norm_kind") or "geen"
    if kind == "drempel" and (not item.get("norm_operator") or item.get("norm_value") is None):
        problems.at(
            loc, "norm_value", _("Een drempelwaarde heeft een vergelijking (<, <=, >, >=) en een normwaarde nodig.")
        )
    if kind == "bereik":
        low, high = item.get("norm_value"), item.get("norm_value_high")
        if low is None or high is None:
            problems.at(
                loc, "norm_value_high", _("Een bereik heeft een normwaarde (ondergrens) en een bovengrens nodig.")
            )
        elif low > high:
            problems.at(loc, "norm_value_high", _("De bovengrens is lager dan de ondergrens."))
    if kind == "trend" and not item.get("norm_direction"):
        problems.at(loc, "norm_direction", _("Bij een trend hoort een gewenste richting: stijgt of daalt."))
    if kind == "mijlpaal" and not item.get("norm_deadline") and item.get("norm_due_year") is None:
        problems.at(
            loc,
            "norm_deadline",
            _("Een mijlpaal heeft een uiterste datum nodig, of een schooljaar in Mijlpaal eind schooljaar."),
        )
    if item.get("norm_deadline") and item.get("norm_due_year") is not None:
        problems.at(loc, "norm_due_year", _("Vul een uiterste datum óf een schooljaar in, niet allebei."))
    if (item.get("baseline_value") is None) != (item.get("baseline_date") is None):
        problems.at(loc, "baseline_date", _("Een nulmeting heeft een waarde en een datum."))


def clean_plan_data(raw: dict, problems: Problems) -> dict:
    """Validate the whole raw structure. Problems are collected; the caller raises when there are any."""
    plan = clean_item(raw.get("plan") or {"_loc": Loc("plan")}, FIELDS["plan"], problems)
    for key, default in LABEL_DEFAULTS.items():
        plan[key] = plan.get(key) or default
    first, last = plan.get("first_year"), plan.get("last_year")
    if first and last and first > last:
        problems.at(plan["_loc"], "last_year", _("Het laatste schooljaar ligt vóór het eerste schooljaar."))
    data = {"plan": plan}

    themes, goals = _Codes(_("de thema's"), problems), _Codes(_("de doelen"), problems)
    indicators, mains = _Codes(_("de indicatoren"), problems), _Codes(_("de hoofdactiviteiten"), problems)
    data["themes"] = [clean_item(r, FIELDS["themes"], problems) for r in raw.get("themes", [])]
    for item in data["themes"]:
        themes.add(item)
    data["goals"] = [clean_item(r, FIELDS["goals"], problems) for r in raw.get("goals", [])]
    for item in data["goals"]:
        goals.add(item)
        themes.resolve(item, "theme", _("thema"))
    data["indicators"] = [clean_item(r, FIELDS["indicators"], problems) for r in raw.get("indicators", [])]
    for item in data["indicators"]:
        indicators.add(item)
        _place(item, themes, goals, None, problems)
        _check_norm(item, problems)
        _check_definitions(item, problems)
    data["main_activities"] = [
        clean_item(r, FIELDS["main_activities"], problems) for r in raw.get("main_activities", [])
    ]
    for item in data["main_activities"]:
        mains.add(item)
        _place(item, themes, goals, None, problems)
    data["year_goals"] = [clean_item(r, FIELDS["year_goals"], problems) for r in raw.get("year_goals", [])]
    for item in data["year_goals"]:
        themes.resolve(item, "theme", _("thema"))
    data["adoptions"] = [clean_item(r, FIELDS["adoptions"], problems) for r in raw.get("adoptions", [])]

    data["year_plans"] = []
    years: dict[int, dict] = {}
    for raw_year in raw.get("year_plans", []):
        year_plan = clean_item(raw_year, FIELDS["year_plans"], problems)
        loc = year_plan["_loc"]
        school_year = year_plan.get("school_year")
        if school_year is not None:
            if school_year in years:
                problems.at(
                    loc,
                    "school_year",
                    _("Er staan twee jaarplannen voor schooljaar %(year)s in het bestand.")
                    % {"year": school_year_label(school_year)},
                )
            elif first and last and not first <= school_year <= last:
                problems.at(
                    loc,
                    "school_year",
                    _("Schooljaar %(year)s valt buiten de planperiode %(first)s t/m %(last)s.")
                    % {
                        "year": school_year_label(school_year),
                        "first": school_year_label(first),
                        "last": school_year_label(last),
                    },
                )
            years.setdefault(school_year, year_plan)
        year_plan["adoptions"] = [clean_item(r, FIELDS["adoptions"], problems) for r in raw_year.get("adoptions", [])]
        activity_codes = _Codes(_("de activiteiten van dit jaarplan"), problems)
        activities = [clean_item(r, FIELDS["activities"], problems) for r in raw_year.get("activities", [])]
        used = {a["code"] for a in activities if a.get("code")}
        counter = 0
        for activity in activities:
            if not activity.get("code"):
                counter += 1
                while str(counter) in used:
                    counter += 1
                activity["code"] = str(counter)
                activity["_auto_code"] = True  # numbered by position: the importer matches it with care
                used.add(activity["code"])
            activity_codes.add(activity)
            _place(activity, themes, goals, mains, problems)
        year_plan["activities"] = activities
        raw_budget = raw_year.get("budget")
        if raw_budget is not None:
            budget = clean_item(raw_budget, FIELDS["budget"], problems)
            budget["total"] = budget.get("total") or Decimal("0.00")
            budget["mandatory_contributions"] = budget.get("mandatory_contributions") or Decimal("0.00")
            budget["period"] = budget.get("period") or "schooljaar"
            budget["calendar_year"] = budget.get("calendar_year") if budget["period"] == "kalenderjaar" else None
            budget["lines"] = []
            for raw_line in raw_budget.get("lines", []):
                line = clean_item(raw_line, FIELDS["lines"], problems)
                themes.resolve(line, "theme", _("thema"))
                goals.resolve(line, "goal", _("doel"))
                line["realisations"] = []
                seen = set()
                for raw_real in raw_line.get("realisations", []):
                    real = clean_item(raw_real, FIELDS["realisations"], problems)
                    if real.get("tertiaal") in seen:
                        problems.at(
                            real["_loc"],
                            "tertiaal",
                            _("Deze begrotingsregel heeft al een realisatie voor %(t)s.")
                            % {"t": Tertiaal.parse(real["tertiaal"])},
                        )
                    seen.add(real.get("tertiaal"))
                    line["realisations"].append(real)
                budget["lines"].append(line)
            year_plan["budget"] = budget
        else:
            year_plan["budget"] = None
        year_plan["portfolio"] = []
        for raw_entry in raw_year.get("portfolio", []):
            entry = clean_item(raw_entry, FIELDS["portfolio"], problems)
            themes.resolve(entry, "theme", _("thema"))
            for code in entry.get("goals") or []:
                if code not in goals.items:
                    problems.at(
                        entry["_loc"],
                        "goals",
                        _("Onbekende verwijzing: er is geen doel met code '%(code)s'.") % {"code": code},
                    )
            year_plan["portfolio"].append(entry)
        year_plan["_codes"] = activity_codes
        data["year_plans"].append(year_plan)

    for year_plan in data["year_plans"]:
        source = year_plan.get("created_from")
        if source is not None and (source not in years or source == year_plan.get("school_year")):
            problems.at(
                year_plan["_loc"],
                "created_from",
                _("Onbekende verwijzing: er is geen ander jaarplan voor schooljaar %(year)s in het bestand.")
                % {"year": school_year_label(source)},
            )
        for activity in year_plan["activities"]:
            ref = activity.get("carried_over_from")
            if not ref:
                continue
            year, code = ref
            other = years.get(year)
            if other is None or other is year_plan or code not in other["_codes"].items:
                problems.at(
                    activity["_loc"],
                    "carried_over_from",
                    _("Onbekende verwijzing: er is geen activiteit %(code)s in het jaarplan %(year)s van dit bestand.")
                    % {"code": code, "year": school_year_label(year)},
                )
    for year_plan in data["year_plans"]:
        year_plan.pop("_codes", None)
    _check_unique_ids(data, problems)
    return data


def _check_unique_ids(data: dict, problems: Problems):
    """A Koers-id names one element: twice in one level means a copied row, which must lose its id."""
    keys = ("themes", "goals", "indicators", "main_activities", "year_goals", "year_plans")
    levels = {key: list(data[key]) for key in keys}
    for key in ("activities", "portfolio"):
        levels[key] = [item for year_plan in data["year_plans"] for item in year_plan[key]]
    lines = [line for y in data["year_plans"] if y.get("budget") for line in y["budget"]["lines"]]
    levels["lines"] = lines
    levels["realisations"] = [real for line in lines for real in line["realisations"]]
    for items in levels.values():
        seen: dict[int, dict] = {}
        for item in items:
            koers_id = item.get("koers_id")
            if koers_id is None:
                continue
            if koers_id in seen:
                first = seen[koers_id]["_loc"]
                problems.at(
                    item["_loc"],
                    "koers_id",
                    _(
                        "Het Koers-id %(id)s staat ook op %(place)s rij %(row)s. Een gekopieerde rij is een nieuw "
                        "onderdeel: maak bij de kopie de kolom Koers-id leeg."
                    )
                    % {"id": koers_id, "place": first.place, "row": first.row or "?"},
                )
                continue
            seen[koers_id] = item
