from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "geheim-wachtwoord-123"


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)


def code(device, offset=0):
    return f"{(totp(device.bin_key) + offset) % 1000000:06d}"


def verify(client, device):
    """Give the second factor in this client's session."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    # a code is accepted once per time step: allow a second verification in the same 30 s
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    response = client.post(reverse("accounts:otp_verify"), {"token": code(device)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
