"""Every URL pattern × every HTTP method it accepts × every role (and anonymous) × own SWV / other SWV / other
schoolbestuur: allowed or denied, as the table below says.

The table is the specification. A route without an entry fails `test_every_route_has_an_expectation`; a rule
whose ``methods`` are not what the view accepts fails `test_rule_methods_match_the_view`. So no page or form can
be added without deciding who may open it and who may post it.

A POST is sent with a valid form: the page's own form as the view renders it for a role that may use it, with the
rule's ``post`` on top (a dict, or a callable taking the world). A denied POST must change nothing in the
database (row counts of every Koers model and a checksum of ``updated_at``/``version``); an allowed one must
succeed (``post_ok``, a redirect unless the rule says otherwise).
"""

import importlib
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from koers.accounts.models import Notification, Role
from koers.accounts.tests.matrix import sso_links
from koers.api.models import ApiToken, Scope
from koers.api.tests.matrix import api_expectations, api_world
from koers.monitoring.models import ColumnMapping, ImportRun
from koers.organisations.models import Actor
from koers.plans.models import Budget, BudgetLine
from koers.public.models import PublicPage
from koers.reports.models import Report
from koers_dev.testing.factories import (
    ActivityFactory,
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    SchoolbestuurFactory,
    SchoolFactory,
    SwvFactory,
    UserFactory,
    member,
)
from tests.matrix_forms import changes, page_form, snapshot
from tests.matrix_methods import accepted_methods, is_restricted, route_callbacks

ROLES = ["beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"]
ALL = set(ROLES)
OTHER_BESTUUR = "schoolbestuur (ander bestuur)"  # a schoolbestuur user of another bestuur in the own SWV
PASSWORD = "Matrix-wachtwoord-2025"  # noqa: S105 - a test account's password


@dataclass(frozen=True)
class Rule:
    allowed: set  # roles that may GET it (for objects of their own SWV)
    kwargs: dict  # url kwarg -> key in the world (or a literal prefixed with "=")
    anonymous: str = "login"  # "login": sent to the login page; "allow": open without login; "deny": 401/403/404
    scoped: bool = True  # the URL names an object that belongs to an SWV: another SWV's user gets 403/404
    methods: tuple = ("GET",)  # what the view accepts; checked against the view
    post_allowed: set | None = None  # roles that may POST; None: the same as ``allowed``
    post: Any = None  # POST data on top of the page's own form: a dict, or a callable taking the world
    post_ok: tuple = (302,)  # the status of a successful POST
    # A schoolbestuur user whose bestuur does not own the object: "same" as the owning bestuur's user (also where
    # the route names no school-level data, so the distinction is meaningless), or "deny".
    bestuur: str = "same"
    xfail: str = ""  # a known defect that is not fixed here (strict: it must fail)
    notes: tuple = field(default=(), compare=False)

    def may_post(self, role):
        return role in (self.allowed if self.post_allowed is None else self.post_allowed)


def perm(*roles, **kwargs):
    return Rule(set(roles), kwargs)


def form(*roles, post=None, **kwargs):
    """A page with a form: GET for ``roles``, POST for the same roles."""
    return Rule(set(roles), kwargs, methods=("GET", "POST"), post=post)


def action(*roles, post=None, scoped=True, **kwargs):
    """A POST-only action (a button), for ``roles``."""
    return Rule(set(roles), kwargs, methods=("POST",), post=post, scoped=scoped)


EDIT = ("beheerder", "bureau")
READ = ALL
ORG_VIEW = {"beheerder", "bureau", "eigenaar", "schoolbestuur"}
MONITORING = {"beheerder", "bureau", "schoolbestuur", "toezicht"}
# Organisation data (schools, besturen) is the same for the whole SWV: the bestuur of a school gets no more there.
SCHOOL_LEVEL = "same"

