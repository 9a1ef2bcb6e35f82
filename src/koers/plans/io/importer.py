"""Read a plan file (YAML or Excel) into Koers, all or nothing.

``import_plan_file(path, swv=...)`` and ``import_plan(data_or_stream, swv=..., fmt=...)`` return the saved
:class:`~koers.plans.models.Plan`, or raise :class:`PlanImportError` with every problem found (file, sheet or
YAML path, row, column, Dutch message). Nothing is saved when there is any problem.

The file updates the plan it names (by Koers-id, else by code) in place. Every element is matched to the plan's
by its Koers-id (``koers_id``, written by every export) or, in a file without ids, by code, schooljaar and
position (see :mod:`koers.plans.io.changes`, which also lists the changes before anything is written:
:func:`preview_plan`). Matched records keep their id, so progress updates, voortgangsrondes, metingen,
realisaties and rapportages stay attached. Whatever the file no longer holds is deleted (with what hangs under
it). Besprekingen have no identity: they are replaced as a whole.
Owners, betrokkenen, medewerkers and gremia are looked up by name in the SWV and created when missing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from koers.core.importing import Limits, too_large_message
from koers.organisations.models import Actor, Gremium, StaffMember
from koers.plans.io.changes import ChangeSet, plan_changes
from koers.plans.io.errors import PlanChangedError, PlanImportError, Problem, Problems, file_problem
from koers.plans.io.validate import clean_plan_data
from koers.plans.models import (
    Activity,
    Adoption,
    Budget,
    BudgetLine,
    BudgetRealisation,
    Goal,
    Indicator,
    MainActivity,
    Plan,
    PortfolioEntry,
    Theme,
    YearGoal,
    YearPlan,
)

logger = logging.getLogger(__name__)


def max_bytes() -> int:
    """The largest plan file Koers reads: the limit of every import (KOERS_IMPORT_MAX_BYTES, 50 MB by default)."""
    return Limits.current().max_bytes


FORMAT_ALIASES = {"yaml": "yaml", "yml": "yaml", "xlsx": "xlsx", "excel": "xlsx", "xlsm": "xlsx"}

__all__ = [
    "ImportResult",
    "PlanImportError",
    "Problem",
    "import_plan",
    "import_plan_file",
    "parse_plan",
    "preview_plan",
    "run_import",
]


def guess_format(filename: str, data: bytes) -> str:
    suffix = Path(filename or "").suffix.lower().lstrip(".")
    if suffix in FORMAT_ALIASES:
        return FORMAT_ALIASES[suffix]
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xlsx"
    return "yaml"


def _read_bytes(data_or_stream) -> bytes:
    if isinstance(data_or_stream, bytes | bytearray | memoryview):
        return bytes(data_or_stream)
    if isinstance(data_or_stream, str):
        return data_or_stream.encode("utf-8")
    if hasattr(data_or_stream, "chunks"):  # Django UploadedFile
        out = bytearray()
        for chunk in data_or_stream.chunks():
            out += chunk
            if len(out) > max_bytes():
                break
        return bytes(out)
    if hasattr(data_or_stream, "read"):
        data = data_or_stream.read(max_bytes() + 1)
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise TypeError("import_plan expects bytes, str, a dict or a file-like object")


def _to_line_dicts(value):
    from koers.plans.io.yaml_format import LineDict

    if isinstance(value, dict):
        out = LineDict({k: _to_line_dicts(v) for k, v in value.items()})
        out.lines, out.duplicates = {}, []
        return out
    if isinstance(value, list):
        return [_to_line_dicts(v) for v in value]
    return value


def parse_plan(data_or_stream, *, fmt: str | None = None, filename: str = "") -> dict:
    """Read and validate a plan file; the clean structure, or PlanImportError. Touches no database."""
    problems = Problems(filename)
    if isinstance(data_or_stream, dict):
        from koers.plans.io.yaml_format import _Reader

        raw = _Reader(problems).read(_to_line_dicts(data_or_stream))
    else:
        data = _read_bytes(data_or_stream)
        if len(data) > max_bytes():
            problems.add("", None, "", too_large_message(max_bytes()))
            problems.raise_if_any()
        fmt = FORMAT_ALIASES.get((fmt or "").lower().lstrip(".")) or guess_format(filename, data)
        if not data.strip():
            problems.add("", None, "", _("Het bestand is leeg."))
            problems.raise_if_any()
        if fmt == "xlsx":
            from koers.plans.io.excel_format import read_xlsx

            raw = read_xlsx(data, problems)
        else:
            from koers.plans.io.yaml_format import read_yaml

            raw = read_yaml(data, problems)
    if raw is None:  # the file could not be read at all
        problems.raise_if_any()
    clean = clean_plan_data(raw, problems)
    problems.raise_if_any()
    return clean


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do): the plan and the change set."""

    plan: Plan | None
    changes: ChangeSet
    dry_run: bool = False

    def summary(self) -> str:
        return self.changes.summary()


