from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "email_notifications"]
