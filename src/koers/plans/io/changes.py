"""What an import changes, before anything is saved: match the file's elements to the plan's, list the changes.

:func:`plan_changes` reads the plan as the export would write it (:func:`koers.plans.io.exporter.plan_data`) and
compares it with the clean structure of the file. It only reads the database. It marks every element of the
file with the primary key of the element it updates (``item["_pk"]``, ``None`` for a new one), which the
importer then writes; so the preview and the import are the same decision.

Matching, per level:

- **Koers-id** (``koers_id``, written by every export): a row with an id updates that element, wherever the row
  stands and whatever its code; a row without an id is new; an element whose id is not in the file is removed.
  An id of another plan, another jaarplan or another samenwerkingsverband is a problem, never used.
- A file **without any Koers-id** (typed by hand) is matched as before: themes, doelen, indicatoren,
  hoofdactiviteiten and activities on their code, jaarplannen on their schooljaar, realisaties on their
  tertiaal, begrotingsregels and portefeuilles on their position. An activity without a code is matched on its
  description, or on its position only when that activity has no progress (voortgangsupdates): progress is
  never moved to another activity; otherwise it counts as one new and one removed activity.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.periods import Tertiaal, school_year_label
from koers.plans.io.errors import Problems
from koers.plans.io.schema import FIELDS, SHEET_BY_KEY

# level key -> key in FIELDS
FIELD_KEYS = {
    "plan": "plan",
    "themes": "themes",
    "goals": "goals",
    "indicators": "indicators",
    "main_activities": "main_activities",
    "year_goals": "year_goals",
    "year_plans": "year_plans",
    "adoptions": "adoptions",
    "activities": "activities",
    "budgets": "budget",
    "budget_lines": "lines",
    "realisations": "realisations",
    "portfolio": "portfolio",
}
LEVELS = list(FIELD_KEYS)
KINDS = ("added", "changed", "moved", "removed")
NOT_COMPARED = {"koers_id", "adoptions", "activities", "budget", "portfolio", "lines", "realisations"}


def singular(level: str) -> str:
    return {
        "themes": _("thema"),
        "goals": _("doel"),
        "indicators": _("indicator"),
        "main_activities": _("hoofdactiviteit"),
        "year_goals": _("jaardoel"),
        "year_plans": _("jaarplan"),
        "activities": _("activiteit"),
        "budget_lines": _("begrotingsregel"),
        "realisations": _("realisatie"),
        "portfolio": _("portefeuille"),
    }.get(level, level)


def level_name(level: str) -> str:
    return str(SHEET_BY_KEY[level].name)


def kind_label(kind: str, n: int) -> str:
    return {
        "added": ngettext("%(n)s toegevoegd", "%(n)s toegevoegd", n),
        "changed": ngettext("%(n)s gewijzigd", "%(n)s gewijzigd", n),
        "moved": ngettext("%(n)s verplaatst", "%(n)s verplaatst", n),
        "removed": ngettext("%(n)s verwijderd", "%(n)s verwijderd", n),
    }[kind] % {"n": n}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    level: str
    kind: str  # added | changed | moved | removed
    label: str
    context: str = ""  # e.g. the jaarplan it belongs to
    fields: list[FieldChange] = field(default_factory=list)
    note: str = ""  # e.g. what is lost with a removed activity
    koers_id: int | None = None

    @property
    def level_name(self) -> str:
        return level_name(self.level)


class ChangeSet:
    """The changes of one import, grouped per level; ``summary()`` is the line the user sees."""

    def __init__(self, plan=None):
        self.plan = plan  # the plan the file updates; None for a new plan
        self.items: list[Change] = []
        self.by_ids = False  # the file carries Koers-ids
        self.locked = ""  # why the import needs a reason ("" when it does not)

    def add(self, change: Change):
        self.items.append(change)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.items if c.kind == kind)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in KINDS}

    @property
    def removed(self) -> list[Change]:
        return [c for c in self.items if c.kind == "removed"]

    def __bool__(self):
        return bool(self.items)

    def summary(self) -> str:
        parts = [kind_label(kind, n) for kind, n in self.counts.items() if n or kind in ("added", "changed", "removed")]
        return ", ".join(parts) if self.items else _("geen wijzigingen")

    def levels(self) -> list[dict]:
        """Per level with changes: name, counts and the changes (added, changed, moved, removed)."""
        out = []
        for level in LEVELS:
            changes = [c for c in self.items if c.level == level]
            if not changes:
                continue
            changes.sort(key=lambda c: KINDS.index(c.kind))
            counts = Counter(c.kind for c in changes)
            out.append(
                {
                    "level": level,
                    "name": level_name(level),
                    "changes": changes,
                    "summary": ", ".join(kind_label(k, counts[k]) for k in KINDS if counts[k]),
                }
            )
        return out

    def as_tuples(self) -> set[tuple[str, str, str]]:
        """(level, kind, label) of every change, for tests and comparisons."""
        return {(c.level, c.kind, c.label) for c in self.items}

    def digest(self) -> str:
        text = repr(
            sorted(
                (c.level, c.kind, c.label, c.context, tuple((f.label, f.old, f.new) for f in c.fields))
                for c in self.items
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def lines(self) -> list[str]:
        """The change set as plain text lines (the CLI preview)."""
        out = []
        for group in self.levels():
            out.append(f"{group['name']}: {group['summary']}")
            for change in group["changes"]:
                sign = {"added": "+", "changed": "~", "moved": "↕", "removed": "-"}[change.kind]
                where = f" ({change.context})" if change.context else ""
                out.append(f"  {sign} {change.label}{where}")
                for f in change.fields:
                    out.append(f"      {f.label}: {f.old} → {f.new}")
                if change.note:
                    out.append(f"      {change.note}")
        return out


def display(f, value) -> str:
    from koers.plans.io.excel_format import _cell

    shown = _cell(f, value)
    if shown is None or shown == "":
        return "–"
    if hasattr(shown, "strftime"):
        return shown.strftime("%d-%m-%Y")
    text = str(shown)
    return text if len(text) <= 200 else text[:197] + "..."


def _label(level: str, item: dict) -> str:
    def short(text):
        text = " ".join(str(text or "").split())
        return text if len(text) <= 80 else text[:77] + "..."

    if level == "plan":
        return f"{item.get('code')} {short(item.get('title'))}".strip()
    if level == "year_plans":
        return school_year_label(item["school_year"]) if item.get("school_year") else short(item.get("title"))
    if level == "activities":
        return f"{item.get('code') or ''} {short(item.get('description'))}".strip()
    if level in ("themes", "goals", "indicators", "main_activities"):
        return f"{item.get('code') or ''} {short(item.get('title'))}".strip()
    if level == "year_goals":
        year = school_year_label(item["school_year"]) if item.get("school_year") else "?"
        return f"{year} {short(item.get('title'))}"
    if level == "budget_lines":
        return short(item.get("label") or item.get("code")) or _("regel zonder omschrijving")
    if level == "realisations":
        return str(Tertiaal.parse(item["tertiaal"])) if item.get("tertiaal") else "?"
    if level == "portfolio":
        return short(item.get("label"))
    if level == "adoptions":
        day = item.get("date")
        return f"{item.get('gremium')} ({item.get('kind')}, {day.strftime('%d-%m-%Y') if day else '?'})"
    if level == "budgets":
        return _("begroting")
    return short(str(item))


def _field_changes(level: str, old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for f in FIELDS[FIELD_KEYS[level]]:
        if f.key in NOT_COMPARED:
            continue
        before, after = old.get(f.key), new.get(f.key)
        if _same(before, after):
            continue
        changes.append(FieldChange(str(f.header), display(f, before), display(f, after)))
    return changes


def _same(a, b) -> bool:
    empty = (None, "", [], {})
    if a in empty and b in empty:
        return True
    return a == b


def _stable(sequence: list[int]) -> set[int]:
    """Positions (in ``sequence``) of a longest increasing subsequence: the elements that kept their order."""
    n = len(sequence)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if sequence[j] < sequence[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: best[k])
    keep = set()
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


class _Matcher:
    def __init__(self, changes: ChangeSet, problems: Problems, old: dict, progress: dict):
        self.changes = changes
        self.problems = problems
        self.by_ids = changes.by_ids
        self.progress = progress  # level -> {pk: note about what hangs on it}
        self.owner: dict[str, dict[int, str]] = {}  # level -> {pk: where it is in the plan}
        for year_plan in old["year_plans"]:
            year = school_year_label(year_plan["school_year"])
            for key, level in (("activities", "activities"), ("portfolio", "portfolio")):
                for item in year_plan[key]:
                    self.owner.setdefault(level, {})[item["koers_id"]] = _("jaarplan %(year)s") % {"year": year}
            for line in (year_plan["budget"] or {}).get("lines", []):
                self.owner.setdefault("budget_lines", {})[line["koers_id"]] = _("jaarplan %(year)s") % {"year": year}
                for real in line["realisations"]:
                    self.owner.setdefault("realisations", {})[real["koers_id"]] = _(
                        "begrotingsregel '%(line)s' van %(year)s"
                    ) % {"line": _label("budget_lines", line), "year": year}

    def match(self, level, old_items, new_items, *, key=None, context="", here="", positional=False) -> list:
        """Set ``_pk`` on every new item, record the changes; return the (old, new) pairs that were matched."""
        old_by_id = {o["koers_id"]: o for o in old_items}
        claimed: dict[int, dict] = {}
        for item in new_items:
            item["_pk"] = None
        if self.by_ids:
            for item in new_items:
                koers_id = item.get("koers_id")
                if koers_id is None:
                    continue
                if koers_id in old_by_id and koers_id not in claimed:
                    item["_pk"] = koers_id
                    claimed[koers_id] = item
                    continue
                elsewhere = self.owner.get(level, {}).get(koers_id)
                if elsewhere:
                    message = _(
                        "Het Koers-id %(id)s hoort bij een onderdeel in %(other)s, niet in %(here)s. Verplaatsen "
                        "tussen jaarplannen of begrotingsregels kan niet: maak de kolom Koers-id leeg om het hier "
                        "als nieuw onderdeel in te lezen (het oude wordt dan verwijderd)."
                    ) % {"id": koers_id, "other": elsewhere, "here": here or _("dit onderdeel")}
                else:
                    message = _(
                        "Het Koers-id %(id)s hoort niet bij een %(level)s van dit plan: het komt uit een ander plan "
                        "of samenwerkingsverband, of het onderdeel is intussen verwijderd. Maak de kolom Koers-id "
                        "leeg om de rij als nieuw onderdeel in te lezen."
                    ) % {"id": koers_id, "level": singular(level)}
                self.problems.at(item["_loc"], "koers_id", message)
        else:
            free = list(old_items)
            if key is not None:
                by_key = {}
                for o in free:
                    by_key.setdefault(key(o), o)
                for item in new_items:
                    if item.get("_auto_code"):
                        continue
                    found = by_key.get(key(item))
                    if found is not None and found["koers_id"] not in claimed:
                        item["_pk"] = found["koers_id"]
                        claimed[found["koers_id"]] = item
            if level == "activities":
                self._match_uncoded(old_items, new_items, claimed)
            elif positional:
                for old, item in zip(old_items, new_items, strict=False):
                    if old["koers_id"] not in claimed and item["_pk"] is None:
                        item["_pk"] = old["koers_id"]
                        claimed[old["koers_id"]] = item

        pairs = []
        for index, item in enumerate(new_items):
            if item["_pk"] is None:
                self.changes.add(Change(level, "added", _label(level, item), context))
            else:
                old = old_by_id[item["_pk"]]
                pairs.append((old, item, old_items.index(old), index))
        stable = _stable([p[2] for p in pairs])
        for position, (old, item, old_index, new_index) in enumerate(pairs):
            fields = _field_changes(level, old, item)
            moved = position not in stable
            if fields:
                if moved:
                    fields.append(FieldChange(_("Volgorde"), str(old_index + 1), str(new_index + 1)))
                kind = "changed"
            elif moved:
                kind = "moved"
            else:
                continue
            self.changes.add(Change(level, kind, _label(level, item), context, fields, koers_id=old["koers_id"]))
        for old in old_items:
            if old["koers_id"] not in claimed:
                note = self.progress.get(level, {}).get(old["koers_id"], "")
                self.changes.add(
                    Change(level, "removed", _label(level, old), context, note=note, koers_id=old["koers_id"])
                )
        return [(old, item) for old, item, _o, _n in pairs]

    def _match_uncoded(self, old_items, new_items, claimed):
        """Activities without a code: on the description; on the position only when no progress can move."""
        with_progress = self.progress.get("activities", {})
        uncoded = [item for item in new_items if item.get("_auto_code") and item["_pk"] is None]
        for item in uncoded:
            same = [
                o
                for o in old_items
                if o["koers_id"] not in claimed and o["description"].casefold() == item["description"].casefold()
            ]
            if len(same) == 1 or (same and same[0]["code"] == item["code"]):
                item["_pk"] = same[0]["koers_id"]
                claimed[item["_pk"]] = item
        for item in uncoded:
            if item["_pk"] is not None:
                continue
            at_position = next((o for o in old_items if o["code"] == item["code"]), None)
            if at_position is None or at_position["koers_id"] in claimed:
                continue
            if at_position["koers_id"] in with_progress:
                item["_ambiguous"] = at_position["koers_id"]  # new; the activity at its place is removed
                continue
            item["_pk"] = at_position["koers_id"]
            claimed[item["_pk"]] = item


def _progress(swv, plan) -> dict:
    """Per level: {pk: Dutch note on what is lost when that element is removed}."""
    from koers.plans.models import ActivityUpdate

    if plan is None:
        return {}
    updates = (
        ActivityUpdate.objects.for_swv(swv)
        .filter(activity__year_plan__plan=plan)
        .values("activity_id")
        .annotate(n=Count("id"))
    )
    notes = {
        "activities": {
            row["activity_id"]: ngettext(
                "Let op: met %(n)s voortgangsupdate.", "Let op: met %(n)s voortgangsupdates.", row["n"]
            )
            % {"n": row["n"]}
            for row in updates
        }
    }
    return notes


def _has_ids(data: dict) -> bool:
    def walk(value):
        if isinstance(value, dict):
            if value.get("koers_id") is not None:
                return True
            return any(walk(v) for k, v in value.items() if not str(k).startswith("_"))
        if isinstance(value, list):
            return any(walk(v) for v in value)
        return False

    return walk(data)


def find_plan(clean: dict, swv, problems: Problems):
    """The plan the file updates (by Koers-id, else by code), or None for a new plan."""
    from koers.plans.models import Plan

    meta = clean["plan"]
    koers_id = meta.get("koers_id")
    by_code = Plan.objects.for_swv(swv).filter(code=meta.get("code")).first()
    if koers_id is None:
        return by_code
    plan = Plan.objects.for_swv(swv).filter(pk=koers_id).first()
    if plan is None:
        problems.at(
            meta["_loc"],
            "koers_id",
            _(
                "Het Koers-id %(id)s hoort niet bij een plan van uw samenwerkingsverband. Maak het veld Koers-id "
                "(en de kolom Koers-id op de andere bladen) leeg om het bestand als nieuw plan in te lezen."
            )
            % {"id": koers_id},
        )
        return None
    if by_code is not None and by_code.pk != plan.pk:
        problems.at(
            meta["_loc"],
            "code",
            _("Er is al een ander plan met de code '%(code)s' in uw samenwerkingsverband.") % {"code": meta["code"]},
        )
    return plan


def plan_changes(clean: dict, swv, *, filename: str = "") -> ChangeSet:
    """Match the file to the plan it updates and list the changes; reads only. Problems: PlanImportError."""
    from koers.plans.io.exporter import plan_data
    from koers.plans.services import lock_reason_required

    problems = Problems(filename)
    plan = find_plan(clean, swv, problems)
    changes = ChangeSet(plan)
    changes.by_ids = _has_ids(clean)
    if plan is not None:
        old = plan_data(plan)
        changes.locked = lock_reason_required(plan, with_year_plans=True)
    else:
        old = {
            "plan": {},
            "adoptions": [],
            "themes": [],
            "goals": [],
            "indicators": [],
            "main_activities": [],
            "year_goals": [],
        }
        old["year_plans"] = []
    matcher = _Matcher(changes, problems, old, _progress(swv, plan))

    if plan is None:
        changes.add(Change("plan", "added", _label("plan", clean["plan"])))
    else:
        fields = _field_changes("plan", old["plan"], clean["plan"])
        if fields:
            changes.add(Change("plan", "changed", _label("plan", clean["plan"]), "", fields, koers_id=plan.pk))
    _adoptions(changes, old["adoptions"], clean["adoptions"], "")
    code = lambda item: item.get("code")  # noqa: E731
    for level in ("themes", "goals", "indicators", "main_activities"):
        matcher.match(level, old[level], clean[level], key=code)
    matcher.match("year_goals", old["year_goals"], clean["year_goals"], positional=True)
    year_pairs = matcher.match("year_plans", old["year_plans"], clean["year_plans"], key=lambda i: i.get("school_year"))
    old_of = {id(item): old for old, item in year_pairs}
    for year_plan in clean["year_plans"]:
        before = old_of.get(id(year_plan)) or {"activities": [], "portfolio": [], "budget": None, "adoptions": []}
        year = school_year_label(year_plan["school_year"]) if year_plan.get("school_year") else "?"
        context = _("jaarplan %(year)s") % {"year": year}
        _adoptions(changes, before["adoptions"], year_plan["adoptions"], context)
        matcher.match(
            "activities", before["activities"], year_plan["activities"], key=code, context=context, here=context
        )
        for item in year_plan["activities"]:
            if ambiguous := item.pop("_ambiguous", None):
                for change in changes.items:
                    if change.level == "activities" and change.kind == "removed" and change.koers_id == ambiguous:
                        change.note = (change.note + " " if change.note else "") + _(
                            "Er staat nu een andere activiteit zonder code op deze plaats; Koers koppelt de "
                            "voortgang niet op volgorde aan een andere activiteit. Geef de activiteiten een code "
                            "om ze te koppelen."
                        )
        matcher.match(
            "portfolio", before["portfolio"], year_plan["portfolio"], context=context, here=context, positional=True
        )
        old_budget, new_budget = before["budget"], year_plan["budget"]
        if old_budget is None and new_budget is not None:
            changes.add(Change("budgets", "added", _label("budgets", new_budget), context))
        elif old_budget is not None and new_budget is None:
            changes.add(Change("budgets", "removed", _label("budgets", old_budget), context))
        elif old_budget is not None:
            fields = _field_changes("budgets", old_budget, new_budget)
            if fields:
                changes.add(Change("budgets", "changed", _label("budgets", new_budget), context, fields))
        old_lines = (old_budget or {}).get("lines", [])
        new_lines = (new_budget or {}).get("lines", [])
        line_pairs = matcher.match("budget_lines", old_lines, new_lines, context=context, here=context, positional=True)
        old_line = {id(item): old for old, item in line_pairs}
        for line in new_lines:
            before_line = old_line.get(id(line))
            line_context = _("%(year)s, regel '%(line)s'") % {"year": year, "line": _label("budget_lines", line)}
            matcher.match(
                "realisations",
                before_line["realisations"] if before_line else [],
                line["realisations"],
                key=lambda r: r.get("tertiaal"),
                context=line_context,
                here=_("begrotingsregel '%(line)s' van %(year)s")
                % {"line": _label("budget_lines", line), "year": year},
            )
        for old in old_lines:
            if old not in old_line.values() and old["realisations"]:
                for change in changes.items:
                    if change.level == "budget_lines" and change.koers_id == old["koers_id"]:
                        change.note = ngettext(
                            "Let op: met %(n)s realisatie.", "Let op: met %(n)s realisaties.", len(old["realisations"])
                        ) % {"n": len(old["realisations"])}
    problems.raise_if_any()
    return changes


def _adoptions(changes: ChangeSet, old_items, new_items, context):
    """Besprekingen have no identity: they are compared as a whole; the import replaces them."""

    def key(item):
        return (item.get("gremium", "").casefold(), item.get("kind"), item.get("date"), item.get("note") or "")

    before = Counter(key(i) for i in old_items)
    after = Counter(key(i) for i in new_items)
    for items, surplus, kind in ((new_items, after - before, "added"), (old_items, before - after, "removed")):
        for item in items:
            if surplus[key(item)] > 0:
                surplus[key(item)] -= 1
                changes.add(Change("adoptions", kind, _label("adoptions", item), context))
