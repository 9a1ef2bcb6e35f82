"""Keyboard only: log in, find an own activity, post an update (issue 6). And the plan at phone width."""

from koers.demo.setup import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, login, screenshot


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
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "inloggen" not in url)
    page.wait_for_load_state()
    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'Mijn activiteiten'")
    assert focused_has_visible_outline(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-activiteiten/")
    page.wait_for_load_state()
    tab_to(page, "el.tagName === 'A' && el.closest('tbody') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/activiteit/*/")
    page.wait_for_selector("h2#update-title")
    tab_to(page, "el.id === 'id_status'")
    page.keyboard.press("End")  # a native select: End picks the last status
    tab_to(page, "el.id === 'id_happened'")
    page.keyboard.type("Met het toetsenbord bijgewerkt.")
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Update plaatsen')")
    page.keyboard.press("Enter")
    page.get_by_text("Uw update is opgeslagen.").wait_for()
    assert "Met het toetsenbord bijgewerkt." in page.locator(".timeline").inner_text()


def test_plan_at_phone_width(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "bureau")
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Plannen", exact=True).is_visible()  # folded away on a phone
    screenshot(page, "overzicht-telefoon")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    screenshot(page, "menu-telefoon")
    page.get_by_role("link", name="Plannen", exact=True).click()
    page.locator("main a[href*='/plannen/jaarplan/']").first.click()
    page.get_by_role("heading", level=1).wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"de pagina is {width}px breed op een scherm van 390px"
    assert_accessible(page)
    screenshot(page, "jaarplan-telefoon")