def import_plan(
    data_or_stream, *, swv, fmt: str | None = None, user=None, filename: str = "", reason: str = ""
) -> Plan:
    """Import a plan into ``swv``; all or nothing. The saved plan; see :func:`run_import`."""
    return run_import(data_or_stream, swv=swv, fmt=fmt, user=user, filename=filename, reason=reason).plan


def preview_plan(data_or_stream, *, swv, fmt: str | None = None, filename: str = "") -> ImportResult:
    """What importing the file would change, without writing anything."""
    return run_import(data_or_stream, swv=swv, fmt=fmt, filename=filename, dry_run=True)


def run_import(
    data_or_stream,
    *,
    swv,
    fmt: str | None = None,
    user=None,
    filename: str = "",
    reason: str = "",
    dry_run: bool = False,
    expected_digest: str | None = None,
) -> ImportResult:
    """Import a plan into ``swv`` (all or nothing), or with ``dry_run`` only list what would change.

    The file's elements are matched to the plan's by Koers-id (or, in a file without ids, by code and position:
    see :mod:`koers.plans.io.changes`). Replacing a plan that is already adopted (the plan or one of its
    jaarplannen) needs a ``reason``; the import is then recorded as an amendment (wijziging na vaststelling),
    like any other change after adoption: the rule is ``koers.plans.services.change_plan``'s.

    With ``expected_digest`` (the digest of the change set the user confirmed) a plan that changed meanwhile is
    not written: :class:`~koers.plans.io.errors.PlanChangedError` carries the new change set.
    """
    try:
        clean = parse_plan(data_or_stream, fmt=fmt, filename=filename)
        if dry_run:
            changes = plan_changes(clean, swv, filename=filename)
            return ImportResult(changes.plan, changes, dry_run=True)
        with transaction.atomic():
            changes = plan_changes(clean, swv, filename=filename)
            if expected_digest is not None and changes.digest() != expected_digest:
                raise PlanChangedError(changes)
            plan, changes = _Writer(swv, filename, user=user).replace(clean, reason=reason, changes=changes)
            return ImportResult(plan, changes)
    except (PlanImportError, PlanChangedError):
        raise
    except (DatabaseError, ValidationError) as exc:
        logger.warning("plan import %s failed while saving: %s", filename, exc)
        raise PlanImportError(
            [file_problem(filename, _("Het plan kon niet worden opgeslagen: %(e)s") % {"e": exc})]
        ) from exc
    except (RecursionError, MemoryError) as exc:
        raise PlanImportError([file_problem(filename, _("Het bestand is te groot of te diep genest."))]) from exc
    except Exception as exc:  # a file must never crash Koers: report it, log it for the developers
        logger.exception("unexpected error importing plan file %s", filename)
        raise PlanImportError(
            [
                file_problem(
                    filename,
                    _("Het bestand kon niet worden verwerkt (%(e)s).") % {"e": type(exc).__name__},
                )
            ]
        ) from exc