EXPECTATIONS = {
    "dashboard:home": Rule(ALL, {}, scoped=False),
    "dashboard:vooruitblik": Rule(ALL, {}, scoped=False),
    # for a load balancer: JSON, no login, no SWV data (koers.core.health)
    "health-alive": Rule(ALL, {}, anonymous="allow", scoped=False),
    "health-ready": Rule(ALL, {}, anonymous="allow", scoped=False),
    "audit:history": Rule(set(EDIT), {"model": "=plans.activity", "object_id": "activity"}),
    "accounts:login": Rule(
        ALL,
        {},
        anonymous="allow",
        scoped=False,
        methods=("GET", "POST"),
        post=lambda w: {"username": w["login_username"], "password": PASSWORD},
    ),  # fmt: skip
    # logged out or not: the login page afterwards
    "accounts:logout": Rule(ALL, {}, anonymous="allow", scoped=False, methods=("POST",)),
    "accounts:switch_swv": action(*ALL, scoped=False, post=lambda w: {"swv": w["swv"]}),
    "accounts:profile": Rule(ALL, {}, scoped=False, methods=("GET", "POST")),
    "accounts:otp_setup": Rule(
        ALL, {}, scoped=False, methods=("GET", "POST"), post={"token": "000000"}, post_ok=(200,)
    ),
    "accounts:otp_verify": Rule(ALL, {}, scoped=False, methods=("GET", "POST"), post={"token": "000000"}),
    "organisations:overview": Rule(ORG_VIEW, {}, scoped=False),
    "plans:plan_list": Rule(READ, {}, scoped=False),
    "plans:plan": perm(*READ, pk="plan"),
    "plans:year_plan": perm(*READ, pk="year_plan"),
    # the user's own preference (which branches are open): no SWV object in the URL
    "plans:tree_state": Rule(
        set(READ), {}, scoped=False, methods=("POST",), post={"tak": "doel-1", "open": "1"}, post_ok=(204,)
    ),
    "plans:tertiaal": perm(*READ, pk="year_plan", tertiaal="=2024-T3"),
    "plans:rounds": form(*EDIT, pk="year_plan", post={"deadline": "2099-01-31"}),
    "plans:rollover": form(*EDIT, pk="year_plan"),
    "plans:budget": perm(*READ, pk="year_plan"),
    "plans:portfolio": perm(*READ, pk="year_plan"),
    "plans:adoptions": Rule(
        READ,
        {"pk": "year_plan"},
        methods=("GET", "POST"),
        post_allowed=set(EDIT),
        post=lambda w: {"gremium": w["gremium"], "date": "2024-09-01", "kind": "besproken", "note": "Besproken."},
    ),  # fmt: skip
    "plans:activity_new": form(*EDIT, year_plan_pk="year_plan", post={"description": "Nieuwe activiteit"}),
    # htmx: the hoofdactiviteiten that fit the chosen doel, for the activity form
    "plans:main_activity_options": perm(*EDIT, year_plan_pk="year_plan"),
    "plans:activity": Rule(
        READ,
        {"pk": "activity"},
        methods=("GET", "POST"),
        post_allowed={"beheerder", "bureau", "eigenaar"},
        post={"tertiaal": "2025-T1", "status": "loopt", "happened": "Gestart."},  # T3 2024 is issued: locked
    ),  # fmt: skip
    "plans:activity_edit": form(*EDIT, pk="activity"),
    "plans:my_activities": Rule({"beheerder", "bureau", "eigenaar"}, {}, scoped=False),
    "plans:plan_new": Rule(
        set(EDIT),
        {},
        scoped=False,
        methods=("GET", "POST"),
        post={"code": "OP26", "title": "Nieuw plan", "first_year": "2026", "last_year": "2029"},
    ),  # fmt: skip
    "plans:plan_edit": form(*EDIT, pk="plan"),
    "plans:year_plan_new": form(*EDIT, plan_pk="plan", post={"school_year": "2025", "title": "Jaarplan 2025-2026"}),
    "plans:year_plan_edit": form(*EDIT, pk="year_plan"),
    "plans:budget_edit": form(*EDIT, pk="year_plan"),
    "plans:realisation_add": form(
        *EDIT,
        pk="year_plan",
        post=lambda w: {"line": w["budget_line"], "amount": "10", "reason": "Correctie van de boeking."},
    ),
    "plans:element_new": form(*EDIT, kind_name="=doel", parent_pk="plan", post={"code": "D9", "title": "Nieuw doel"}),
    "plans:element_edit": form(*EDIT, kind_name="=indicator", pk="indicator"),
    "plans:element_delete": form(*EDIT, kind_name="=hoofdactiviteit", pk="main_activity"),
    "monitoring:indicator": Rule(
        READ,
        {"pk": "indicator"},
        methods=("GET", "POST"),
        post_allowed=set(EDIT),
        post={"date": "2024-12-01", "value": "5"},
    ),  # fmt: skip
    "public:settings": Rule(set(EDIT), {}, scoped=False, methods=("GET", "POST")),
    "public:page": Rule(ALL, {"code": "code"}, anonymous="allow"),
    "set_language": Rule(
        ALL, {}, anonymous="allow", scoped=False, methods=("GET", "POST"), post={"language": "nl", "next": "/"}
    ),
    "organisations:swv_edit": Rule(set(EDIT), {}, scoped=False, methods=("GET", "POST")),
    "organisations:import": Rule(set(EDIT), {}, scoped=False, methods=("GET", "POST"), post_ok=(200,)),
    "organisations:import_report": Rule(set(EDIT), {}, scoped=False),
    "organisations:import_template": Rule(ORG_VIEW, {}, scoped=False),
    "organisations:list": Rule(ORG_VIEW, {"kind_slug": "=scholen"}, scoped=False),
    "organisations:new": Rule(
        set(EDIT),
        {"kind_slug": "=scholen"},
        scoped=False,
        methods=("GET", "POST"),
        post=lambda w: {"name": "Nieuwe school", "brin6": "99ZZ00", "bestuur": w["bestuur"]},
    ),  # fmt: skip
    "organisations:detail": Rule(ORG_VIEW, {"kind_slug": "=scholen", "pk": "school"}, bestuur=SCHOOL_LEVEL),
    "organisations:edit": Rule(
        set(EDIT), {"kind_slug": "=scholen", "pk": "school"}, methods=("GET", "POST"), bestuur=SCHOOL_LEVEL
    ),
    "organisations:delete": Rule(
        set(EDIT), {"kind_slug": "=besturen", "pk": "bestuur_empty"}, methods=("GET", "POST"), bestuur=SCHOOL_LEVEL
    ),
    "accounts:members": Rule({"beheerder"}, {}, scoped=False),
    "accounts:member_invite": Rule(
        {"beheerder"},
        {},
        scoped=False,
        methods=("GET", "POST"),
        post=lambda w: {"email": "nieuw@example.org", "role": w["role_toezicht"]},
    ),
    "accounts:member_edit": form("beheerder", pk="membership"),
    "accounts:member_remove": form("beheerder", pk="membership"),
    "accounts:set_password": Rule(
        ALL,
        {"uidb64": "=MQ", "token": "=ongeldig"},
        anonymous="allow",
        scoped=False,
        methods=("GET", "POST"),
        post={"new_password1": PASSWORD, "new_password2": PASSWORD},
        post_ok=(200,),
    ),  # fmt: skip
    "accounts:notifications": Rule(ALL, {}, scoped=False),
    "accounts:notifications_read": action(*ALL, scoped=False),
    # the user's own notification (another user's is not found: the other SWV's case)
    "accounts:notification_read": Rule(ALL, {"pk": "notification"}, methods=("POST",)),
    "reports:archive": Rule(ALL, {}, scoped=False),
    "reports:new": action(*EDIT, scoped=False, post=lambda w: {"year_plan": w["year_plan"], "tertiaal": "2024-T3"}),
    # a draft: only its makers see it (the issued report is read through progress and download)
    "reports:detail": form(*EDIT, pk="draft"),
    "reports:issue": Rule(set(EDIT), {"pk": "draft"}, methods=("GET", "POST"), post={"bevestigd": "ja"}),
    "reports:progress": perm(*READ, pk="report"),
    "reports:download": perm(*READ, pk="report", fmt="=pdf"),
    "reports:retry_files": action(*EDIT, pk="report"),
    "reports:year_plan_document": perm(*READ, pk="year_plan", fmt="=docx"),
    "reports:tertiaal_indicators": perm(*READ, pk="year_plan", tertiaal="=2024-T3"),
    "reports:standard": Rule(MONITORING, {}, scoped=False),
    "reports:standard_download": Rule(MONITORING, {"kind": "=thuiszitters", "fmt": "=csv"}, scoped=False),
    "monitoring:overview": Rule(MONITORING, {}, scoped=False),
    "monitoring:import": Rule(set(EDIT), {}, scoped=False, methods=("GET", "POST"), post_ok=(200,)),
    "monitoring:import_run": form(*EDIT, pk="import_run"),
    "monitoring:import_report": perm(*EDIT, pk="import_run"),
    "monitoring:mappings": Rule(set(EDIT), {}, scoped=False),
    "monitoring:inspectie_thuiszitters": Rule(set(EDIT), {}, scoped=False),
    "monitoring:absence_reasons": Rule(MONITORING, {}, scoped=False),
    "monitoring:mapping": form(*EDIT, pk="mapping", post={"delete": "1"}),
    "monitoring:register": Rule(set(EDIT), {"register": "=tlv"}, scoped=False, bestuur="deny"),
    "plans:plan_export": perm(*READ, pk="plan", fmt="=yaml"),
    "plans:plan_import": Rule(set(EDIT), {}, scoped=False, methods=("GET", "POST"), post_ok=(200,)),
    "plans:plan_import_problems": None,  # only after a failed import in this session; tested in test_io_import
    "plans:plan_import_confirm": None,  # only after an upload in this session; tested in test_io_views
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
    return sorted(route_callbacks())


def test_every_route_has_an_expectation():
    missing = [name for name in _routes() if name not in EXPECTATIONS]
    assert not missing, f"Routes zonder verwachting in de toegangsmatrix: {missing}"


def test_rule_methods_match_the_view():
    """``methods`` of every rule is what the view accepts (its decorators, its class, whether it reads a form)."""
    callbacks = route_callbacks()
    unknown = sorted(set(EXPECTATIONS) - set(callbacks))
    wrong = [
        f"{name}: tabel {sorted(rule.methods)}, view {sorted(accepted_methods(callbacks[name]))}"
        for name, rule in sorted(EXPECTATIONS.items())
        if rule is not None and name in callbacks and set(rule.methods) != accepted_methods(callbacks[name])
    ]
    assert not unknown, f"Verwachtingen voor routes die niet bestaan: {unknown}"
    assert not wrong, "Methoden in de tabel wijken af van de view: " + "; ".join(wrong)


def _world(swv):
    activity = ActivityFactory(year_plan__plan__swv=swv)
    year_plan = activity.year_plan
    goal = GoalFactory(theme__plan=year_plan.plan, swv=swv)
    indicator = IndicatorFactory(goal=goal)
    main = MainActivityFactory(goal=goal)
    budget = Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1)
    line = BudgetLine.unscoped.create(swv=swv, budget=budget, theme=goal.theme, amount=1)
    PublicPage.unscoped.create(swv=swv, published=True, plan=year_plan.plan)
    school = SchoolFactory(swv=swv)
    membership = member(UserFactory(), swv, "toezicht")
    notification = Notification.objects.create(user=membership.user, subject="Melding", body="Tekst")
    report = Report.unscoped.create(
        swv=swv, year_plan=year_plan, tertiaal="2024-T3", title="Rapportage", status=Report.Status.ISSUED, pdf=b"%PDF-"
    )
    draft = Report.unscoped.create(swv=swv, year_plan=year_plan, tertiaal="2024-T3", title="Concept")
    # waiting for its warnings to be accepted: the one thing a POST to the run does
    import_run = ImportRun.unscoped.create(
        swv=swv, register="tlv", file_name="tlv.csv", status=ImportRun.Status.WARNINGS
    )
    mapping = ColumnMapping.unscoped.create(swv=swv, name="Export", register="tlv")
    world = {
        "swv": swv.pk,
        "import_run": import_run.pk,
        "mapping": mapping.pk,
        "school": school.pk,
        "bestuur": school.bestuur.pk,
        "other_bestuur": SchoolbestuurFactory(swv=swv).pk,  # a second bestuur of the same SWV
        "bestuur_empty": SchoolbestuurFactory(swv=swv).pk,  # without schools: may be deleted
        "membership": membership.pk,
        "notification": notification.pk,  # the matrix gives each user one of their own
        "report": report.pk,
        "draft": draft.pk,
        "budget_line": line.pk,
        "role_toezicht": Role.objects.get(code="toezicht").pk,
        "plan": year_plan.plan.pk,
        "year_plan": year_plan.pk,
        "activity": activity.pk,
        "indicator": indicator.pk,
        "main_activity": main.pk,
        "goal": goal.pk,
        "code": swv.code,
    }
    world.update(api_world(swv, world))
    world["gremium"] = world["api_gremium"]
    for module in _app_matrices():
        if hasattr(module, "world"):
            world.update(module.world(swv, world))
    return world


