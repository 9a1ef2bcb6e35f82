"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

The tests wait for conditions, never for a time: ``navigation`` for a new page, ``htmx_swap`` for a part of a page
that htmx replaces, ``settled`` for "loaded and htmx idle", and ``expect(...)`` (which retries) for assertions on
what the page shows. ``page.wait_for_timeout`` and ``time.sleep`` are not used (tests/test_browser_waits.py).
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("KOERS_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
# Screenshots for the user guide go to an untracked folder, so a test run changes no tracked file;
# `make handleiding` copies them into docs/handleiding/img/. src/koers/reports/tests/test_documents.py reads the same.
SCREENSHOTS = Path(os.environ.get("KOERS_SCREENSHOT_DIR") or ROOT / "var" / "handleiding-img")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


TIMEOUT_MS = 15000  # every wait is for a condition; this is only how long before a missing one fails the test


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # expect(...) retries its assertion up to this long (default 5 s)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS
    from koers.demo import setup

    # a transactional test flushes the roles that migration 0003 ships; put them back
    for code, name, description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})
    return setup.load()


# True when the page has loaded and htmx (where the page has it) has processed it and has no request, swap or
# settle under way. The data- attributes are set by koers.js; the classes are htmx's own.
IDLE = """() => document.readyState === "complete"
    && (!window.htmx || document.body.dataset.htmxIdle === "true")
    && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")"""
SETTLED_SWAPS = "() => Number(document.body.dataset.htmxSettled || 0)"


def settled(page):
    """Wait until the page has loaded and htmx is idle."""
    page.wait_for_load_state("load")
    page.wait_for_function(IDLE, polling=50)


@contextmanager
def navigation(page, url=None):
    """Wait, after the block (a click or a key that leaves the page), until the next page has loaded and settled.

    ``url`` (a glob, regex or predicate as in Playwright) is the page that must come next. Not for htmx with
    hx-push-url: Playwright counts a history push as a navigation too; use ``htmx_swap`` there."""
    with page.expect_navigation(url=url, wait_until="load"):
        yield
    settled(page)


@contextmanager
def htmx_swap(page):
    """Wait, after the block (a change or a submit that htmx handles), until htmx has swapped the new content in
    and settled it (only then are the triggers of the new content attached), and is idle again."""
    settled(page)
    before = page.evaluate(SETTLED_SWAPS)
    yield
    page.wait_for_function(f"n => ({SETTLED_SWAPS})() > n && ({IDLE})()", arg=before, polling=50)


def login(page, username, password=None, swv="SPOW"):
    from playwright.sync_api import expect

    from koers.demo.setup import DEMO_PASSWORD

    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password or DEMO_PASSWORD)
    with navigation(page, url=lambda url: "/account/inloggen/" not in url):
        page.get_by_role("button", name="Inloggen").click()
    switch = page.locator("#swv-switch")
    if swv and switch.count() and swv not in switch.locator("option:checked").inner_text():
        with navigation(page):
            switch.select_option(label=swv)  # data-autosubmit: the form is sent on change
        expect(page.get_by_text(f"U werkt nu in {swv}")).to_be_visible()


def screenshot(page, name):
    settled(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False, animations="disabled", caret="hide")


def url_with(text):
    """A pattern for expect(page).to_have_url(...): the URL contains ``text``."""
    return re.compile(re.escape(text))


def assert_accessible(page):
    """axe-core with the WCAG 2.1 A/AA rules on the settled page: no violations allowed."""
    from axe_playwright_python.sync_playwright import Axe

    settled(page)
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    violations = results.response["violations"]
    assert not violations, results.generate_report()