def read_plan_file(path) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > max_bytes():  # refused before a byte is read
            raise PlanImportError([file_problem(path.name, too_large_message(max_bytes()))])
        with path.open("rb") as stream:
            data = stream.read(max_bytes() + 1)
        if len(data) > max_bytes():
            raise PlanImportError([file_problem(path.name, too_large_message(max_bytes()))])
        return data
    except OSError as exc:
        raise PlanImportError(
            [
                file_problem(
                    path.name,
                    _("Het bestand kan niet worden gelezen: %(e)s") % {"e": exc.strerror or exc},
                )
            ]
        ) from exc


def import_plan_file(path, *, swv, user=None, fmt: str | None = None, reason: str = "") -> Plan:
    path = Path(path)
    data = read_plan_file(path)
    return import_plan(data, swv=swv, fmt=fmt or path.suffix, user=user, filename=path.name, reason=reason)


GREMIUM_KINDS = [
    ("toezicht", "RvT"),
    ("aangeslotenen", "RvA"),
    ("algemeen bestuur", "RvA"),
    ("ondersteuningsplanraad", "OPR"),
    ("opr", "OPR"),
    ("medezeggenschap", "MR"),
    ("oogo", "OOGO"),
    ("bestuur", "bestuur"),
    ("team", "team"),
]


def gremium_kind(name: str) -> str:
    lowered = f" {name.lower()} "
    for word, kind in GREMIUM_KINDS:
        if word in lowered or lowered.strip() == kind.lower():
            return kind
    return "overig"


