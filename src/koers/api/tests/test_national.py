"""The API gives, beside a participation measure, the national figure of the latest DUO year at or before the
date and the SWV's rank; other measures have none; a suppressed own value gets no rank."""

import pytest
from django.urls import reverse

from koers.api.tests.test_monitoring import _client
from koers.monitoring.models import NationalCount, PupilCount
from koers_dev.testing.worlds import ON, small_counts_world

pytestmark = pytest.mark.django_db


def test_national_figure_and_rank_in_the_api():
    world = small_counts_world()
    swv = world["swv"]
    year = ON.year - 1 if ON.month >= 10 else ON.year - 2  # an older year than the date's own: the latest there is
    for code, sbo in ((swv.code, 30), ("PO9902", 20), ("PO9903", 40), ("PO9904", 50)):
        for t, n in (("BO", 1000), ("SBO", sbo)):
            NationalCount.objects.create(swv_code=code, peiljaar=year, school_type=t, count=n)
    PupilCount.unscoped.filter(swv=swv).delete()
    for t, n in (("BO", 1000), ("SBO", 30)):
        PupilCount.unscoped.create(swv=swv, peiljaar=year, peildatum=ON.replace(year=year, month=10, day=1),
                                   school_type=t, count=n)  # fmt: skip
    data = _client(world, "toezicht").get(reverse("api:maat", args=["deelname_sbo"]), {"datum": ON.isoformat()}).json()
    national = data["national"]
    assert national["peiljaar"] == year and (national["plaats"], national["van"]) == (2, 4)
    assert national["tekst"] == f"landelijk cijfer peiljaar {year}; plaats 2 van 4"
    other = _client(world, "toezicht").get(reverse("api:maat", args=["tlv_afgegeven"]), {"datum": ON.isoformat()})
    assert other.json()["national"] is None
