"""Every URL pattern × every role × own / other SWV: allowed or denied, as the table below says.

The table is the specification. A route without an entry fails `test_every_route_has_an_expectation`, so no
page can be added without deciding who may open it.
"""

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from koers.api.tests.matrix import api_expectations, api_world
from koers.monitoring.models import ColumnMapping, ImportRun
from koers.plans.models import Budget
from koers.public.models import PublicPage
from koers.reports.models import Report
from koers.testing.factories import (
    ActivityFactory,
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    SchoolFactory,
    SwvFactory,
    UserFactory,
    member,
)

ROLES = ["beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"]
ALL = set(ROLES)


@dataclass(frozen=True)
class Rule:
    allowed: set  # roles that may open it (for objects of their own SWV)
    kwargs: dict  # url kwarg -> key in the world (or a literal prefixed with "=")
    anonymous: str = "login"  # "login": sent to the login page; "allow": open without login; "deny": 403/404
    scoped: bool = True  # the URL names an object that belongs to an SWV


def perm(*roles, **kwargs):
    return Rule(set(roles), kwargs)


EDIT = ("beheerder", "bureau")
READ = ALL
ORG_VIEW = {"beheerder", "bureau", "eigenaar", "schoolbestuur"}
MONITORING = {"beheerder", "bureau", "schoolbestuur", "toezicht"}

EXPECTATIONS = {
    "dashboard:home": Rule(ALL, {}, scoped=False),
    "audit:history": Rule(set(EDIT), {"model": "=plans.activity", "object_id": "activity"}),
    "accounts:login": Rule(ALL, {}, anonymous="allow", scoped=False),
    "accounts:logout": None,  # POST only
    "accounts:switch_swv": None,  # POST only
    "accounts:profile": Rule(ALL, {}, scoped=False),
    "accounts:otp_setup": Rule(ALL, {}, scoped=False),
    "accounts:otp_verify": Rule(ALL, {}, scoped=False),
    "organisations:overview": Rule({"beheerder", "bureau", "eigenaar", "schoolbestuur"}, {}, scoped=False),
    "plans:plan_list": Rule(READ, {}, scoped=False),
    "plans:plan": perm(*READ, pk="plan"),
    "plans:year_plan": perm(*READ, pk="year_plan"),
    "plans:tertiaal": perm(*READ, pk="year_plan", tertiaal="=2024-T3"),
    "plans:rounds": perm(*EDIT, pk="year_plan"),
    "plans:rollover": perm(*EDIT, pk="year_plan"),
    "plans:budget": perm(*READ, pk="year_plan"),
    "plans:portfolio": perm(*READ, pk="year_plan"),
    "plans:adoptions": perm(*READ, pk="year_plan"),
    "plans:activity_new": perm(*EDIT, year_plan_pk="year_plan"),
    "plans:activity": perm(*READ, pk="activity"),
    "plans:activity_edit": perm(*EDIT, pk="activity"),
    "plans:my_activities": Rule({"beheerder", "bureau", "eigenaar"}, {}, scoped=False),
    "plans:plan_new": Rule(set(EDIT), {}, scoped=False),
    "plans:plan_edit": perm(*EDIT, pk="plan"),
    "plans:year_plan_new": perm(*EDIT, plan_pk="plan"),
    "plans:year_plan_edit": perm(*EDIT, pk="year_plan"),
    "plans:budget_edit": perm(*EDIT, pk="year_plan"),
    "plans:realisation_add": perm(*EDIT, pk="year_plan"),
    "plans:element_new": perm(*EDIT, kind_name="=doel", parent_pk="plan"),
    "plans:element_edit": perm(*EDIT, kind_name="=indicator", pk="indicator"),
    "plans:element_delete": perm(*EDIT, kind_name="=hoofdactiviteit", pk="main_activity"),
    "monitoring:indicator": perm(*READ, pk="indicator"),
    "public:settings": Rule(set(EDIT), {}, scoped=False),
    "public:page": Rule(ALL, {"code": "code"}, anonymous="allow"),
    "set_language": None,  # POST only, Django's own
    "organisations:swv_edit": Rule(set(EDIT), {}, scoped=False),
    "organisations:import": Rule(set(EDIT), {}, scoped=False),
    "organisations:import_report": Rule(set(EDIT), {}, scoped=False),
    "organisations:import_template": Rule(ORG_VIEW, {}, scoped=False),
    "organisations:list": Rule(ORG_VIEW, {"kind_slug": "=scholen"}, scoped=False),
    "organisations:new": Rule(set(EDIT), {"kind_slug": "=scholen"}, scoped=False),
    "organisations:detail": perm(*ORG_VIEW, kind_slug="=scholen", pk="school"),
    "organisations:edit": perm(*EDIT, kind_slug="=scholen", pk="school"),
    "organisations:delete": perm(*EDIT, kind_slug="=besturen", pk="bestuur"),
    "accounts:members": Rule({"beheerder"}, {}, scoped=False),
    "accounts:member_invite": Rule({"beheerder"}, {}, scoped=False),
    "accounts:member_edit": perm("beheerder", pk="membership"),
    "accounts:member_remove": perm("beheerder", pk="membership"),
    "accounts:set_password": Rule(ALL, {"uidb64": "=MQ", "token": "=ongeldig"}, anonymous="allow", scoped=False),
    "accounts:notifications": Rule(ALL, {}, scoped=False),
    "accounts:notifications_read": None,  # POST only
    "accounts:notification_read": None,  # POST only
    "reports:archive": Rule(ALL, {}, scoped=False),
    "reports:new": None,  # POST only
    "reports:detail": perm(*READ, pk="report"),
    "reports:issue": None,  # POST only
    "reports:progress": perm(*READ, pk="report"),
    "reports:download": perm(*READ, pk="report", fmt="=pdf"),
    "reports:year_plan_document": perm(*READ, pk="year_plan", fmt="=docx"),
    "reports:standard": Rule(MONITORING, {}, scoped=False),
    "reports:standard_download": Rule(MONITORING, {"kind": "=thuiszitters", "fmt": "=csv"}, scoped=False),
    "monitoring:overview": Rule(MONITORING, {}, scoped=False),
    "monitoring:import": Rule(set(EDIT), {}, scoped=False),
    "monitoring:import_run": perm(*EDIT, pk="import_run"),
    "monitoring:import_report": perm(*EDIT, pk="import_run"),
    "monitoring:mappings": Rule(set(EDIT), {}, scoped=False),
    "monitoring:mapping": perm(*EDIT, pk="mapping"),
    "monitoring:register": Rule(set(EDIT), {"register": "=tlv"}, scoped=False),
    "plans:plan_export": perm(*READ, pk="plan", fmt="=yaml"),
    "plans:plan_import": Rule(set(EDIT), {}, scoped=False),
    "plans:plan_import_problems": None,  # only after a failed import in this session; tested in test_io_import
}
EXPECTATIONS.update(api_expectations(Rule))