class _Writer:
    def __init__(self, swv, filename, *, user=None):
        self.swv = swv
        self.filename = filename
        self.user = user
        self.actors: dict[str, Actor] = {}
        self.gremia: dict[str, Gremium] = {}
        self.staff: dict[str, StaffMember] = {}

    # -- organisation records referenced by name

    def actor(self, name: str) -> Actor:
        key = name.casefold()
        if key not in self.actors:
            actor = Actor.objects.for_swv(self.swv).filter(name__iexact=name).first()
            self.actors[key] = actor or Actor.objects.create(swv=self.swv, name=name, kind=Actor.Kind.ROLE)
        return self.actors[key]

    def gremium(self, name: str) -> Gremium:
        key = name.casefold()
        if key not in self.gremia:
            gremium = Gremium.objects.for_swv(self.swv).filter(name__iexact=name).first()
            self.gremia[key] = gremium or Gremium.objects.create(swv=self.swv, name=name, kind=gremium_kind(name))
        return self.gremia[key]

    def staff_member(self, name: str, function: str) -> StaffMember:
        key = name.casefold()
        if key not in self.staff:
            member = StaffMember.objects.for_swv(self.swv).filter(name__iexact=name).order_by("id").first()
            if member is None:
                member = StaffMember.objects.create(swv=self.swv, name=name, function=function)
            self.staff[key] = member
        member = self.staff[key]
        if function and member.function != function:
            member.function = function
            member.save(update_fields=["function"])
        return member

    # -- generic update-in-place

    def upsert(self, existing: dict, pk, model, values: dict, **fixed):
        """The element with primary key ``pk`` (taken out of ``existing``) updated to ``values``, or a new one."""
        obj = existing.pop(pk, None) if pk else None
        if obj is None:
            obj = model(swv=self.swv, **fixed, **values)
            obj.save()
            return obj
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for k, v in values.items():
                setattr(obj, k, v)
            if hasattr(obj, "version"):
                obj.version += 1
            obj.save()
        return obj

    def free_codes(self, model, existing: dict, items, field: str = "code"):
        """Give elements whose code changes or that go a temporary code, so codes can be swapped and reused."""
        wanted = {item["_pk"]: item[field] for item in items if item.get("_pk")}
        for pk, obj in existing.items():
            if wanted.get(pk) != getattr(obj, field):
                self.original[(model, pk)] = getattr(obj, field)
                model.objects.for_swv(self.swv).filter(pk=pk).update(**{field: f"~{pk}"})
                setattr(obj, field, f"~{pk}")

    def remove(self, objects):
        for obj in objects:
            key = (type(obj), obj.pk)
            if key in self.original:  # the history names it by its real code
                obj.code = self.original[key]
            obj.delete()

    def adoptions(self, items, *, plan=None, year_plan=None):  # noqa: D102
        Adoption.objects.for_swv(self.swv).filter(plan=plan, year_plan=year_plan).delete()
        for item in items:
            Adoption.objects.create(
                swv=self.swv,
                plan=plan,
                year_plan=year_plan,
                gremium=self.gremium(item["gremium"]),
                kind=item["kind"],
                date=item["date"],
                note=item["note"],
            )

    def replace(self, data: dict, *, reason: str = "", changes=None):
        """The plan the file updates (by Koers-id or code), updated to the file (or made), under the one lock rule.

        Returns ``(plan, changes)``: the saved plan and the :class:`~koers.plans.io.changes.ChangeSet` applied.
        """
        from koers.plans.io.changes import plan_changes
        from koers.plans.services import PlanLocked, change_plan

        if changes is None:
            changes = plan_changes(data, self.swv, filename=self.filename)
        plan = changes.plan
        file = self.filename or _("een bestand")
        try:
            saved = change_plan(
                plan or Plan(swv=self.swv),
                self.user,
                lambda: self.write(data, plan),
                summary=_("Plan opnieuw ingelezen uit %(file)s: %(changes)s.")
                % {"file": file, "changes": changes.summary()},
                reason=reason,
                with_year_plans=True,
                note=_("Plan geïmporteerd uit %(file)s") % {"file": file},
            )
        except PlanLocked:
            raise PlanImportError(
                [
                    file_problem(
                        self.filename,
                        _(
                            "Het plan '%(title)s' is al vastgesteld. Geef een reden op voor deze wijziging; "
                            "de import wordt dan vastgelegd als wijziging na vaststelling."
                        )
                        % {"title": plan.title},
                    )
                ]
            ) from None
        return saved, changes

    def write(self, data: dict, plan: Plan | None) -> Plan:
        """Save the file over ``plan``; every item carries ``_pk``, set by :func:`~koers.plans.io.changes.plan_changes`."""
        self.original = {}
        meta = {k: v for k, v in data["plan"].items() if not k.startswith("_") and k != "koers_id"}
        if plan is None:
            plan = Plan(swv=self.swv)
        for key, value in meta.items():
            setattr(plan, key, value)
        plan.save()
        self.adoptions(data["adoptions"], plan=plan)
        swv_id = plan.swv_id

        themes = {t.pk: t for t in Theme.objects.for_swv(swv_id).filter(plan=plan)}
        self.free_codes(Theme, themes, data["themes"])
        theme_ids = {}
        for order, item in enumerate(data["themes"]):
            theme = self.upsert(
                themes,
                item.get("_pk"),
                Theme,
                {"code": item["code"], "title": item["title"], "description": item["description"], "order": order},
                plan=plan,
            )
            theme_ids[item["code"]] = theme.pk
        goals = {g.pk: g for g in Goal.objects.for_swv(swv_id).filter(plan=plan)}
        self.free_codes(Goal, goals, data["goals"])
        goal_ids = {}
        for order, item in enumerate(data["goals"]):
            goal = self.upsert(
                goals,
                item.get("_pk"),
                Goal,
                {
                    "code": item["code"],
                    "theme_id": theme_ids.get(item["theme"]),
                    "title": item["title"],
                    "ambition": item["ambition"],
                    "order": order,
                },
                plan=plan,
            )
            goal_ids[item["code"]] = goal.pk
        indicators = {i.pk: i for i in Indicator.objects.for_swv(swv_id).filter(plan=plan)}
        self.free_codes(Indicator, indicators, data["indicators"])
        for order, item in enumerate(data["indicators"]):
            values = {
                k: item[k]
                for k in (
                    "code", "title", "definition", "unit", "norm_text", "norm_kind", "norm_operator", "norm_value",
                    "norm_value_high", "norm_direction", "norm_deadline", "norm_due_year", "baseline",
                    "baseline_value", "baseline_date", "measurement_moments", "measure_code", "measure_params",
                )
            }  # fmt: skip
            values.update(goal_id=goal_ids.get(item["goal"]), theme_id=theme_ids.get(item["theme"]), order=order)
            self.upsert(indicators, item.get("_pk"), Indicator, values, plan=plan)
        mains = {m.pk: m for m in MainActivity.objects.for_swv(swv_id).filter(plan=plan)}
        self.free_codes(MainActivity, mains, data["main_activities"])
        main_ids = {}
        for order, item in enumerate(data["main_activities"]):
            main = self.upsert(
                mains,
                item.get("_pk"),
                MainActivity,
                {
                    "code": item["code"],
                    "goal_id": goal_ids.get(item["goal"]),
                    "theme_id": theme_ids.get(item["theme"]),
                    "title": item["title"],
                    "kind": item["kind"],
                    "school_years": item["school_years"],
                    "hours_budget": item["hours_budget"],
                    "order": order,
                },
                plan=plan,
            )
            main_ids[item["code"]] = main.pk
        year_goals = {g.pk: g for g in YearGoal.objects.for_swv(swv_id).filter(plan=plan)}
        for order, item in enumerate(data["year_goals"]):
            values = {
                "theme_id": theme_ids.get(item["theme"]),
                "school_year": item["school_year"],
                "title": item["title"],
                "order": order,
            }
            self.upsert(year_goals, item.get("_pk"), YearGoal, values, plan=plan)

        year_plans = {y.pk: y for y in YearPlan.objects.for_swv(swv_id).filter(plan=plan)}
        kept = {item.get("_pk") for item in data["year_plans"]}
        for pk in [pk for pk in year_plans if pk not in kept]:  # first, so a new jaarplan may take its schooljaar
            year_plans.pop(pk).delete()
        saved_years = {}
        activity_ids = {}
        leftovers = []
        for item in data["year_plans"]:
            year_plan = self.upsert(
                year_plans,
                item.get("_pk"),
                YearPlan,
                {
                    "school_year": item["school_year"],
                    "title": item["title"],
                    "introduction": item["introduction"],
                    "adopted_on": item["adopted_on"],
                    "adopted_by": item["adopted_by"],
                },
                plan=plan,
            )
            saved_years[item["school_year"]] = year_plan
            self.adoptions(item["adoptions"], year_plan=year_plan)
            activities = {a.pk: a for a in Activity.objects.for_swv(swv_id).filter(year_plan=year_plan)}
            self.free_codes(Activity, activities, item["activities"])
            for order, act in enumerate(item["activities"]):
                owner = self.actor(act["owner"]) if act["owner"] else None
                activity = self.upsert(
                    activities,
                    act.get("_pk"),
                    Activity,
                    {
                        "code": act["code"],
                        "description": act["description"],
                        "main_activity_id": main_ids.get(act["main_activity"]),
                        "goal_id": goal_ids.get(act["goal"]),
                        "theme_id": theme_ids.get(act["theme"]),
                        "start_text": act["start"],
                        "deadline": act["deadline"],
                        "deadline_text": act["deadline_text"],
                        "owner_id": owner.pk if owner else None,
                        "priority": act["priority"],
                        "incidental": act["incidental"],
                        "budget_code": act["budget_code"],
                        "budget_amount": act["budget_amount"],
                        "hours_budget": act["hours_budget"],
                        "hours_spent": act["hours_spent"],
                        "status": act["status"],
                        "order": order,
                    },
                    year_plan=year_plan,
                )
                wanted = [self.actor(name) for name in act["involved"]]
                current = list(
                    Activity.involved.through.objects.filter(activity=activity)
                    .order_by("id")
                    .values_list("actor_id", flat=True)
                )
                if current != [a.pk for a in wanted]:
                    activity.involved.clear()
                    for actor in wanted:  # one by one: the order of the file is kept (add(*many) uses a set)
                        activity.involved.add(actor)
                activity_ids[(item["school_year"], act["code"])] = activity
            leftovers.extend(activities.values())
            self.budget(year_plan, item["budget"], theme_ids, goal_ids)
            self.portfolio(year_plan, item["portfolio"], theme_ids, goal_ids)
        # links between jaarplannen and activities, now that all exist
        for item in data["year_plans"]:
            year_plan = saved_years[item["school_year"]]
            source = saved_years.get(item["created_from"]) if item["created_from"] else None
            if year_plan.created_from_id != (source.pk if source else None):
                year_plan.created_from = source
                year_plan.save()
            for act in item["activities"]:
                activity = activity_ids[(item["school_year"], act["code"])]
                ref = act["carried_over_from"]
                target = activity_ids[tuple(ref)].pk if ref else None
                if activity.carried_over_from_id != target:
                    activity.carried_over_from_id = target
                    activity.save()
        # what the file no longer holds
        self.remove(leftovers)
        for remaining in (year_goals, mains, indicators, goals, themes):
            self.remove(remaining.values())
        return plan

    def portfolio(self, year_plan, items, theme_ids, goal_ids):
        existing = {p.pk: p for p in PortfolioEntry.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan)}
        for order, entry in enumerate(items):
            portfolio = self.upsert(
                existing,
                entry.get("_pk"),
                PortfolioEntry,
                {
                    "theme_id": theme_ids.get(entry["theme"]),
                    "label": entry["label"],
                    "goals_text": entry["goals_text"],
                    "taakgroepen": entry["taakgroepen"],
                    "order": order,
                },
                year_plan=year_plan,
            )
            goals = [goal_ids[code] for code in entry["goals"]]
            current = list(
                PortfolioEntry.goals.through.objects.filter(portfolioentry=portfolio)
                .order_by("id")
                .values_list("goal_id", flat=True)
            )
            if current != goals:
                portfolio.goals.clear()
                for goal_id in goals:
                    portfolio.goals.add(goal_id)
            holders = [self.staff_member(h["name"], h["function"]).pk for h in entry["holders"]]
            current = list(
                PortfolioEntry.holders.through.objects.filter(portfolioentry=portfolio)
                .order_by("id")
                .values_list("staffmember_id", flat=True)
            )
            if current != holders:
                portfolio.holders.clear()
                for holder in holders:
                    portfolio.holders.add(holder)
        for obj in existing.values():
            obj.delete()

    def budget(self, year_plan, item, theme_ids, goal_ids):
        if item is None:
            Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).delete()
            return
        budget, _created = Budget.objects.get_or_create(
            year_plan=year_plan, defaults={"swv": self.swv, "total": item["total"]}
        )
        values = {k: item[k] for k in ("total", "mandatory_contributions", "period", "calendar_year", "note")}
        if _created or any(getattr(budget, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(budget, k, v)
            budget.save()
        lines = {line.pk: line for line in BudgetLine.objects.for_swv(budget.swv_id).filter(budget=budget)}
        kept = {line.get("_pk") for line in item["lines"]}
        for pk in [pk for pk in lines if pk not in kept]:
            lines.pop(pk).delete()
        for order, line in enumerate(item["lines"]):
            saved = self.upsert(
                lines,
                line.get("_pk"),
                BudgetLine,
                {
                    "theme_id": theme_ids.get(line["theme"]),
                    "goal_id": goal_ids.get(line["goal"]),
                    "label": line["label"],
                    "code": line["code"],
                    "amount": line["amount"],
                    "order": order,
                },
                budget=budget,
            )
            realisations = {r.pk: r for r in BudgetRealisation.objects.for_swv(saved.swv_id).filter(line=saved)}
            kept = {real.get("_pk") for real in line["realisations"]}
            for pk in [pk for pk in realisations if pk not in kept]:  # first: a new one may take its tertiaal
                realisations.pop(pk).delete()
            for real in line["realisations"]:
                self.upsert(
                    realisations,
                    real.get("_pk"),
                    BudgetRealisation,
                    {"tertiaal": real["tertiaal"], "amount": real["amount"], "note": real["note"]},
                    line=saved,
                )