def _url(name, rule, world, who="beheerder"):
    def value(v):
        if v.startswith("="):
            return v[1:]
        found = world[v]
        return found.get(who, found.get("beheerder")) if isinstance(found, dict) else found

    return reverse(name, kwargs={k: value(v) for k, v in rule.kwargs.items()})


ANONYMOUS = "anoniem"


def _is_api(url):
    return url.startswith("/api/v1/")


class Matrix:
    """Two SWV's with one of everything, a user per role in each, and clients for them (pages and API)."""

    def __init__(self):
        own, other = SwvFactory(code="PO7001"), SwvFactory(code="PO7002")
        self.worlds = {"own": _world(own), "other": _world(other)}
        self.swvs = {"own": own, "other": other}
        self.users = {}
        for ctx, prefix in (("own", "u"), ("other", "x")):
            world = self.worlds[ctx]
            for role in ROLES:
                user = UserFactory(username=f"{prefix}-{role}")
                user.set_password(PASSWORD)
                user.save()
                bestuur = world["bestuur"] if role == "schoolbestuur" else None
                member(user, self.swvs[ctx], role, schoolbestuur_id=bestuur)
                self.users[ctx, role] = user
            extra = UserFactory(username=f"{prefix}-ander-bestuur")
            member(extra, self.swvs[ctx], "schoolbestuur", schoolbestuur_id=world["other_bestuur"])
            self.users[ctx, OTHER_BESTUUR] = extra
            Actor.unscoped.get(pk=world["api_owner"]).users.add(self.users[ctx, "eigenaar"])
            world["notification"] = {
                who: Notification.objects.create(user=user, subject="Melding", body="Tekst").pk
                for (c, who), user in self.users.items()
                if c == ctx
            }
            world["api_token"] = {
                who: ApiToken.issue(user=user, swv=self.swvs[ctx], name="Te intrekken", scopes=["plans:read"])[0].pk
                for (c, who), user in self.users.items()
                if c == ctx
            }
            world["sso_link"] = sso_links(self.users, ctx)
            world["login_username"] = self.users[ctx, "toezicht"].username
        self._clients = {}

    def client(self, ctx, who, api=False):
        key = (ctx, who, api)
        if key not in self._clients:
            if who == ANONYMOUS:
                client = APIClient() if api else Client()
            elif api:
                _, token = ApiToken.issue(
                    user=self.users[ctx, who], swv=self.swvs[ctx], name="matrix", scopes=[s.value for s in Scope]
                )
                client = APIClient()
                client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            else:
                client = Client()
                client.force_login(self.users[ctx, who])
            self._clients[key] = client
        return self._clients[key]

    def url(self, name, rule, ctx, who):
        return _url(name, rule, self.worlds[ctx], who)

    def request(self, method, name, rule, ctx, who, target=None, data=None):
        """``who`` of SWV ``ctx`` asks for the object of SWV ``target`` (default: its own)."""
        url = self.url(name, rule, target or ctx, who)
        client = self.client(ctx, who, api=_is_api(url))
        return client.generic(method, url) if data is None else client.post(url, data)

    def post_data(self, name, rule, ctx, who):
        """A valid form for ``who`` (or, for a role that may not open the page, for one that may) in ``ctx``."""
        world = self.worlds[ctx]
        extra = rule.post(world) if callable(rule.post) else dict(rule.post or {})
        if "GET" not in rule.methods:
            return extra
        reader = who if who == ANONYMOUS or _expect(rule, "GET", who) else sorted(rule.allowed)[0]
        url = self.url(name, rule, ctx, reader)
        page = self.client(ctx, reader).get(url)
        data = page_form(page.content.decode(errors="replace"), url) if page.status_code == 200 else {}
        data.update(extra)
        return data


