"""Keyboard only: log in, find an own activity, post an update (issue 6). And the plan at phone width."""

from playwright.sync_api import expect

from koers.demo.setup import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, login, navigation, screenshot, settled


def tab_to(page, predicate_js, limit=120):
    """Press Tab until the focused element satisfies predicate_js(el); fail when it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }})()"):
            return
    raise AssertionError(f"geen element met {predicate_js} bereikbaar met Tab")


def focused_has_visible_outline(page):
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); "
        "return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; })()"
    )


def test_keyboard_only_update(page, demo):
    page.goto("/account/inloggen/")
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type("eigenaar")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with navigation(page, url=lambda url: "inloggen" not in url):
        page.keyboard.press("Enter")
    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'Mijn activiteiten'")
    assert focused_has_visible_outline(page)
    with navigation(page, url="**/mijn-activiteiten/"):
        page.keyboard.press("Enter")
    tab_to(page, "el.tagName === 'A' && el.closest('tbody') !== null")
    with navigation(page, url="**/activiteit/*/"):
        page.keyboard.press("Enter")
    expect(page.locator("h2#update-title")).to_be_visible()
    tab_to(page, "el.id === 'id_status'")
    page.keyboard.press("End")  # a native select: End picks the last status
    tab_to(page, "el.id === 'id_happened'")
    page.keyboard.type("Met het toetsenbord bijgewerkt.")
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Update plaatsen')")
    with navigation(page):
        page.keyboard.press("Enter")
    expect(page.get_by_text("Uw update is opgeslagen.")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Met het toetsenbord bijgewerkt.")


def test_plan_at_phone_width(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "bureau")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Plannen", exact=True)).to_be_hidden()  # folded away on a phone
    screenshot(page, "overzicht-telefoon")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Plannen", exact=True)).to_be_visible()
    screenshot(page, "menu-telefoon")
    with navigation(page, url="**/plannen/"):
        page.get_by_role("link", name="Plannen", exact=True).click()
    with navigation(page, url="**/plannen/jaarplan/*/"):
        page.locator("main a[href*='/plannen/jaarplan/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    settled(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"de pagina is {width}px breed op een scherm van 390px"
    assert_accessible(page)
    screenshot(page, "jaarplan-telefoon")