def _app_matrices():
    """Apps may keep their own entries in ``koers.<app>.tests.matrix``.

    Such a module has ``expectations(Rule) -> dict`` (route name -> Rule or None) and optionally
    ``world(swv, world) -> dict`` with extra objects for the URL kwargs.
    """
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("koers.") or config.name == "koers.api":
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.matrix"))
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.matrix"):
                raise
    return modules


for _module in _app_matrices():
    EXPECTATIONS.update(_module.expectations(Rule))


def _routes():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("systeembeheer"):
                    continue  # the Django admin, for system managers only, has its own permission checks
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_route_has_an_expectation():
    missing = [name for name in _routes() if name not in EXPECTATIONS]
    assert not missing, f"Routes zonder verwachting in de toegangsmatrix: {missing}"


def _world(swv):
    activity = ActivityFactory(year_plan__plan__swv=swv)
    year_plan = activity.year_plan
    goal = GoalFactory(theme__plan=year_plan.plan, swv=swv)
    indicator = IndicatorFactory(goal=goal)
    main = MainActivityFactory(goal=goal)
    Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1)
    PublicPage.unscoped.create(swv=swv, published=True, plan=year_plan.plan)
    school = SchoolFactory(swv=swv)
    membership = member(UserFactory(), swv, "toezicht")
    report = Report.unscoped.create(
        swv=swv, year_plan=year_plan, tertiaal="2024-T3", title="Rapportage", status=Report.Status.ISSUED, pdf=b"%PDF-"
    )
    import_run = ImportRun.unscoped.create(swv=swv, register="tlv", file_name="tlv.csv")
    mapping = ColumnMapping.unscoped.create(swv=swv, name="Export", register="tlv")
    world = {
        "import_run": import_run.pk,
        "mapping": mapping.pk,
        "school": school.pk,
        "bestuur": school.bestuur.pk,
        "membership": membership.pk,
        "report": report.pk,
        "plan": year_plan.plan.pk,
        "year_plan": year_plan.pk,
        "activity": activity.pk,
        "indicator": indicator.pk,
        "main_activity": main.pk,
        "goal": goal.pk,
        "code": swv.code,
    }
    world.update(api_world(swv, world))
    for module in _app_matrices():
        if hasattr(module, "world"):
            world.update(module.world(swv, world))
    return world


def _url(name, rule, world):
    kwargs = {k: (v[1:] if v.startswith("=") else world[v]) for k, v in rule.kwargs.items()}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", [n for n, r in EXPECTATIONS.items() if r is not None])
@pytest.mark.django_db
def test_access(name):
    rule = EXPECTATIONS[name]
    own, other = SwvFactory(code="PO7001"), SwvFactory(code="PO7002")
    worlds = {"own": _world(own), "other": _world(other)}
    problems = []
    for role in ROLES:
        user = UserFactory(username=f"u-{role}")
        member(user, own, role)
        client = Client()
        client.force_login(user)
        response = client.get(_url(name, rule, worlds["own"]))
        allowed = role in rule.allowed
        if allowed and response.status_code not in (200, 302):
            problems.append(f"{role} eigen SWV: verwacht toegang, kreeg {response.status_code}")
        if not allowed and response.status_code not in (403, 404):
            problems.append(f"{role} eigen SWV: verwacht geweigerd, kreeg {response.status_code}")
        if response.status_code == 302 and allowed and "/inloggen/" in response.get("Location", ""):
            problems.append(f"{role} eigen SWV: naar inloggen gestuurd")
        if rule.scoped and rule.anonymous != "allow":
            response = client.get(_url(name, rule, worlds["other"]))
            if response.status_code not in (403, 404):
                problems.append(f"{role} ander SWV: verwacht 403/404, kreeg {response.status_code}")
    response = Client().get(_url(name, rule, worlds["own"]))
    if rule.anonymous == "login":
        if not (response.status_code == 302 and "/inloggen/" in response["Location"]):
            problems.append(f"anoniem: verwacht naar inloggen, kreeg {response.status_code}")
    elif rule.anonymous == "allow" and response.status_code != 200:
        problems.append(f"anoniem: verwacht open, kreeg {response.status_code}")
    assert not problems, f"{name}: " + "; ".join(problems)