def _expect(rule, method, who):
    """True when ``who`` (a role, the other bestuur's user, or anonymous) may use ``method`` in the own SWV."""
    if who == ANONYMOUS:
        return rule.anonymous == "allow"
    if who == OTHER_BESTUUR:
        return rule.bestuur == "same" and _expect(rule, method, "schoolbestuur")
    return rule.may_post(who) if method == "POST" else who in rule.allowed


def _cases(rule):
    """(who, the SWV of the user, the SWV of the object) for every case of a rule."""
    cases = [(who, "own", "own") for who in [*ROLES, OTHER_BESTUUR]]
    if rule.scoped and rule.anonymous != "allow":
        cases += [(role, "own", "other") for role in ROLES]
    return [*cases, (ANONYMOUS, "own", "own")]


def _to_login(response):
    """Sent to log in first (not: logged out and shown the login page)."""
    location = response.get("Location", "")
    return response.status_code == 302 and "/inloggen/" in location and "next=" in location


def _check(rule, method, who, ctx, target, response):
    """A problem with this answer, or None."""
    status = response.status_code
    label = f"{method} {who} {'eigen' if target == ctx else 'ander'} SWV"
    if who == ANONYMOUS and rule.anonymous != "allow":
        if rule.anonymous == "login" and not _to_login(response):
            return f"{label}: verwacht naar inloggen, kreeg {status}"
        if rule.anonymous == "deny" and status not in (401, 403, 404):
            return f"{label}: verwacht geweigerd, kreeg {status}"
        return None
    allowed = target == ctx and _expect(rule, method, who)
    if not allowed:
        return None if status in (403, 404) else f"{label}: verwacht geweigerd, kreeg {status}"
    if _to_login(response):
        return f"{label}: naar inloggen gestuurd"
    ok = rule.post_ok if method == "POST" else (200, 302)
    if status not in ok:
        errors = ""
        for context in response.context or []:
            for key in ("form",):
                found = context.get(key) if hasattr(context, "get") else None
                if found is not None and getattr(found, "errors", None):
                    errors = f" ({found.errors.as_text()[:300]})"
        return f"{label}: verwacht {ok}, kreeg {status}{errors}"
    return None


