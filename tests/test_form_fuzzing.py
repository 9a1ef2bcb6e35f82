"""Hypothesis posts malformed values to every form Koers shows a bureau user: never a server error, and when
the form is refused nothing is written."""

import re

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.accounts.tests.matrix import sso_links
from koers_dev.testing.factories import SwvFactory, UserFactory, member
from tests.test_access_matrix import EXPECTATIONS, _url, _world

_INPUT_RE = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', re.IGNORECASE)
_SKIP = {"csrfmiddlewaretoken"}

nasty = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
    st.sampled_from(
        ["", " ", "0", "-1", "1e308", "NaN", "31-02-2024", "2024-13-45", "T9 2024", "<script>", "x" * 5000]
    ),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in _APPS}


_APPS = {"plans", "organisations", "accounts", "monitoring", "reports", "public", "onboarding", "api"}

FORM_ROUTES = [
    name
    for name, rule in EXPECTATIONS.items()
    if rule is not None and "bureau" in rule.allowed and name not in {"accounts:login", "dashboard:home"}
]


@pytest.mark.parametrize("name", FORM_ROUTES)
@pytest.mark.django_db
def test_malformed_posts_never_break(name):
    rule = EXPECTATIONS[name]
    swv = SwvFactory(code="PO7101")
    world = _world(swv)
    user = UserFactory(username="fuzz")
    member(user, swv, "bureau")
    world["sso_link"] = sso_links({("fuzz", "beheerder"): user}, "fuzz")  # the fuzzing user's own provider link
    client = Client(raise_request_exception=False)
    client.force_login(user)
    url = _url(name, rule, world)
    page = client.get(url)
    if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
        return
    fields = sorted(set(_INPUT_RE.findall(page.content.decode())) - _SKIP)
    if not fields:
        return

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.fixed_dictionaries(dict.fromkeys(fields, nasty)))
    def post(data):
        before = _counts()
        response = client.post(url, data)
        assert response.status_code < 500, f"{name} gaf {response.status_code} op {data!r}"
        if response.status_code == 200:  # refused: the form is shown again, nothing may be written
            assert _counts() == before, f"{name} schreef gegevens bij een geweigerd formulier"

    post()
