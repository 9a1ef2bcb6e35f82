"""The tertiaal an update form proposes: today's when it belongs to the jaarplan, else the next one to report."""

import pytest

from koers.core import clock
from koers.plans.forms import UpdateForm
from koers.plans.models import ActivityUpdate
from koers_dev.testing.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_an_old_jaarplan_proposes_the_first_tertiaal_without_an_update(swv):
    activity = ActivityFactory(swv=swv, year_plan__plan__swv=swv, year_plan__school_year=2014, start_text="T2 2015")
    assert activity.start_tertiaal == "2015-T2"
    assert UpdateForm(activity=activity).initial["tertiaal"] == "2015-T2"  # not T3 2014, before the start
    ActivityUpdate.unscoped.create(swv=swv, activity=activity, tertiaal="2015-T2", status="loopt", happened="x")
    # T3 2015 belongs to the next school year: the form offers only T3 2014, T1 2015 and T2 2015
    assert [k for k, _label in UpdateForm(activity=activity).fields["tertiaal"].choices] == [
        "2014-T3",
        "2015-T1",
        "2015-T2",
    ]
    assert UpdateForm(activity=activity).initial["tertiaal"] == "2015-T2"


def test_a_current_jaarplan_proposes_today(swv):
    from koers.core.periods import Tertiaal, school_year_of

    activity = ActivityFactory(swv=swv, year_plan__plan__swv=swv, year_plan__school_year=school_year_of(clock.today()))
    assert UpdateForm(activity=activity).initial["tertiaal"] == Tertiaal.of(clock.today()).key
