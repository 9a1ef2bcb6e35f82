"""Forms of the first-run setup. Where another app has the form (new plan, jaarplan, plan import, invitation,
logo), the views use that one; these are only the fields that the wizard adds."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from koers.core.normalise import parse_swv_codes
from koers.organisations.models import Swv, SwvCode
from koers.plans.models import Activity


def describe(form, help_texts: dict | None = None):
    """Add missing explanations and link every explanation to its field for screen readers."""
    for name, text in (help_texts or {}).items():
        if name in form.fields and not form.fields[name].help_text:
            form.fields[name].help_text = text
    for name, field in form.fields.items():
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"id_{form.add_prefix(name)}_help"


class SwvFields(forms.Form):
    swv_code = forms.CharField(
        label=_("SWV-code"),
        max_length=40,
        help_text=_(
            "Het nummer van DUO, bijvoorbeeld PO2806 of VO2801. Schrijfwijzen als PO 28-06 mogen ook. "
            "PO is primair onderwijs, VO voortgezet onderwijs. Werkt uw bureau voor een PO- én een VO-"
            "samenwerkingsverband met één plan, schrijf dan beide: PO2401 en VO2401."
        ),
    )
    swv_name = forms.CharField(
        label=_("Naam van het samenwerkingsverband"),
        max_length=200,
        help_text=_("De volledige naam, zoals in de statuten. Bijvoorbeeld Samenwerkingsverband Westland."),
    )
    swv_short_name = forms.CharField(
        label=_("Korte naam"),
        max_length=40,
        required=False,
        help_text=_("Mag leeg. Bijvoorbeeld SPOW. Staat in de kop van elke pagina."),
    )

    def clean_swv_code(self):
        """The main code; a second code of the other sector goes to ``cleaned_data["extra_codes"]`` (ADR 0014)."""
        try:
            codes = parse_swv_codes(self.cleaned_data["swv_code"])
        except ValueError as exc:
            if "hoogstens" in str(exc):
                raise forms.ValidationError(
                    _("Een bureau heeft hoogstens één PO-code en één VO-code, bijvoorbeeld PO2401 en VO2401.")
                ) from None
            raise forms.ValidationError(
                _(
                    "Dit is geen SWV-code. Een SWV-code is PO of VO met 4 cijfers, bijvoorbeeld PO2806; "
                    "voor een bureau van twee samenwerkingsverbanden: PO2401 en VO2401."
                )
            ) from None
        for code in codes:
            if Swv.objects.filter(code=code).exists() or SwvCode.objects.filter(code=code).exists():
                raise forms.ValidationError(_("Samenwerkingsverband %(code)s staat al in Koers.") % {"code": code})
        self.cleaned_data["extra_codes"] = codes[1:]
        return codes[0]


class NewSwvForm(SwvFields):
    """For a system manager of a hosting party: one more SWV on an installation that already has some."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe(self)


class FirstAccountForm(SwvFields):
    """The very first account of an empty installation, with the SWV it will manage."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150, help_text=_("Zoals collega's u kennen."))
    last_name = forms.CharField(
        label=_("Achternaam"), max_length=150, help_text=_("Met tussenvoegsel, bijv. de Vries.")
    )
    email = forms.EmailField(label=_("E-mailadres"), help_text=_("Uw werkadres. Hierheen gaan meldingen van Koers."))
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        help_text=_("Hiermee logt u in. Bijvoorbeeld uw voornaam of uw e-mailadres. Letters, cijfers en @ . + - _"),
    )
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minstens 12 tekens. Niet alleen cijfers, geen veelgebruikt wachtwoord en niet te veel zoals uw naam."
        ),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Typ hetzelfde wachtwoord nog een keer."),
    )

    field_order = [
        "first_name", "last_name", "email", "username", "password1", "password2",
        "swv_code", "swv_name", "swv_short_name",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        describe(self)

    def clean_username(self):
        User = get_user_model()
        value = self.cleaned_data["username"].strip()
        try:
            User.username_validator(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Gebruik alleen letters, cijfers en de tekens @ . + - _ (geen spaties).")
            ) from None
        return value

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw."))
        elif one:
            User = get_user_model()
            user = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(one, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class OrganisationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Adressenbestand van DUO"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
        help_text=_(
            "Het bestand vestigingenbo.csv van DUO (open onderwijsdata), of het Excel-sjabloon 'Organisatie' van "
            "Koers. Hoogstens 20 MB."
        ),
    )
    only_own = forms.BooleanField(
        label=_("Alleen scholen van mijn samenwerkingsverband"),
        required=False,
        initial=True,
        help_text=_(
            "Het bestand van DUO bevat alle scholen van Nederland. Koers neemt dan alleen uw eigen scholen over."
        ),
    )
    accept_warnings = forms.BooleanField(
        label=_("Waarschuwingen accepteren"),
        required=False,
        help_text=_(
            "Zonder dit vinkje wordt er bij een waarschuwing (bijv. een vreemde postcode) niets opgeslagen en ziet u "
            "eerst de lijst."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe(self)

    def clean_file(self):
        """The upload's bytes (at most the limit is read): an oversize file or a zip bomb is refused here; the task
        worker reads the rest (ADR 0036)."""
        from koers.core.importing import ReadError, check_size, check_zip, read_limited

        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
            data = read_limited(upload)
            if data[:2] == b"PK":
                check_zip(data)
        except ReadError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.cleaned_data["data"] = data
        return upload


class FirstActivityForm(forms.ModelForm):
    """The first jaaractiviteit: only what is needed now. The rest can be filled in on the activity page."""

    class Meta:
        model = Activity
        fields = ["description", "start_text", "deadline_text"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"description": _("Wat gaat u doen?"), "start_text": _("Start"), "deadline_text": _("Klaar")}
        help_texts = {
            "description": _(
                "Beschrijf de activiteit in één of twee zinnen. Bijvoorbeeld: Ondersteuningsprofielen van alle "
                "scholen bijwerken."
            ),
            "start_text": _("Mag leeg. Een datum (19-09-2025), een tertiaal (T3 2025) of een schooljaar (2025-2026)."),
            "deadline_text": _("Mag leeg. Wanneer het klaar moet zijn, bijv. juni 2026 of doorlopend."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe(self)
