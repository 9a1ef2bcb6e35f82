"""A refused, missing or broken page is a Dutch Koers page, not Django's bare English one."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def login_as(client, swv):
    def login(role):
        user = UserFactory()
        member(user, swv, role)
        client.force_login(user)
        return client

    return login


@pytest.mark.parametrize(("role", "url"), [("toezicht", "/organisatie/"), ("eigenaar", "/monitoring/")])
def test_a_role_without_the_right_gets_a_dutch_403_page_in_the_koers_layout(login_as, role, url):
    response = login_as(role).get(url)
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Geen toegang</h1>" in page
    assert "Vraag dan de beheerder van uw samenwerkingsverband om een andere rol." in page
    assert '<a href="/">Naar het overzicht</a>' in page
    assert 'aria-label="Hoofdmenu"' in page and "Uitloggen" in page  # the Koers menu of a logged-in user
    assert '<html lang="nl"' in page and "Forbidden" not in page


def test_an_unknown_address_gets_a_dutch_404_page_in_the_koers_layout(login_as):
    response = login_as("bureau").get("/bestaat-niet/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Pagina niet gevonden</h1>" in page
    assert '<a href="/">Naar het overzicht</a>' in page
    assert 'aria-label="Hoofdmenu"' in page
    assert "Not Found" not in page


def test_a_visitor_who_is_not_logged_in_also_gets_the_dutch_404_page(client, bureau_user):  # a user: no first run
    response = client.get("/bestaat-niet/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Pagina niet gevonden</h1>" in page and 'aria-label="Hoofdmenu"' not in page


def test_the_500_page_is_dutch_and_needs_no_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))  # renders 500.html without a request context
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Er ging iets mis</h1>" in page and '<a href="/">Naar het overzicht</a>' in page
    assert '<link rel="stylesheet" href="/static/koers/koers.css">' in page
    assert "<script" not in page  # nothing that needs the app or an inline script (the CSP forbids those)


def test_a_form_without_a_valid_csrf_token_gets_a_dutch_page_that_says_what_to_do(bureau_user):  # a user: no first run
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/inloggen/", {"username": "bureau", "password": "geheim"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Het formulier is verlopen</h1>" in page
    assert "te lang open heeft gestaan" in page and "cookies" in page
    assert "Laad de pagina opnieuw" in page and "verstuur het nog een keer" in page
    assert '<a href="/">Naar het overzicht</a>' in page
    assert '<html lang="nl"' in page and "Forbidden" not in page and "verification failed" not in page
    assert "<script>" not in page  # no inline script (the CSP forbids those)


def test_the_csrf_page_also_keeps_the_menu_of_a_logged_in_user(swv):
    user = UserFactory()
    member(user, swv, "bureau")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/account/uitloggen/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Het formulier is verlopen</h1>" in page and 'aria-label="Hoofdmenu"' in page