@pytest.fixture
def matrix(db):
    return Matrix()


def _marks(rule):
    return [pytest.mark.xfail(strict=True, reason=rule.xfail)] if rule.xfail else []


GET_ROUTES = [pytest.param(n, marks=_marks(r)) for n, r in EXPECTATIONS.items() if r and "GET" in r.methods]
POST_ROUTES = [pytest.param(n, marks=_marks(r)) for n, r in EXPECTATIONS.items() if r and "POST" in r.methods]
ALLOWED_POSTS = [
    pytest.param(n, who, marks=_marks(r), id=f"{n}-{who}")
    for n, r in EXPECTATIONS.items()
    if r and "POST" in r.methods
    for who in [*ROLES, OTHER_BESTUUR, ANONYMOUS]
    if _expect(r, "POST", who)
]


def _not_accepted(matrix, name, rule, method):
    """A method the view does not accept: 405 for a user who may use the route, and nothing written."""
    if not is_restricted(route_callbacks()[name]):
        return None  # a function view that does not read a form: a POST just shows the page
    roles = sorted(rule.allowed if method == "POST" or rule.post_allowed is None else rule.post_allowed)
    if not roles:
        return None
    before = snapshot()
    response = matrix.request(method, name, rule, "own", roles[0])
    if response.status_code != 405:
        return f"{method} {roles[0]}: de view neemt {method} niet aan, verwacht 405, kreeg {response.status_code}"
    changed = changes(before, snapshot())
    return f"{method} {roles[0]} veranderde gegevens: {changed}" if changed else None


