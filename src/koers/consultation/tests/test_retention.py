"""The retention job (koers bewaartermijn, run monthly by koers onderhoud) empties the name and e-mail of the
invitees of feedback rounds closed longer than KOERS_GENODIGDEN_BEWAARDAGEN ago; the comments stay, signed by
the invitee's group, in the round and in the appendix."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from koers.consultation import services
from koers.consultation.documents import appendix_payload
from koers.consultation.models import Comment, Invitee
from koers.core.audience import Audience
from koers.plans.models import Plan
from koers_dev.testing.factories import GoalFactory, PlanFactory, SwvFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(settings):
    settings.KOERS_TODAY = "2025-07-21"
    settings.KOERS_GENODIGDEN_BEWAARDAGEN = 90
    made = {}
    for code, closes_on in (("PO7001", date(2025, 3, 31)), ("PO7002", date(2025, 7, 31))):
        swv = SwvFactory(code=code)
        plan = PlanFactory(swv=swv, status=Plan.Status.DRAFT)
        goal = GoalFactory(theme__plan=plan, plan=plan, swv=swv)
        bureau = UserFactory()
        member(bureau, swv, "bureau")
        round_ = services.open_round(plan, bureau, title="Reacties", opens_on=date(2025, 3, 1), closes_on=closes_on)
        invitee, _token = services.invite(
            round_, bureau, name="Mevrouw Jansen", email="jansen@example.org", group="ouder", name_in_appendix=True
        )
        Comment.objects.create(swv=swv, round=round_, element=f"goal:{goal.pk}", invitee=invitee, text="Graag eerder.")
        made[code] = (swv, plan, invitee)
    return made


def _run(*args):
    out = StringIO()
    call_command("bewaartermijn", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_counts_and_empties_nothing(rounds):
    out = _run()
    assert "Genodigden van reactierondes over hun bewaartijd (zouden worden gewist): 1." in out
    assert Invitee.unscoped.filter(purged=False, email="jansen@example.org").count() == 2


def test_the_retention_job_empties_invitees_of_rounds_closed_long_enough_ago_and_keeps_their_comments(rounds):
    out = _run("--uitvoeren")
    assert "Genodigden van reactierondes gewist (naam en e-mailadres): 1." in out
    swv, plan, old = rounds["PO7001"]
    old.refresh_from_db()
    assert (old.name, old.email, old.purged, old.name_in_appendix) == ("", "", True, False)
    comment = Comment.objects.for_swv(swv).get(invitee=old)
    assert comment.text == "Graag eerder." and comment.by_label == "een ouder"
    payload = appendix_payload(plan, Audience.system(swv, reason="test"))
    assert payload["sections"][0]["comments"][0]["by"] == "een ouder"
    assert "Jansen" not in str(payload) and "@example.org" not in str(payload)
    # the round that closed 10 days ago keeps its invitee (name in the appendix as agreed)
    _swv, _plan, recent = rounds["PO7002"]
    recent.refresh_from_db()
    assert recent.email == "jansen@example.org" and not recent.purged and recent.appendix_name == "Mevrouw Jansen"
    # a second run finds nothing more
    assert "gewist (naam en e-mailadres): 0." in _run("--uitvoeren")


def test_koers_onderhoud_runs_the_retention_job_monthly(rounds, settings):
    settings.KOERS_TODAY = "2025-08-01"
    settings.KOERS_ONDERHOUD_BEWAARTERMIJN_DAG = 1
    call_command("onderhoud", "--stap", "bewaartermijn", stdout=StringIO(), stderr=StringIO())
    assert Invitee.unscoped.filter(purged=True).count() == 1
