"""First-run setup: the steps, their state per SWV, and thin wrappers around the services of other apps.

Nothing here duplicates business rules: the DUO import goes through ``koers.organisations.services``, plans
through the forms and importer of ``koers.plans``, invitations through ``koers.accounts.invitations.invite``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from koers.audit.context import acting_as
from koers.core import clock
from koers.onboarding.models import Installation, Setup


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    summary: str
    optional: bool = False
    page: bool = True  # has its own page in the wizard


STEPS = [
    Step(
        "account",
        gettext_lazy("Account en samenwerkingsverband"),
        gettext_lazy("Uw eigen account en de code en naam van het samenwerkingsverband."),
        page=False,
    ),
    Step(
        "scholen",
        gettext_lazy("Scholen en schoolbesturen"),
        gettext_lazy("Lees het adressenbestand van DUO in. Dan staan alle scholen en besturen in Koers."),
        optional=True,
    ),
    Step(
        "plan",
        gettext_lazy("Ondersteuningsplan"),
        gettext_lazy("Begin met een leeg plan, een sjabloon met niveaus of een plan uit Excel."),
    ),
    Step(
        "jaarplan",
        gettext_lazy("Jaarplan en eerste activiteit"),
        gettext_lazy("Het jaarplan voor dit schooljaar, met de eerste activiteit."),
    ),
    Step(
        "logo",
        gettext_lazy("Logo"),
        gettext_lazy("Het logo van uw samenwerkingsverband in de kop van elke pagina."),
        optional=True,
    ),
    Step(
        "uitnodigen",
        gettext_lazy("Collega's uitnodigen"),
        gettext_lazy("Nodig collega's uit per e-mail, elk met een eigen rol."),
        optional=True,
    ),
]
STEP_KEYS = [s.key for s in STEPS]
PAGES = {s.key: s for s in STEPS if s.page}

DONE, SKIPPED, CURRENT, TODO = "klaar", "overgeslagen", "nu", "nog"
STATUS_LABELS = {
    DONE: gettext_lazy("Klaar"),
    SKIPPED: gettext_lazy("Overgeslagen"),
    CURRENT: gettext_lazy("Nu aan de beurt"),
    TODO: gettext_lazy("Nog te doen"),
}


# ----------------------------------------------------------------------------------------------------------
# The open start: only while the installation has no account at all
# ----------------------------------------------------------------------------------------------------------


def is_open() -> bool:
    """True only on an empty installation: no user account and no SWV yet. Closes for good with the first
    account."""
    from koers.organisations.models import Swv

    return not (get_user_model().objects.exists() or Swv.objects.exists() or Installation.objects.exists())


class StartClosed(Exception):
    """Someone else made the first account in the meantime."""


def ensure_roles():
    """The roles ship as data (a migration); put them back if a database was emptied without them."""
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})


def create_swv(*, code, name, short_name, user, extra_codes=()):
    """A new SWV with ``user`` as its beheerder, and its set-up state (step 'account' done).

    ``extra_codes``: the DUO code of the other sector, for a bureau of a PO and a VO SWV with one plan (ADR 0014).
    """
    from koers.accounts.models import Membership, Role
    from koers.accounts.roles import BEHEERDER
    from koers.organisations.models import Swv, SwvCode

    ensure_roles()
    with acting_as(user):
        swv = Swv.objects.create(code=code, name=name, short_name=short_name)
        for extra in extra_codes:
            SwvCode.objects.create(swv=swv, code=extra)
        Membership.objects.create(user=user, swv=swv, role=Role.objects.get(code=BEHEERDER))
    Setup.objects.create(swv=swv, done=["account"], started_by=user)
    return swv


@transaction.atomic
def add_swv_from_command_line(*, code, name, short_name="", beheerder):
    """``koers swv add``: a new SWV with an existing user as its beheerder, like the set-up's first step.
    ``code`` is already normalised (PO2806); the sector follows from it. Raises ValueError in Dutch."""
    from koers.organisations.models import Swv

    if Swv.objects.filter(code=code).exists():
        raise ValueError(f"Er is al een samenwerkingsverband met code {code}.")
    if not name.strip():
        raise ValueError(
            "Geef de naam van het samenwerkingsverband (--naam), bijvoorbeeld 'Passend Onderwijs Westland'."
        )
    swv = create_swv(code=code, name=name.strip(), short_name=short_name.strip(), user=beheerder)
    sector = code[:2]
    if swv.sector != sector:
        swv.sector = sector
        swv.save(update_fields=["sector"])
    return swv


def create_first_account(
    *, username, email, first_name, last_name, password, code, name, short_name="", extra_codes=()
):
    """The first account of the installation (beheerder of a new SWV). All or nothing; raises StartClosed when
    an account already exists, also when another request made one a moment ago."""
    User = get_user_model()
    try:
        with transaction.atomic():
            if not is_open():
                raise StartClosed
            user = User(username=username, email=email, first_name=first_name, last_name=last_name)
            user.set_password(password)
            user.save()
            Installation.objects.create(id=1, created_by=user)  # a second one fails on the primary key
            swv = create_swv(code=code, name=name, short_name=short_name, user=user, extra_codes=extra_codes)
    except IntegrityError:
        raise StartClosed from None
    return user, swv


# ----------------------------------------------------------------------------------------------------------
# State of the steps
# ----------------------------------------------------------------------------------------------------------


def setup_of(swv) -> Setup:
    setup, _created = Setup.objects.get_or_create(swv=swv)
    return setup


def _has_data(swv, key) -> bool:
    """Is the step's result already there (also when it was made outside the wizard)?"""
    from koers.accounts.models import Membership
    from koers.organisations.models import School, SwvLogo
    from koers.plans.models import Activity, Plan

    if key == "account":
        return True
    if key == "scholen":
        return School.objects.for_swv(swv).exists()
    if key == "plan":
        return Plan.objects.for_swv(swv).exists()
    if key == "jaarplan":
        return Activity.objects.for_swv(swv).exists()
    if key == "logo":
        return SwvLogo.objects.filter(swv=swv).exists()
    if key == "uitnodigen":
        return Membership.objects.for_swv(swv).count() > 1
    return False


