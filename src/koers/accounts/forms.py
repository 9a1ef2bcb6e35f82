from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User

EMAIL_IN_USE = _("Dit e-mailadres kunt u niet gebruiken. Kies een ander adres, of vraag de beheerder om hulp.")


def email_in_use(email: str, exclude=None) -> bool:
    """Is ``email`` (any case) the address of another account?"""
    if not email:
        return False
    others = User.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


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
    """Name and notification setting take effect at once; a new e-mail address only after it is confirmed."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "email_notifications"]
        help_texts = {
            "email": _(
                "Wijzigt u dit adres, dan krijgt het nieuwe adres eerst een e-mail met een link om het te bevestigen."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_email = self.instance.email
        self.fields["email"].widget.attrs["aria-describedby"] = "id_email_help"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email.lower() != (self.current_email or "").lower() and email_in_use(email, exclude=self.instance):
            raise forms.ValidationError(EMAIL_IN_USE)
        return email

    @property
    def new_email(self) -> str | None:
        """The address that waits for confirmation, or None when the address did not change (or was emptied)."""
        email = self.cleaned_data.get("email", "")
        if email and email.lower() != (self.current_email or "").lower():
            return email
        return None

    def save(self, commit=True):
        if self.new_email:
            self.instance.email = self.current_email  # the new one waits for confirmation
        return super().save(commit=commit)
