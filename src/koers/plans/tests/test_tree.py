"""The jaarplan tree: folding levels remembered per user, counts per branch, "activiteit toevoegen" in place, one
primary action."""

import re

import pytest
from django.urls import reverse

from koers.accounts import services as account_services
from koers.accounts.models import User
from koers_dev.testing.factories import (
    ActivityFactory,
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    UserFactory,
    YearPlanFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(swv):
    goal = GoalFactory(theme__plan__swv=swv, title="Thuisnabij onderwijs")
    year_plan = YearPlanFactory(plan=goal.plan)
    main = MainActivityFactory(swv=swv, plan=goal.plan, goal=goal, theme=goal.theme, title="Dekkend netwerk")
    ActivityFactory(year_plan=year_plan, goal=goal, status="loopt", description="Alpha")
    ActivityFactory(year_plan=year_plan, goal=goal, main_activity=main, status="loopt", description="Beta")
    ActivityFactory(year_plan=year_plan, goal=goal, status="afgerond", description="Gamma")
    IndicatorFactory(swv=swv, plan=goal.plan, goal=goal)
    return {"goal": goal, "main": main, "year_plan": year_plan, "url": reverse("plans:year_plan", args=[year_plan.pk])}


def _details(html, key):
    return re.search(rf'<details[^>]*data-tak="{key}"[^>]*>', html).group(0)


def test_a_closed_goal_shows_its_counts_per_status_and_indicators(bureau_client, tree):
    html = bureau_client.get(tree["url"]).content.decode()
    goal = f"doel-{tree['goal'].pk}"
    assert " open" not in _details(html, goal)  # doelen start closed, themes open
    assert " open" in _details(html, f"thema-{tree['goal'].theme_id}")
    summary = html[html.index(_details(html, goal)) :].split("</summary>")[0]
    assert "3 activiteiten" in summary and "1 indicator" in summary
    assert re.search(r"Loopt: 2</span>", summary, re.I) and re.search(r"Afgerond: 1</span>", summary, re.I)


def test_the_open_state_is_remembered_per_user(bureau_client, bureau_user, swv, tree):
    goal = f"doel-{tree['goal'].pk}"
    response = bureau_client.post(reverse("plans:tree_state"), {"tak": goal, "open": "1"})
    assert response.status_code == 204
    assert User.objects.get(pk=bureau_user.pk).tree_state == {goal: True}
    assert " open" in _details(bureau_client.get(tree["url"]).content.decode(), goal)
    # another user keeps the default
    other = UserFactory()
    member(other, swv, "bureau")
    bureau_client.force_login(other)
    assert " open" not in _details(bureau_client.get(tree["url"]).content.decode(), goal)


def test_folding_everything_is_one_request(bureau_client, bureau_user, tree):
    keys = f"thema-{tree['goal'].theme_id},doel-{tree['goal'].pk},hoofdactiviteit-{tree['main'].pk}"
    assert bureau_client.post(reverse("plans:tree_state"), {"tak": keys, "open": "0"}).status_code == 204
    state = User.objects.get(pk=bureau_user.pk).tree_state
    assert state == dict.fromkeys(keys.split(","), False)
    html = bureau_client.get(tree["url"]).content.decode()
    assert all(" open" not in _details(html, key) for key in keys.split(","))


@pytest.mark.parametrize("key", ["", "doel-", "doel-0", "doel-1; drop", "plan-1", "doel-1,<script>"])
def test_only_tree_keys_are_stored(bureau_client, bureau_user, key):
    assert bureau_client.post(reverse("plans:tree_state"), {"tak": key, "open": "1"}).status_code == 400
    assert User.objects.get(pk=bureau_user.pk).tree_state == {}


def test_the_state_is_bounded(bureau_user):
    keys = [f"doel-{n}" for n in range(1, account_services.TREE_STATE_MAX + 11)]
    account_services.remember_branches(bureau_user, keys[: account_services.TREE_STATE_MAX], True)
    account_services.remember_branches(bureau_user, keys[account_services.TREE_STATE_MAX :], False)
    state = User.objects.get(pk=bureau_user.pk).tree_state
    assert len(state) == account_services.TREE_STATE_MAX and "doel-1" not in state and state[keys[-1]] is False


def test_a_filtered_tree_is_open_everywhere(bureau_client, tree):
    html = bureau_client.get(tree["url"], {"status": "loopt"}).content.decode()
    assert " open" in _details(html, f"doel-{tree['goal'].pk}")
    assert "Alpha" in html and "Gamma" not in html


def test_activity_added_in_place_has_its_parent_preselected(bureau_client, tree):
    html = bureau_client.get(tree["url"]).content.decode()
    new = reverse("plans:activity_new", args=[tree["year_plan"].pk])
    assert f'{new}?doel={tree["goal"].pk}"' in html and f'{new}?hoofdactiviteit={tree["main"].pk}"' in html
    form = bureau_client.get(new, {"hoofdactiviteit": tree["main"].pk}).content.decode()
    selected = dict(re.findall(r'<select name="(\w+)"[^>]*>.*?<option value="(\d+)" selected>', form, re.S))
    assert selected["main_activity"] == str(tree["main"].pk) and selected["goal"] == str(tree["goal"].pk)
    assert selected["theme"] == str(tree["goal"].theme_id)


def test_a_place_of_another_plan_is_ignored(bureau_client, swv, tree):
    foreign = GoalFactory(theme__plan__swv=swv)
    form = bureau_client.get(
        reverse("plans:activity_new", args=[tree["year_plan"].pk]), {"doel": foreign.pk}
    ).content.decode()
    assert f'<option value="{foreign.pk}" selected>' not in form


def test_one_primary_action_and_the_rest_in_a_menu(bureau_client, tree):
    html = bureau_client.get(tree["url"]).content.decode()
    actions = html[html.index('<div class="actions">') :].split("</details>")[0]
    assert actions.count('class="button"') == 1 and "Nieuwe jaaractiviteit" in actions
    assert '<details class="menu">' in actions and "Volgend schooljaar maken" in actions


def test_a_reader_gets_no_add_links(client, swv, tree):
    user = UserFactory()
    member(user, swv, "toezicht")
    client.force_login(user)
    html = client.get(tree["url"]).content.decode()
    assert "Activiteit toevoegen" not in html and "Nieuwe jaaractiviteit" not in html
    assert "Exporteer naar Excel" in html
