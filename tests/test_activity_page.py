"""The page of one activity (plans/activity_detail.html): how a priority and the start read.

Here and not in koers/plans/tests, because this only checks the wording and markup of the page's heading."""

import re

import pytest
from django.urls import reverse

from koers_dev.testing.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _page(client, activity):
    return client.get(reverse("plans:activity", args=[activity.pk])).content.decode()


def test_a_priority_is_a_badge_in_the_heading_not_an_underlined_heading(bureau_client, swv):
    activity = ActivityFactory(year_plan__plan__swv=swv, priority=True, description="Netwerkbijeenkomsten")
    page = _page(bureau_client, activity)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert heading.group(0).startswith("<h1>")  # no class="priority": that underlines it like a link
    assert '<span class="badge badge--priority heading-badge">Prioriteit</span>' in heading.group(1)
    assert "Netwerkbijeenkomsten" in heading.group(1)
    assert page.count("badge--priority") == 1

    plain = ActivityFactory(year_plan=activity.year_plan, priority=False)
    assert "badge--priority" not in _page(bureau_client, plain)


@pytest.mark.parametrize(
    ("start_text", "shown"),
    [("Start schooljaar 2024-2025", "<dd>schooljaar 2024-2025"), ("T3 2024", "<dd>T3 2024"), ("", "<dd>–")],
)
def test_the_start_does_not_say_start_twice(bureau_client, swv, start_text, shown):
    activity = ActivityFactory(year_plan__plan__swv=swv, start_text=start_text)
    page = _page(bureau_client, activity)
    start = page[page.index("<dt>Start</dt>") :]
    assert start[len("<dt>Start</dt>") :].startswith(shown)