@pytest.mark.parametrize("name", GET_ROUTES)
def test_get(name, matrix):
    rule = EXPECTATIONS[name]
    problems = []
    for who, ctx, target in _cases(rule):
        response = matrix.request("GET", name, rule, ctx, who, target=target)
        problems.append(_check(rule, "GET", who, ctx, target, response))
    if "POST" not in rule.methods:
        problems.append(_not_accepted(matrix, name, rule, "POST"))
    problems = [p for p in problems if p]
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("name", POST_ROUTES)
def test_denied_post_changes_nothing(name, matrix):
    rule = EXPECTATIONS[name]
    problems = []
    data = {}
    for who, ctx, target in _cases(rule):
        if target == ctx and _expect(rule, "POST", who):
            continue  # test_allowed_post
        if target not in data:
            data[target] = matrix.post_data(name, rule, target, "beheerder")
        before = snapshot()
        response = matrix.request("POST", name, rule, ctx, who, target=target, data=data[target])
        problems.append(_check(rule, "POST", who, ctx, target, response))
        if changed := changes(before, snapshot()):
            problems.append(f"POST {who} {target}: geweigerd maar gegevens veranderd: {changed}")
    if "GET" not in rule.methods:
        problems.append(_not_accepted(matrix, name, rule, "GET"))
    problems = [p for p in problems if p]
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize(("name", "who"), ALLOWED_POSTS)
def test_allowed_post_succeeds(name, who, matrix):
    rule = EXPECTATIONS[name]
    data = matrix.post_data(name, rule, "own", who)
    response = matrix.request("POST", name, rule, "own", who, data=data)
    problem = _check(rule, "POST", who, "own", "own", response)
    assert not problem, f"{name}: {problem} (gepost: {data})"
