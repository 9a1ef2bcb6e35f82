"""The first-run setup: the open start, each step, resuming, all-or-nothing imports, the logo."""

import html
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from koers.accounts.models import Invitation, Membership, User
from koers.core.models import FileImport
from koers.onboarding import services
from koers.onboarding.middleware import FirstRunMiddleware
from koers.onboarding.models import Installation, Setup
from koers.onboarding.tests.images import SVG, jpeg_bytes, png_bytes
from koers.organisations.models import School, Schoolbestuur, Swv, SwvLogo
from koers.plans.models import Activity, Plan, YearPlan
from koers_dev.testing.factories import SwvFactory, UserFactory, member

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden"
START = "/inrichten/"
PASSWORD = "Zeer-geheim-wachtwoord-42"


def _account(**extra):
    data = {
        "first_name": "Anna", "last_name": "de Vries", "email": "anna@swv.example", "username": "anna",
        "password1": PASSWORD, "password2": PASSWORD, "swv_code": "po 28-06", "swv_name": "SWV Westland",
        "swv_short_name": "SPOW",
    }  # fmt: skip
    data.update(extra)
    return data


def _upload(name, content, content_type="text/csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def started():
    client = Client()
    response = client.post(START, _account())
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_empty_installation_shows_the_open_start():
    response = Client().get(START)
    assert response.status_code == 200
    assert "Welkom bij Koers" in response.content.decode()


def test_first_account_makes_beheerder_swv_and_logs_in(started):
    user = User.objects.get(username="anna")
    swv = Swv.objects.get()
    assert swv.code == "PO2806"  # normalised
    assert Membership.unscoped.get(user=user, swv=swv).role.code == "beheerder"
    assert Installation.objects.filter(created_by=user).exists()
    assert not user.is_superuser
    response = started.get(reverse("onboarding:overview"))
    assert response.status_code == 200
    assert "Nu aan de beurt" in response.content.decode()


def test_open_start_closes_after_the_first_account(started):
    assert not services.is_open()
    anonymous = Client()
    response = anonymous.get(START)
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    response = anonymous.post(START, _account(username="mallory", email="m@x.example", swv_code="PO2801"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    assert not User.objects.filter(username="mallory").exists()
    assert Swv.objects.count() == 1


def test_start_refuses_when_an_account_appears_meanwhile():
    UserFactory(username="eerder")
    with pytest.raises(services.StartClosed):
        services.create_first_account(
            username="anna", email="a@x.example", first_name="A", last_name="B", password=PASSWORD,
            code="PO2806", name="X",
        )  # fmt: skip
    assert not Swv.objects.exists()


@pytest.mark.parametrize("code", ["PO28", "XY2806", "PO 28-066", ""])
def test_invalid_swv_code_is_refused_in_dutch(code):
    response = Client().post(START, _account(swv_code=code))
    assert response.status_code == 200
    assert "geen SWV-code" in response.content.decode() or "verplicht" in response.content.decode().lower()
    assert not User.objects.exists() and not Swv.objects.exists()


def test_weak_or_different_passwords_are_refused():
    response = Client().post(START, _account(password1="kort", password2="kort"))
    assert response.status_code == 200 and not User.objects.exists()
    response = Client().post(START, _account(password2="iets-anders-dan-het-eerste"))
    assert "niet gelijk" in response.content.decode() and not User.objects.exists()


def _via_worker(client, url, data, capture):
    """Post an upload step; the worker (immediate backend) reads it on commit; follow the progress page to where
    it sends the user ("Verder" / "Wijzigingen bekijken")."""
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    progress = client.get(response["Location"]).content.decode()
    assert "Import klaar" in progress, progress[-2000:]
    return client.get(html.unescape(re.search(r'<a class="button" href="([^"]+)"', progress).group(1)))


def test_failing_duo_file_leaves_nothing(started, django_capture_on_commit_callbacks):
    bad = (DOCS / "vestigingenbo-voorbeeld.csv").read_bytes() + b'"x","1A","99ZZ","99ZZ00","KAPOT"\n'
    response = _via_worker(
        started,
        reverse("onboarding:step", args=["scholen"]),
        {"file": _upload("vestigingenbo.csv", bad), "only_own": "on"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "niets opgeslagen" in response.content.decode()
    assert not School.unscoped.exists() and not Schoolbestuur.unscoped.exists()
    assert "scholen" not in Setup.objects.get().done


def test_duo_file_fills_schools_and_boards_of_own_swv(started, django_capture_on_commit_callbacks):
    data = (DOCS / "vestigingenbo-voorbeeld.csv").read_bytes()
    response = _via_worker(
        started,
        reverse("onboarding:step", args=["scholen"]),
        {"file": _upload("vestigingenbo.csv", data), "only_own": "on"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:step", args=["plan"])
    assert School.unscoped.count() == 7  # the two of PO 28-01 are left out
    assert Schoolbestuur.unscoped.count() == 4
    assert "scholen" in Setup.objects.get().done


def test_whole_flow_and_resume_after_logout(started, django_capture_on_commit_callbacks):
    step = lambda key: reverse("onboarding:step", args=[key])  # noqa: E731
    assert started.post(step("scholen"), {"action": "skip"}).status_code == 302
    response = started.post(
        step("plan"),
        {"manier": "sjabloon", "title": "Ondersteuningsplan 2025-2029", "code": "osp-2025-2029",
         "first_year": 2025, "last_year": 2028, "template": "project", "mission": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.unscoped.get()
    assert plan.goal_label == "Ambitie"
    # leave, log out, log in again: the overview says where to go on
    assert started.post(step("jaarplan"), {"action": "later"})["Location"] == reverse("dashboard:home")
    started.logout()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302, "inloggen mislukt"
    response = client.get(START)
    assert response["Location"] == reverse("onboarding:overview")
    page = client.get(response["Location"]).content.decode()
    assert "Verder met: Jaarplan en eerste activiteit" in page
    response = client.post(
        step("jaarplan"),
        {"jaarplan-title": "Jaarplan 2025-2026", "jaarplan-school_year": 2025, "jaarplan-introduction": "",
         "activiteit-description": "Ondersteuningsprofielen bijwerken", "activiteit-start_text": "T3 2025",
         "activiteit-deadline_text": "juni 2026"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.unscoped.get()
    assert activity.year_plan == YearPlan.unscoped.get(plan=plan) and activity.code == "1"
    assert client.post(step("logo"), {"logo": _upload("logo.png", png_bytes(), "image/png")}).status_code == 302
    assert SwvLogo.objects.get().content_type == "image/png"
    with django_capture_on_commit_callbacks(execute=True):  # invitation mails go out after the commit
        response = client.post(
            step("uitnodigen"), {"email": "bob@swv.example", "role": _role("bureau"), "first_name": "Bob"}
        )
    assert response.status_code == 302
    # an invitation waits for Bob; access only once he accepts (ADR 0010)
    assert Invitation.unscoped.pending().filter(email="bob@swv.example", role__code="bureau").exists()
    assert not Membership.unscoped.filter(user__email="bob@swv.example").exists()
    assert mail.outbox and "bob@swv.example" in mail.outbox[-1].to
    response = client.post(step("uitnodigen"), {"action": "finish"})
    assert response["Location"] == reverse("onboarding:overview")
    setup = Setup.objects.get()
    assert setup.finished_at is not None
    assert "Klaar!" in client.get(reverse("onboarding:overview")).content.decode()


def _role(code):
    from koers.accounts.models import Role

    return Role.objects.get(code=code).pk


def test_jaarplan_is_all_or_nothing(started):
    swv = Swv.objects.get()
    Plan.unscoped.create(swv=swv, code="osp", title="OSP", first_year=2025, last_year=2028)
    response = started.post(
        reverse("onboarding:step", args=["jaarplan"]),
        {"jaarplan-title": "Jaarplan", "jaarplan-school_year": 2025, "activiteit-description": ""},
    )
    assert response.status_code == 200
    assert not YearPlan.unscoped.exists() and not Activity.unscoped.exists()


def test_the_first_jaarplan_goes_through_the_plans_service(started, monkeypatch):
    from koers.audit.models import HistoryEntry
    from koers.plans import services as plan_services

    saved = []
    real = plan_services.save_plan_object

    def spy(form, user, **kwargs):
        saved.append(type(form.instance).__name__)
        return real(form, user, **kwargs)

    monkeypatch.setattr(plan_services, "save_plan_object", spy)
    swv = Swv.objects.get()
    Plan.unscoped.create(swv=swv, code="osp", title="OSP", first_year=2025, last_year=2028)
    response = started.post(
        reverse("onboarding:step", args=["jaarplan"]),
        {"jaarplan-title": "Jaarplan 2025-2026", "jaarplan-school_year": 2025, "jaarplan-introduction": "",
         "activiteit-description": "Profielen bijwerken", "activiteit-start_text": "", "activiteit-deadline_text": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert saved == ["YearPlan", "Activity"]
    year_plan = YearPlan.unscoped.get()
    assert year_plan.swv == swv and year_plan.plan.code == "osp"
    assert HistoryEntry.objects.filter(model="plans.yearplan", object_id=str(year_plan.pk), username="anna")


def test_failing_plan_import_leaves_nothing(started, django_capture_on_commit_callbacks):
    response = _via_worker(
        started,
        reverse("onboarding:step", args=["plan"]),
        {"manier": "importeren", "file": _upload("plan.yaml", b"plan: [kapot", "application/yaml")},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "niets opgeslagen" in response.content.decode()
    assert not Plan.unscoped.exists()


def test_plan_import_from_example(started, django_capture_on_commit_callbacks):
    data = (DOCS / "voorbeeldplan.yaml").read_bytes()
    response = _via_worker(
        started,
        reverse("onboarding:step", args=["plan"]),
        {"manier": "importeren", "file": _upload("voorbeeldplan.yaml", data)},
        django_capture_on_commit_callbacks,
    )
    page = response.content.decode()
    assert "als nieuw plan" in page and not Plan.unscoped.exists()  # the change set first, then the confirmation
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    run = FileImport.unscoped.get()
    confirm = reverse("plans:plan_import_confirm", args=[run.pk])
    with django_capture_on_commit_callbacks(execute=True):  # the worker imports the confirmed file on commit
        response = started.post(confirm, {"bevestigen": "1", "digest": digest})
    assert response["Location"] == reverse("plans:plan_import_progress", args=[run.pk])
    progress = started.get(response["Location"]).content.decode()
    assert "Import klaar" in progress and "het bestand is ingelezen" in progress, progress[-2000:]
    back = html.unescape(re.search(r'<a class="button" href="([^"]+)"', progress).group(1))
    assert back.startswith(reverse("onboarding:step", args=["plan"]))  # back to the setup step, as before
    response = started.get(back, follow=True)
    setup = Setup.objects.get()
    following = reverse("onboarding:step", args=[services.next_step_after(setup, "plan").key])
    assert response.redirect_chain[-1][0] == following, response.redirect_chain  # back into the setup, a step on
    assert Plan.unscoped.count() == 1
    assert "plan" in setup.done and setup.plan == Plan.unscoped.get()
    run.refresh_from_db()
    assert run.status == FileImport.Status.APPLIED and run.data is None


def test_only_beheerder_uses_the_wizard():
    swv = SwvFactory(code="PO2806")
    user = UserFactory(username="bureau")
    member(user, swv, "bureau")
    client = Client()
    client.force_login(user)
    assert client.get(START).status_code == 403
    assert client.get(reverse("onboarding:overview")).status_code == 403


def test_system_manager_may_add_another_swv():
    SwvFactory(code="PO2801")
    admin = UserFactory(username="hoster", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert "Nieuw samenwerkingsverband" in client.get(START).content.decode()
    response = client.post(START, {"swv_code": "VO 28-02", "swv_name": "SWV VO Test"})
    assert response["Location"] == reverse("onboarding:overview")
    swv = Swv.objects.get(code="VO2802")
    assert Membership.unscoped.get(user=admin, swv=swv).role.code == "beheerder"
    response = client.post(START, {"swv_code": "VO2802", "swv_name": "Dubbel"})
    assert "staat al in Koers" in response.content.decode()


@override_settings(KOERS_REQUIRE_2FA=True)
def test_two_factor_setup_comes_after_the_first_account_and_returns_to_the_wizard():
    client = Client()
    response = client.post(START, _account(), follow=False)
    assert response["Location"] == reverse("onboarding:overview")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    assert "next=/inrichten/stappen/" in response["Location"]


def test_first_run_middleware_sends_every_page_to_the_start():
    FirstRunMiddleware.installed = False
    middleware = ["koers.onboarding.middleware.FirstRunMiddleware"]
    from django.conf import settings

    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, *middleware]):
        client = Client()
        response = client.get("/plannen/")
        assert response.status_code == 302 and response["Location"] == START
        assert client.get(START).status_code == 200
        client.post(START, _account())
        anonymous = Client()
        response = anonymous.get("/plannen/")
        assert "/inloggen/" in response["Location"]
    assert FirstRunMiddleware.installed


# ----------------------------------------------------------------------------------------------------------
# The logo
# ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def beheerder_client():
    swv = SwvFactory(code="PO2806", name="SWV Westland")
    user = UserFactory(username="beheer")
    member(user, swv, "beheerder")
    client = Client()
    client.force_login(user)
    return client, swv


def _edit(client, swv, **extra):
    data = {"name": swv.name, "short_name": "", "main_colour": "#1d4f91", "website": "", "contact_email": "",
            "steunpunt_contact": ""}  # fmt: skip
    data.update(extra)
    return client.post(reverse("organisations:swv_edit"), data)


@pytest.mark.parametrize(
    "name,content",
    [("logo.svg", SVG), ("logo.png", SVG), ("logo.png", b"\x89PNG\r\n\x1a\nkapot"), ("logo.gif", b"GIF89a....")],
)
def test_logo_refuses_anything_but_png_or_jpeg(beheerder_client, name, content):
    client, swv = beheerder_client
    response = _edit(client, swv, logo=_upload(name, content, "image/png"))
    assert response.status_code == 200
    assert "PNG" in response.content.decode()
    assert not SwvLogo.objects.exists()


def test_logo_too_big_is_refused(beheerder_client):
    import io
    import os

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3)).save(out, format="PNG")
    client, swv = beheerder_client
    response = _edit(client, swv, logo=_upload("groot.png", out.getvalue(), "image/png"))
    assert "groter dan 500 kB" in response.content.decode()
    assert not SwvLogo.objects.exists()


def test_logo_upload_shows_in_header_and_is_served_with_cache_headers(beheerder_client):
    client, swv = beheerder_client
    assert _edit(client, swv, logo=_upload("logo.jpg", jpeg_bytes(), "image/jpeg")).status_code == 302
    page = client.get(reverse("organisations:overview")).content.decode()
    assert 'alt="Logo SWV Westland"' in page
    url = Swv.objects.get().logo_url
    assert url in page.replace("&amp;", "&")
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    again = Client().get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert _edit(client, swv, remove_logo="on").status_code == 302
    assert not SwvLogo.objects.exists()
    assert Client().get(reverse("onboarding:logo", args=["PO2806"])).status_code == 404
    assert Client().get(reverse("onboarding:logo", args=["geen-code"])).status_code == 404


def test_open_start_is_closed_when_an_swv_exists_without_accounts():
    SwvFactory(code="PO2801")
    assert not services.is_open()
    response = Client().get(START)
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_logo_data_uri_for_documents():
    swv = SwvFactory(code="PO2806")
    logo = SwvLogo.objects.create(swv=swv, data=png_bytes(), content_type="image/png")
    assert logo.data_uri.startswith("data:image/png;base64,iVBOR")