def statuses(setup: Setup) -> list[dict]:
    """Each step with its status: klaar, overgeslagen, nu (the first one still open) or nog."""
    rows, current_found = [], False
    for step in STEPS:
        if step.key in setup.done or (step.key != "uitnodigen" and _has_data(setup.swv, step.key)):
            status = DONE
        elif step.key in setup.skipped:
            status = SKIPPED
        elif not current_found:
            status, current_found = CURRENT, True
        else:
            status = TODO
        rows.append({"step": step, "status": status, "label": STATUS_LABELS[status]})
    return rows


def current_step(setup: Setup) -> Step | None:
    for row in statuses(setup):
        if row["status"] == CURRENT:
            return row["step"]
    return None


def mark(setup: Setup, key: str, *, skipped: bool = False) -> None:
    if skipped:
        if key not in setup.skipped and key not in setup.done:
            setup.skipped = [*setup.skipped, key]
    else:
        setup.done = [*[k for k in setup.done if k != key], key]
        setup.skipped = [k for k in setup.skipped if k != key]
    if setup.finished_at is None and current_step(setup) is None:
        setup.finished_at = timezone.now()
    setup.save()


def next_step_after(setup: Setup, key: str) -> Step | None:
    """The first open step after ``key``; else the first open step anywhere."""
    rows = statuses(setup)
    keys = [r["step"].key for r in rows]
    after = rows[keys.index(key) + 1 :] if key in keys else rows
    for row in [*after, *rows]:
        if row["status"] in (CURRENT, TODO) and row["step"].page:
            return row["step"]
    return None


def plan_of(setup: Setup):
    """The plan the wizard works with: the one it made, else the newest plan of the SWV."""
    from koers.plans.models import Plan

    if setup.plan_id and Plan.objects.for_swv(setup.swv).filter(pk=setup.plan_id).exists():
        return setup.plan
    return Plan.objects.for_swv(setup.swv).order_by("-first_year", "-pk").first()


# ----------------------------------------------------------------------------------------------------------
# Steps that use the services of other apps
# ----------------------------------------------------------------------------------------------------------


def import_organisations(swv, data: bytes, filename: str, user, *, only_own: bool, accept_warnings: bool):
    """The DUO address file (or the Koers Excel file) into ``swv``: all or nothing, through the organisations
    service. Returns (parsed, outcome)."""
    from koers.organisations import importers
    from koers.organisations import services as org_services

    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        parsed = importers.parse_excel(data, filename=filename)
    else:
        parsed = importers.parse_duo(data, filename=filename, swv_code=swv.duo_codes if only_own else None)
    outcome = org_services.import_parsed(swv, parsed, user, accept_warnings=accept_warnings)
    return parsed, outcome


def default_years(today: date | None = None) -> tuple[int, int]:
    """The school year now and the last of four: a new ondersteuningsplan covers four school years."""
    from koers.core.periods import school_year_of

    first = school_year_of(today or clock.today())
    return first, first + 3


@transaction.atomic
def create_first_year_plan(setup: Setup, plan, year_plan_form, activity_form, user):
    """The jaarplan (unless there is one already: ``year_plan_form`` is None) and its first activity, together."""
    from koers.plans import services as plan_services
    from koers.plans.models import YearPlan
    from koers.plans.selectors import next_activity_code

    if year_plan_form is not None:
        year_plan_form.instance.swv, year_plan_form.instance.plan = setup.swv, plan
        year_plan = plan_services.save_plan_object(year_plan_form, user)
    else:
        year_plan = YearPlan.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("-school_year").first()
    activity = activity_form.instance
    activity.swv, activity.year_plan = setup.swv, year_plan
    activity.code = next_activity_code(year_plan)
    last = year_plan.activities.order_by("-order").first()
    activity.order = (last.order + 1) if last else 1
    activity = plan_services.save_activity(activity_form, user, expected_version=None)
    setup.plan, setup.year_plan = plan, year_plan
    mark(setup, "jaarplan")
    return year_plan, activity
