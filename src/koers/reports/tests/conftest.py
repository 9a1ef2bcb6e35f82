"""Fixtures of the reports tests; the data itself is built in world.py."""

import pytest

from koers.reports import indicators as adapter
from koers.reports.tests.world import VALUES, build_world, fake_evaluation
from koers_dev.testing.factories import UserFactory, member


@pytest.fixture
def monitoring_values(monkeypatch):
    """Indicator values as koers.monitoring.evaluation will give them."""
    values = dict(VALUES)
    fake = fake_evaluation(values)
    monkeypatch.setattr(adapter, "evaluation", fake)
    return values


@pytest.fixture
def plan_world(swv):
    return build_world(swv)


@pytest.fixture
def toezicht_client(swv):
    from django.test import Client

    user = UserFactory(username="toezicht")
    member(user, swv, "toezicht")
    client = Client()
    client.force_login(user)
    return client
