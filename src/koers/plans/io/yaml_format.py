"""The YAML form of a plan: nested (themes hold their goals, goals their indicators and hoofdactiviteiten).

Reading keeps the line of every key for problem reports, refuses anchors/aliases, and reads only ``true`` /
``false`` as yes/no (so a code ``NO`` or ``ja`` stays text) and numbers with a decimal point as text (so a code
``1.10`` stays ``1.10``; amounts are converted by the validator).
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

import yaml
from django.utils.translation import gettext as _

from koers.core.periods import Tertiaal, school_year_label
from koers.plans.io.errors import Problems
from koers.plans.io.schema import FIELDS, FORMAT_VERSION, LABEL_DEFAULTS, Loc

BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"


class LineDict(dict):
    line: int | None = None
    lines: dict
    duplicates: list


class AliasNotAllowed(yaml.composer.ComposerError):
    pass


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasNotAllowed(None, None, "alias", event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (BOOL_TAG, INT_TAG, FLOAT_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


def _construct_map(loader, node):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    data.duplicates = []
    yield data
    if not isinstance(node, yaml.MappingNode):  # pragma: no cover - the composer guarantees a mapping
        return
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key cannot be a list or a mapping", key_node.start_mark
            ) from None
        if key in data:
            data.duplicates.append((key, key_node.start_mark.line + 1))
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _decimal(dumper, value):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar(FLOAT_TAG, format(value.normalize(), "f"))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Decimal, _decimal)


def yaml_error_message(exc: yaml.YAMLError) -> tuple[int | None, str]:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, AliasNotAllowed):
        return mark.line + 1, _(
            "Verwijzingen met & en * (ankers en aliassen) zijn niet toegestaan (regel %(line)s); schrijf de waarde "
            "voluit."
        ) % {"line": mark.line + 1}
    if mark is not None:
        return mark.line + 1, _(
            "Het YAML-bestand is niet goed opgebouwd op regel %(line)s, kolom %(col)s (%(problem)s). "
            "Let op inspringen met spaties, een dubbele punt na elke naam en aanhalingstekens om tekst met : of #."
        ) % {"line": mark.line + 1, "col": mark.column + 1, "problem": problem}
    return None, _("Het YAML-bestand is niet goed opgebouwd (%(problem)s).") % {"problem": problem}


# ---------------------------------------------------------------- reading

NESTED = {
    "plan": ("adoptions",),
    "themes": ("goals", "indicators", "main_activities", "year_goals"),
    "goals": ("indicators", "main_activities"),
    "year_plans": ("adoptions", "activities", "budget", "portfolio"),
    "budget": ("lines",),
    "lines": ("realisations",),
}
TOP_KEYS = ("format", "plan", "themes", "goals", "indicators", "main_activities", "year_goals", "year_plans")


class _Reader:
    def __init__(self, problems: Problems):
        self.problems = problems
        self.raw = {
            "plan": None,
            "adoptions": [],
            "themes": [],
            "goals": [],
            "indicators": [],
            "main_activities": [],
            "year_goals": [],
            "year_plans": [],
        }

    def unknown(self, mapping, path, allowed):
        for key in mapping:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1)
            message = _("Onbekend veld '%(key)s'.") % {"key": key}
            if hint:
                message += " " + _("Bedoelt u '%(hint)s'?") % {"hint": hint[0]}
            self.problems.add(path, mapping.lines.get(key), str(key), message)
        for key, line in getattr(mapping, "duplicates", []):
            self.problems.add(path, line, str(key), _("Het veld '%(key)s' staat hier twee keer.") % {"key": key})

    def mapping(self, value, path, line=None) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problems.add(
            path,
            getattr(value, "line", None) or line,
            "",
            _("Hier hoort een groep velden (naam: waarde), maar er staat '%(v)s'.") % {"v": str(value)[:60]},
        )
        return None

    def items(self, value, path, line) -> list[tuple[LineDict, str]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.add(
                path, line, "", _("Hier hoort een lijst (regels die beginnen met - ), maar er staat iets anders.")
            )
            return []
        result = []
        for index, element in enumerate(value):
            element_path = f"{path}[{index}]"
            mapping = self.mapping(element, element_path, line)
            if mapping is not None:
                result.append((mapping, element_path))
        return result

    def item(self, mapping: LineDict, path: str, kind: str, extra_keys=()) -> dict:
        fields = FIELDS[kind]
        allowed = [f.key for f in fields] + list(NESTED.get(kind, ())) + list(extra_keys)
        self.unknown(mapping, path, allowed)
        raw = {f.key: mapping[f.key] for f in fields if f.key in mapping}
        raw["_loc"] = Loc(path, mapping.line, {f.key: f.key for f in fields}, dict(mapping.lines))
        return raw

    def child(self, raw, key, value, mapping, path, problem_key):
        """Set a reference implied by nesting; complain if the item names another one itself."""
        given = raw.get(key)
        if given is not None and str(given).strip() != str(value).strip():
            self.problems.add(
                path,
                mapping.lines.get(key),
                key,
                _("Dit onderdeel staat onder %(what)s '%(parent)s' maar noemt zelf '%(given)s'.")
                % {"what": problem_key, "parent": value, "given": given},
            )
        raw[key] = value

    def read(self, document) -> dict:
        if document is None:
            self.problems.add("", None, "", _("Het bestand is leeg."))
            return self.raw
        top = self.mapping(document, "", 1)
        if top is None:
            return self.raw
        self.unknown(top, "", TOP_KEYS)
        version = top.get("format")
        if version is not None and str(version).strip() not in (str(FORMAT_VERSION), f"koers-plan/{FORMAT_VERSION}"):
            self.problems.add(
                "format",
                top.lines.get("format"),
                "format",
                _("Onbekende formaatversie '%(v)s'; Koers leest versie 1.") % {"v": version},
            )
        plan = top.get("plan")
        if plan is None:
            self.problems.add("plan", None, "plan", _("Het onderdeel 'plan' (code, titel, schooljaren) ontbreekt."))
            self.raw["plan"] = {"_loc": Loc("plan", 1)}
        else:
            mapping = self.mapping(plan, "plan", top.lines.get("plan"))
            if mapping is not None:
                self.raw["plan"] = self.item(mapping, "plan", "plan")
                for adoption, path in self.items(
                    mapping.get("adoptions"), "plan.adoptions", mapping.lines.get("adoptions")
                ):
                    self.raw["adoptions"].append(self.item(adoption, path, "adoptions"))
            else:
                self.raw["plan"] = {"_loc": Loc("plan", top.lines.get("plan"))}
        for theme, path in self.items(top.get("themes"), "themes", top.lines.get("themes")):
            raw = self.item(theme, path, "themes")
            self.raw["themes"].append(raw)
            code = theme.get("code")
            for goal, goal_path in self.items(theme.get("goals"), f"{path}.goals", theme.lines.get("goals")):
                self.goal(goal, goal_path, theme_code=code)
            self.leaves(theme, path, "theme", code)
            for mapping, leaf_path in self.items(
                theme.get("year_goals"), f"{path}.year_goals", theme.lines.get("year_goals")
            ):
                leaf = self.item(mapping, leaf_path, "year_goals")
                self.child(leaf, "theme", code, mapping, leaf_path, _("thema"))
                self.raw["year_goals"].append(leaf)
        for goal, path in self.items(top.get("goals"), "goals", top.lines.get("goals")):
            self.goal(goal, path)
        for kind in ("indicators", "main_activities", "year_goals"):
            for mapping, path in self.items(top.get(kind), kind, top.lines.get(kind)):
                self.raw[kind].append(self.item(mapping, path, kind))
        for year, path in self.items(top.get("year_plans"), "year_plans", top.lines.get("year_plans")):
            self.year_plan(year, path)
        return self.raw

    def goal(self, mapping, path, theme_code=None):
        raw = self.item(mapping, path, "goals")
        if theme_code is not None:
            self.child(raw, "theme", theme_code, mapping, path, _("thema"))
        self.raw["goals"].append(raw)
        self.leaves(mapping, path, "goal", mapping.get("code"))

    def leaves(self, mapping, path, parent_key, parent_code):
        for kind in ("indicators", "main_activities"):
            for leaf, leaf_path in self.items(mapping.get(kind), f"{path}.{kind}", mapping.lines.get(kind)):
                raw = self.item(leaf, leaf_path, kind)
                self.child(
                    raw, parent_key, parent_code, leaf, leaf_path, _("thema") if parent_key == "theme" else _("doel")
                )
                self.raw[kind].append(raw)

    def year_plan(self, mapping, path):
        raw = self.item(mapping, path, "year_plans")
        raw["adoptions"] = [
            self.item(m, p, "adoptions")
            for m, p in self.items(mapping.get("adoptions"), f"{path}.adoptions", mapping.lines.get("adoptions"))
        ]
        raw["activities"] = [
            self.item(m, p, "activities")
            for m, p in self.items(mapping.get("activities"), f"{path}.activities", mapping.lines.get("activities"))
        ]
        raw["portfolio"] = [
            self.item(m, p, "portfolio")
            for m, p in self.items(mapping.get("portfolio"), f"{path}.portfolio", mapping.lines.get("portfolio"))
        ]
        raw["budget"] = None
        if mapping.get("budget") is not None:
            budget = self.mapping(mapping["budget"], f"{path}.budget", mapping.lines.get("budget"))
            if budget is not None:
                raw["budget"] = self.item(budget, f"{path}.budget", "budget")
                raw["budget"]["lines"] = []
                for line, line_path in self.items(
                    budget.get("lines"), f"{path}.budget.lines", budget.lines.get("lines")
                ):
                    raw_line = self.item(line, line_path, "lines")
                    raw_line["realisations"] = [
                        self.item(m, p, "realisations")
                        for m, p in self.items(
                            line.get("realisations"), f"{line_path}.realisations", line.lines.get("realisations")
                        )
                    ]
                    raw["budget"]["lines"].append(raw_line)
        self.raw["year_plans"].append(raw)


def read_yaml(data: bytes, problems: Problems) -> dict | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(
            "",
            None,
            "",
            _("Het bestand is geen tekst in UTF-8; sla het op als UTF-8 (YAML) of kies een Excel-bestand."),
        )
        return None
    if "\x00" in text:
        problems.add("", None, "", _("Het bestand is geen YAML-tekst (het bevat binaire gegevens)."))
        return None
    if not text.strip():
        problems.add("", None, "", _("Het bestand is leeg."))
        return None
    try:
        document = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a restricted SafeLoader
    except yaml.YAMLError as exc:
        line, message = yaml_error_message(exc)
        problems.add("", line, "", message)
        return None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # e.g. an impossible date 2024-02-31
        problems.add("", None, "", _("Het YAML-bestand bevat een waarde die niet te lezen is: %(e)s") % {"e": exc})
        return None
    return _Reader(problems).read(document)


# ---------------------------------------------------------------- writing


def _compact(item: dict, fields, *, keep=()) -> dict:
    """The fields of an item in schema order, leaving out empty optional values."""
    out = {}
    for f in fields:
        if f.key not in item:
            continue
        value = item[f.key]
        if f.key not in keep and not f.required and value in (None, "", [], {}, False):
            continue
        if f.key == "status" and value == "niet_gestart":
            continue
        if f.key == "period" and value == "schooljaar":
            continue
        if f.key == "norm_kind" and value == "geen":
            continue
        if f.key == "kind" and value in ("hoofdactiviteit", "besproken"):
            continue
        if f.kind == "school_year" and value is not None:
            value = school_year_label(value)
        elif f.kind == "school_years":
            value = [school_year_label(y) for y in value]
        elif f.kind == "tertiaal":
            value = str(Tertiaal.parse(value))
        elif f.kind == "activity_ref" and value:
            value = f"{school_year_label(value[0])}/{value[1]}"
        elif f.kind == "holders":
            value = [f"{h['name']} ({h['function']})" if h["function"] else h["name"] for h in value]
        out[f.key] = value
    return out


def _parent_of(item) -> tuple[str, str | None]:
    if item.get("goal"):
        return "goal", item["goal"]
    if item.get("theme"):
        return "theme", item["theme"]
    return "plan", None


def dump_yaml(data: dict) -> bytes:
    """Write the clean structure as nested YAML (deterministic: same data, same bytes)."""
    plan = _compact(data["plan"], FIELDS["plan"])
    for key, default in LABEL_DEFAULTS.items():
        if plan.get(key) == default:
            plan.pop(key)
    if data["adoptions"]:
        plan["adoptions"] = [_compact(a, FIELDS["adoptions"]) for a in data["adoptions"]]
    goals_by_theme: dict[str, list] = {}
    for goal in data["goals"]:
        goals_by_theme.setdefault(goal.get("theme") or "", []).append(goal)

    def leaves(out, parent_key, code):
        for kind in ("indicators", "main_activities"):
            children = [item for item in data[kind] if _parent_of(item) == (parent_key, code)]
            if children:
                fields = [f for f in FIELDS[kind] if f.key not in ("goal", "theme")]
                out[kind] = [_compact(c, fields) for c in children]

    def goal_out(goal):
        out = _compact(goal, [f for f in FIELDS["goals"] if f.key != "theme"])
        leaves(out, "goal", goal["code"])
        return out

    document = {"format": FORMAT_VERSION, "plan": plan}
    themes = []
    for theme in data["themes"]:
        out = _compact(theme, FIELDS["themes"])
        goals = [goal_out(g) for g in goals_by_theme.get(theme["code"], [])]
        if goals:
            out["goals"] = goals
        leaves(out, "theme", theme["code"])
        year_goals = [g for g in data["year_goals"] if g.get("theme") == theme["code"]]
        if year_goals:
            out["year_goals"] = [_compact(g, [f for f in FIELDS["year_goals"] if f.key != "theme"]) for g in year_goals]
        themes.append(out)
    if themes:
        document["themes"] = themes
    loose = [goal_out(g) for g in goals_by_theme.get("", [])]
    if loose:
        document["goals"] = loose
    leaves(document, "plan", None)
    plan_goals = [g for g in data["year_goals"] if not g.get("theme")]
    if plan_goals:
        document["year_goals"] = [_compact(g, FIELDS["year_goals"]) for g in plan_goals]
    year_plans = []
    for year_plan in data["year_plans"]:
        out = _compact(year_plan, FIELDS["year_plans"])
        if year_plan["adoptions"]:
            out["adoptions"] = [_compact(a, FIELDS["adoptions"]) for a in year_plan["adoptions"]]
        if year_plan["activities"]:
            out["activities"] = [_activity_out(a) for a in year_plan["activities"]]
        budget = year_plan.get("budget")
        if budget is not None:
            budget_out = _compact(budget, FIELDS["budget"], keep=("total", "mandatory_contributions"))
            if budget["lines"]:
                budget_out["lines"] = []
                for line in budget["lines"]:
                    line_out = _compact(line, FIELDS["lines"])
                    if line["realisations"]:
                        line_out["realisations"] = [_compact(r, FIELDS["realisations"]) for r in line["realisations"]]
                    budget_out["lines"].append(line_out)
            out["budget"] = budget_out
        if year_plan["portfolio"]:
            out["portfolio"] = [_compact(p, FIELDS["portfolio"]) for p in year_plan["portfolio"]]
        year_plans.append(out)
    if year_plans:
        document["year_plans"] = year_plans
    header = (
        "# Koers-plan (formaat 1). Uitleg van elk veld: docs/plan-importformaat.md\n"
        "# Inlezen: koers plan import BESTAND, of in Koers via Plannen > jaarplan > Importeer plan.\n"
    )
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    return (header + body).encode("utf-8")


def _activity_out(activity):
    """Only the most specific place is written: a hoofdactiviteit implies its doel and thema."""
    item = dict(activity)
    if item.get("main_activity"):
        item["goal"] = item["theme"] = ""
    elif item.get("goal"):
        item["theme"] = ""
    return _compact(item, FIELDS["activities"])
