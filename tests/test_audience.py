"""The audience layer: an SWV-owned model cannot be read without a scope, and restrict() is the one row rule."""

import pytest
from django.apps import apps
from django.urls import reverse

from koers.accounts.audience import for_command_line, for_readers
from koers.core.audience import Audience, NoAudience, UnscopedQuery
from koers.core.models import ScopedRows, SwvOwned
from koers.monitoring.models import Tlv
from koers.plans.models import Activity
from koers.reports.models import Report
from koers_dev.testing.factories import ActivityFactory, SwvFactory, UserFactory
from koers_dev.testing.worlds import small_counts_world

pytestmark = pytest.mark.django_db

# SwvOwned models, and the models with an SWV that are not SwvOwned (memberships, invitations, API keys)
SWV_OWNED = [m for m in apps.get_models() if issubclass(m, (SwvOwned, ScopedRows))]


def test_the_list_holds_the_models_with_an_swv_that_are_not_swv_owned():
    labels = {m._meta.label for m in SWV_OWNED}
    assert {"accounts.Membership", "accounts.Invitation", "api.ApiToken"} <= labels


def test_calendar_feed_tokens_are_swv_owned():
    from koers.trajectory.models import FeedToken

    assert issubclass(FeedToken, SwvOwned) and FeedToken in SWV_OWNED


@pytest.mark.parametrize("model", SWV_OWNED, ids=lambda m: m._meta.label)
def test_every_swv_owned_model_refuses_an_unscoped_read(model):
    for read in (
        lambda: list(model.objects.all()),
        lambda: model.objects.filter(pk=1).exists(),
        lambda: model.objects.count(),
        lambda: model.objects.get(pk=1),
        lambda: model.objects.exclude(pk=1),
        lambda: model.objects.values("pk"),
    ):
        with pytest.raises(UnscopedQuery):
            read()
    with pytest.raises(UnscopedQuery):
        model.objects.create()  # without an SWV


def test_restrict_and_for_swv_see_only_their_swv():
    mine, theirs = ActivityFactory(), ActivityFactory()
    audience = for_command_line(mine.swv, "bureau")
    assert list(Activity.objects.restrict(audience)) == [mine]
    assert list(Activity.objects.for_swv(theirs.swv)) == [theirs]
    with pytest.raises(UnscopedQuery):
        Activity.objects.restrict(mine.swv)  # an SWV is not an audience


def test_pupil_rows_only_with_pupil_level_access_and_own_schools_only():
    world = small_counts_world()
    swv = world["swv"]
    assert Tlv.objects.restrict(for_command_line(swv, "bureau")).count() == 13
    assert Tlv.objects.restrict(for_command_line(swv, "toezicht")).count() == 0
    assert Tlv.objects.restrict(Audience.public(swv)).count() == 0
    own_a = Audience(swv_id=swv.pk, kind="gebruiker", pupil_level=True, schools=frozenset({world["school_a"].brin6}))
    assert Tlv.objects.restrict(own_a).count() == 3


def test_readers_see_issued_reports_only():
    world = small_counts_world()
    swv = world["swv"]
    Report.unscoped.create(swv=swv, title="Concept")
    Report.unscoped.create(swv=swv, title="Uitgebracht", status=Report.Status.ISSUED)
    assert [r.title for r in Report.objects.restrict(for_readers(swv))] == ["Uitgebracht"]
    assert Report.objects.restrict(for_command_line(swv, "bureau")).count() == 2


def test_a_schoolbestuur_role_without_a_bestuur_sees_no_school():
    swv = SwvFactory()
    assert for_command_line(swv, "schoolbestuur").schools == frozenset()
    assert for_command_line(swv, "toezicht").schools is None


def test_a_system_audience_says_why():
    with pytest.raises(ValueError):
        Audience.system(SwvFactory(), reason="")
    with pytest.raises(NoAudience):
        Audience(swv_id=None, kind="gebruiker")


def test_a_user_without_membership_gets_a_page_not_a_500(client):
    """Reproduced: GET / gave a 500 for a logged-in user without a membership (request.swv was a lazy None)."""
    SwvFactory()  # an installed Koers, so the first-run wizard does not take over
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 403
    assert "nog niet gekoppeld" in response.content.decode()
    for name in ("plans:plan_list", "monitoring:overview", "reports:archive"):
        assert client.get(reverse(name)).status_code in (302, 403), name
