"""The plan tree folds (and remembers it per user), the TLV register pages; at phone width and at desktop width."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot

pytestmark = pytest.mark.browser

YEAR_PLAN = "Jaar- en Activiteitenplan 2024-2025"
WIDTHS = {"telefoon": 390, "desktop": 1280}
HEIGHTS = Path("var/planboom-hoogte.json")  # measured page heights, for the report (not a timed assertion)


def _height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def _fold_all(page, label):
    with page.expect_response(lambda r: "/plannen/boomstand/" in r.url and r.status == 204):
        page.get_by_role("button", name=label).click()


@pytest.mark.parametrize("device", WIDTHS)
def test_the_plan_tree_folds_and_remembers(page, demo, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    login(page, "bureau")
    page.goto("/plannen/")  # on a phone the main menu is folded (its own test: test_keyboard_and_phone)
    with navigation(page, url="**/plannen/jaarplan/*/"):
        page.locator("main a", has_text=YEAR_PLAN).first.click()
    tree = page.locator("#tree")
    goals = tree.locator("details.tree__goal")
    expect(goals.first).not_to_have_attribute("open", "")  # doelen start closed, with their counts
    expect(goals.first.locator(":scope > summary .tree__counts")).to_contain_text("activiteit")
    first = _height(page)
    screenshot(page, f"planboom-{device}")

    _fold_all(page, "Alles uitklappen")
    expanded = _height(page)
    expect(goals.first).to_have_attribute("open", "")
    _fold_all(page, "Alles inklappen")
    collapsed = _height(page)
    assert collapsed < first < expanded

    # one doel opened by hand stays open after a reload; the rest stays closed
    theme = tree.locator("li.tree__theme > details").first
    with page.expect_response(lambda r: "/plannen/boomstand/" in r.url and r.status == 204):
        theme.locator("summary").first.click()
    with page.expect_response(lambda r: "/plannen/boomstand/" in r.url and r.status == 204):
        theme.locator("details.tree__goal > summary").first.click()
    with navigation(page):
        page.reload()
    expect(goals.nth(0)).to_have_attribute("open", "")
    expect(tree.locator("details.tree__goal[open]")).to_have_count(1)
    screenshot(page, f"planboom-een-doel-open-{device}")

    # the rest of the actions are one menu
    page.get_by_text("Meer acties").click()
    expect(page.get_by_role("link", name="Volgend schooljaar maken")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"jaarplan-menu-{device}")

    HEIGHTS.parent.mkdir(exist_ok=True)
    heights = json.loads(HEIGHTS.read_text()) if HEIGHTS.exists() else {}
    heights[device] = {"standaard": first, "ingeklapt": collapsed, "uitgeklapt": expanded}
    HEIGHTS.write_text(json.dumps(heights, indent=2))


@pytest.mark.parametrize("device", WIDTHS)
def test_the_register_is_paged_searched_and_sorted(page, demo, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    login(page, "bureau")
    page.goto("/monitoring/register/tlv/")
    count = page.locator("#register-count")
    expect(count).to_contain_text(re.compile(r"regels, pagina 1 van \d+"))
    expect(page.locator("main tbody tr")).to_have_count(50)
    assert_accessible(page)
    screenshot(page, f"register-tlv-{device}")

    with navigation(page):
        page.get_by_role("link", name="Volgende").click()
    expect(count).to_contain_text("pagina 2 van")
    expect(page.locator('.pagination a[aria-current="page"]')).to_contain_text("2")

    with navigation(page):
        page.get_by_role("columnheader", name=re.compile("dossiernummer")).get_by_role("link").click()
    expect(page.get_by_role("columnheader", name=re.compile("dossiernummer"))).to_have_attribute(
        "aria-sort", "ascending"
    )
    number = page.locator("main tbody tr").first.locator("td").first.inner_text()
    page.get_by_label("Zoek op nummer").fill(number)
    with navigation(page):
        page.get_by_role("button", name="Toon").click()
    expect(page.locator("main tbody tr").first.locator("td").first).to_have_text(number)
    expect(count).not_to_contain_text("pagina")
    screenshot(page, f"register-tlv-zoeken-{device}")
