import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_lockout_after_repeated_failures(client, swv):
    user = UserFactory(username="anna")
    member(user, swv, "eigenaar")
    for _ in range(5):
        _login(client, "anna", "fout")
    response = _login(client, "anna", "geheim-wachtwoord-123")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()


def test_password_policy_rejects_short_password():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kort1")


@override_settings(KOERS_REQUIRE_2FA=True)
def test_bureau_must_set_up_and_use_totp(client, swv):
    user = UserFactory(username="bea")
    member(user, swv, "bureau")
    assert _login(client, "bea", "geheim-wachtwoord-123").status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and reverse("accounts:otp_setup") in response["Location"]
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(totp(device.bin_key) + 1) % 1000000:06d}"
    response = client.post(reverse("accounts:otp_setup"), {"token": wrong})
    assert "klopt niet" in response.content.decode()
    assert client.get("/").status_code == 302  # wrong code: still not verified
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("accounts:otp_setup"), {"token": f"{totp(device.bin_key):06d}", "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    # a new session asks for the code, not a new setup
    client.logout()
    _login(client, "bea", "geheim-wachtwoord-123")
    response = client.get("/")
    assert reverse("accounts:otp_verify") in response["Location"]


@override_settings(KOERS_REQUIRE_2FA=True)
def test_owner_needs_no_second_factor(client, swv):
    user = UserFactory(username="otto")
    member(user, swv, "eigenaar")
    _login(client, "otto", "geheim-wachtwoord-123")
    assert client.get("/").status_code == 200


def test_security_headers(bureau_client):
    response = bureau_client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_session_expires_at_browser_close(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_csrf_is_enforced(swv):
    from django.test import Client

    user = UserFactory(username="carla")
    member(user, swv, "bureau")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("accounts:switch_swv"), {"swv": swv.pk})
    assert response.status_code == 403
