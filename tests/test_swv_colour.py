"""The SWV's main colour goes into a <style> element on every page: only a colour code gets there."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.organisations.models import Swv
from koers.public.models import PublicPage

pytestmark = pytest.mark.django_db

# The field holds 7 characters (PostgreSQL refuses more), enough to close the rule and start another one.
ATTACK = "};*{x:0"


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard:home"),
        reverse("accounts:profile"),
        reverse("plans:plan_list"),
        reverse("organisations:overview"),
    ],
)
def test_a_hostile_main_colour_renders_base_pages_with_the_default_colour(bureau_client, swv, url):
    Swv.objects.filter(pk=swv.pk).update(main_colour=ATTACK)  # past the model's validation, as a raw write could
    response = bureau_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "--koers-swv-colour: #1d4f91;" in page
    assert page.count("<style") == 1 and page.count("</style>") == 1
    assert ATTACK not in page.split("</head>")[0]  # shown as text at most


def test_a_hostile_main_colour_on_the_public_page(client, swv):
    PublicPage.unscoped.create(swv=swv, published=True)
    Swv.objects.filter(pk=swv.pk).update(main_colour=ATTACK)
    page = client.get(reverse("public:page", args=[swv.code])).content.decode()
    assert "--koers-swv-colour: #1d4f91;" in page
    assert page.count("</style>") == 1 and ATTACK not in page.split("</head>")[0]


def test_a_valid_main_colour_is_used(bureau_client, swv):
    Swv.objects.filter(pk=swv.pk).update(main_colour="#00567a")
    assert "--koers-swv-colour: #00567a;" in bureau_client.get(reverse("dashboard:home")).content.decode()


@pytest.mark.parametrize("colour", ["#1d4f91", "#ABC", "#00567a"])
def test_the_model_accepts_a_colour_code(swv, colour):
    swv.main_colour = colour
    swv.full_clean()


@pytest.mark.parametrize("colour", [ATTACK[:7], "red", "1d4f91", "#1d4f9", "#1d4f91\n", "#ggg", ""])
def test_the_model_refuses_anything_else(swv, colour):
    swv.main_colour = colour
    with pytest.raises(ValidationError) as exc:
        swv.full_clean()
    assert "main_colour" in exc.value.message_dict
