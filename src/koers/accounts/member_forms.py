from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Role
from koers.core import forms as koers_forms
from koers.organisations.models import Actor, Schoolbestuur


def _describe(form):
    for name, field in form.fields.items():
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"id_{name}_help"


class MembershipFieldsMixin:
    """Role, schoolbestuur (only for the role schoolbestuur) and linked actors, limited to the current SWV."""

    def _setup(self, swv):
        self.swv = swv
        self.fields["role"].queryset = Role.objects.all()
        self.fields["schoolbestuur"].queryset = Schoolbestuur.objects.for_swv(swv)
        self.fields["actors"].queryset = Actor.objects.for_swv(swv)
        _describe(self)

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role and role.code == "schoolbestuur" and not cleaned.get("schoolbestuur"):
            self.add_error("schoolbestuur", _("Kies bij de rol schoolbestuur welk schoolbestuur deze gebruiker ziet."))
        if role and role.code != "schoolbestuur":
            cleaned["schoolbestuur"] = None
        return cleaned


def _role_field():
    return koers_forms.ModelChoiceField(
        label=_("Rol"),
        queryset=Role.objects.none(),
        empty_label=None,
        help_text=_(
            "Beheerder: gebruikers en instellingen. Bureau: al het plan- en monitoringswerk. Eigenaar: werkt de "
            "eigen activiteiten bij. Schoolbestuur: leest het plan en ziet de eigen scholen. Toezicht: leest "
            "uitgebrachte rapportages."
        ),
    )


def _bestuur_field():
    return koers_forms.ModelChoiceField(
        label=_("Schoolbestuur"),
        queryset=Schoolbestuur.objects.none(),
        required=False,
        help_text=_("Alleen bij de rol schoolbestuur: van welk bestuur deze gebruiker de scholen ziet."),
    )


def _actors_field():
    return koers_forms.ModelMultipleChoiceField(
        label=_("Eigenaar of betrokkene"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De activiteiten van deze eigenaren ziet de gebruiker bij 'Mijn activiteiten'."),
    )


class InviteForm(MembershipFieldsMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_(
            "Naar dit adres gaat de uitnodiging met een link die één keer werkt. Pas als de uitnodiging is "
            "geaccepteerd, krijgt iemand toegang."
        ),
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    # The invitation goes to this address; only the link in it gives access (ADR 0010).
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field()
        self.fields["schoolbestuur"] = _bestuur_field()
        self.fields["actors"] = _actors_field()
        self._setup(swv)

    def clean_email(self):
        from koers.accounts.models import User

        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user and user.memberships.filter(swv=self.swv).exists():
            raise forms.ValidationError(_("Deze gebruiker hoort al bij uw samenwerkingsverband."))
        return email


class MemberForm(MembershipFieldsMixin, forms.Form):
    def __init__(self, *args, swv=None, membership=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if membership is not None:
            initial = {
                "role": membership.role_id,
                "schoolbestuur": membership.schoolbestuur_id,
                "actors": list(membership.user.actors.filter(swv=swv).values_list("pk", flat=True)),
                **initial,
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["role"] = _role_field()
        self.fields["schoolbestuur"] = _bestuur_field()
        self.fields["actors"] = _actors_field()
        self._setup(swv)


class KoersSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = _(
            "Minstens 12 tekens. Niet alleen cijfers, geen veelgebruikt wachtwoord en niet te veel zoals uw naam."
        )
        self.fields["new_password2"].label = _("Herhaal het wachtwoord")
        self.fields["new_password2"].help_text = _("Typ hetzelfde wachtwoord nog een keer.")
        _describe(self)
