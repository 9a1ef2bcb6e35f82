import io

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import UniqueConstraint
from django.utils.translation import gettext_lazy as _

from koers.core.normalise import normalise_brin6
from koers.organisations import services
from koers.organisations.models import (
    Actor,
    Gemeente,
    Gremium,
    Ketenpartner,
    School,
    Schoolbestuur,
    StaffMember,
    Swv,
    Werkgebied,
)


class SwvOwnedForm(forms.ModelForm):
    """A form for a record of one SWV: related choices limited to that SWV, uniqueness checked within it."""

    scoped = {}  # field name -> model whose choices are limited to the SWV

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.swv = swv
        for name, model in self.scoped.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.for_swv(swv)

    def clean(self):
        cleaned = super().clean()
        for constraint in self._meta.model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint):
                continue
            names = [f for f in constraint.fields if f != "swv"]
            if not all(n in cleaned and cleaned[n] not in (None, "") for n in names):
                continue
            lookup = {f"{n}__iexact" if isinstance(cleaned[n], str) else n: cleaned[n] for n in names}
            clash = self._meta.model.objects.for_swv(self.swv).filter(**lookup).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(names[0], _("Dit bestaat al in uw samenwerkingsverband."))
        return cleaned


def _describe(form):
    """Link each field to its help text for screen readers (the template renders <span id="..._help">)."""
    for name, field in form.fields.items():
        ids = []
        if field.help_text:
            ids.append(f"id_{name}_help")
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
        else:
            field.widget.attrs.pop("aria-describedby", None)


LOGO_MAX_BYTES = 500 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def read_logo(upload) -> tuple[bytes, str]:
    """The bytes and content type of an uploaded logo, checked with Pillow: PNG or JPEG, at most 500 kB.

    The file's own name and content type are not trusted; SVG and everything else is refused (an SVG can carry
    scripts). Raises ValidationError with a Dutch message."""
    from PIL import Image, UnidentifiedImageError

    data = upload.read(LOGO_MAX_BYTES + 1)
    if not data:
        raise forms.ValidationError(_("Het bestand is leeg. Kies een PNG- of JPEG-bestand."))
    if len(data) > LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _(
                "Het logo is groter dan 500 kB. Maak het bestand kleiner (bijvoorbeeld 400 pixels breed) en probeer opnieuw."
            )
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind not in LOGO_TYPES:
                raise forms.ValidationError(_("Alleen PNG- of JPEG-bestanden mogen. Sla het logo op als PNG."))
            if width * height > LOGO_MAX_PIXELS:
                raise forms.ValidationError(_("Het logo is te groot: hoogstens 4000 bij 4000 pixels."))
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # a truncated or damaged file fails here
    except forms.ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(
            _("Dit bestand is geen geldige PNG- of JPEG-afbeelding. Kies een ander bestand.")
        ) from None
    return data, LOGO_TYPES[kind]


class LogoFieldsMixin:
    """Two extra fields: a new logo and 'remove the logo'. Save with :meth:`save_logo`."""

    def _add_logo_fields(self, swv):
        self.fields["logo"] = forms.FileField(
            label=_("Logo"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
            help_text=_(
                "Een PNG- of JPEG-bestand van hoogstens 500 kB. Het logo staat klein in de kop van elke pagina. "
                "Een logo met een witte of doorzichtige achtergrond werkt het best."
            ),
        )
        if swv is not None and swv.pk and swv.logo_url:
            self.fields["remove_logo"] = forms.BooleanField(
                label=_("Logo weghalen"),
                required=False,
                help_text=_("Vink aan om het huidige logo weg te halen. Kies dan geen nieuw bestand."),
            )

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return read_logo(upload)

    def save_logo(self, swv) -> str:
        """Store or remove the logo. Returns 'saved', 'removed' or ''."""
        from koers.organisations.models import SwvLogo

        logo = self.cleaned_data.get("logo")
        if logo:
            data, content_type = logo
            SwvLogo.objects.update_or_create(swv=swv, defaults={"data": data, "content_type": content_type})
            swv.__dict__.pop("logo_url", None)
            return "saved"
        if self.cleaned_data.get("remove_logo"):
            SwvLogo.objects.filter(swv=swv).delete()
            swv.__dict__.pop("logo_url", None)
            return "removed"
        return ""


class LogoForm(LogoFieldsMixin, forms.Form):
    """Only the logo, for the set-up wizard."""

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_logo_fields(swv)
        _describe(self)


class SwvForm(LogoFieldsMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", help_text=_("Bijvoorbeeld https://www.swv.nl.")
    )

    class Meta:
        model = Swv
        fields = ["name", "short_name", "main_colour", "website", "contact_email", "steunpunt_contact"]
        help_texts = {
            "name": _("De volledige naam, zoals in de statuten."),
            "short_name": _("Bijvoorbeeld SPOW. Staat in de kop van elke pagina."),
            "main_colour": _(
                "Kleur van de kop, als #rrggbb (bijv. #1d4f91). Witte tekst moet er goed op te lezen "
                "zijn: het contrast moet minstens 4,5 : 1 zijn."
            ),  # fmt: skip
            "website": _("Bijvoorbeeld https://www.swv.nl."),
            "contact_email": _("Algemeen e-mailadres van het bureau."),
            "steunpunt_contact": _(
                "Naam, e-mailadres en telefoonnummer van het ouder- en jeugdsteunpunt. Wordt "
                "getoond op de publieke pagina."
            ),  # fmt: skip
        }
        widgets = {"steunpunt_contact": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_logo_fields(self.instance)
        _describe(self)

    def clean_main_colour(self):
        value = self.cleaned_data["main_colour"]
        try:
            colour = services.parse_colour(value)
        except ValueError:
            raise forms.ValidationError(_("Geef de kleur als #rrggbb, bijvoorbeeld #1d4f91.")) from None
        ratio = services.contrast_with_white(colour)
        if ratio < services.MIN_CONTRAST:
            raise forms.ValidationError(
                _(
                    "Witte tekst op %(colour)s heeft een contrast van %(ratio)s : 1. Dat is te weinig: het moet minstens "
                    "4,5 : 1 zijn. Kies een donkerdere kleur."
                )
                % {"colour": colour, "ratio": f"{ratio:.1f}".replace(".", ",")}  # fmt: skip
            )
        return colour


class SchoolbestuurForm(SwvOwnedForm):
    class Meta:
        model = Schoolbestuur
        fields = ["name", "bevoegd_gezag"]
        help_texts = {
            "name": _("Naam van de stichting of vereniging."),
            "bevoegd_gezag": _("Het nummer van DUO, alleen cijfers, bijv. 41234."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)

    def clean_bevoegd_gezag(self):
        value = self.cleaned_data["bevoegd_gezag"].strip()
        if not value.isdecimal():
            raise forms.ValidationError(_("Een bevoegd-gezagnummer bestaat alleen uit cijfers, bijv. 41234."))
        return value


class SchoolForm(SwvOwnedForm):
    scoped = {"bestuur": Schoolbestuur, "werkgebied": Werkgebied, "gemeente": Gemeente}

    brin6 = forms.CharField(
        label=_("BRIN6"),
        max_length=12,
        help_text=_("4 tekens BRIN en 2 cijfers vestiging, bijv. 19HY00. Spaties en streepjes mogen."),
    )
    postcode = forms.CharField(label=_("postcode"), max_length=12, required=False, help_text=_("Bijv. 2671 AB."))

    class Meta:
        model = School
        fields = ["name", "brin6", "school_type", "bestuur", "werkgebied", "gemeente", "address", "postcode", "city"]
        help_texts = {
            "name": _("Naam van de schoolvestiging."),
            "brin6": _("4 tekens BRIN en 2 cijfers vestiging, bijv. 19HY00. Spaties en streepjes mogen."),
            "school_type": _("BO, SBO, SO, VSO, VO of praktijkonderwijs."),
            "bestuur": _("Het schoolbestuur (bevoegd gezag) van deze school."),
            "werkgebied": _("Het werkgebied, de kern of de wijk. Voeg die eerst toe bij Werkgebieden."),
            "gemeente": _("De gemeente waar de school staat."),
            "address": _("Straat en huisnummer."),
            "postcode": _("Bijv. 2671 AB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)

    def clean_brin6(self):
        try:
            return normalise_brin6(self.cleaned_data["brin6"])
        except ValueError:
            raise forms.ValidationError(
                _("Dit is geen geldige BRIN6. Verwacht 4 tekens BRIN en 2 cijfers vestiging, bijv. 19HY00.")
            ) from None

    def clean_postcode(self):
        from koers.organisations.importers import postcode

        value, ok = postcode(self.cleaned_data["postcode"])
        if not ok:
            raise forms.ValidationError(_("Een postcode heeft de vorm 1234 AB."))
        return value


class WerkgebiedForm(SwvOwnedForm):
    class Meta:
        model = Werkgebied
        fields = ["name", "description"]
        help_texts = {
            "name": _("Bijv. Noord, Kern Naaldwijk of Wijk Centrum."),
            "description": _("Welke kernen of wijken erbij horen."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)


class GemeenteForm(SwvOwnedForm):
    class Meta:
        model = Gemeente
        fields = ["name", "cbs_code"]
        help_texts = {"name": _("Bijv. Westland."), "cbs_code": _("De code van het CBS, bijv. GM1783. Mag leeg.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)


class KetenpartnerForm(SwvOwnedForm):
    class Meta:
        model = Ketenpartner
        fields = ["name", "kind", "contact"]
        help_texts = {
            "name": _("Naam van de organisatie, bijv. Jeugdteam Westland."),
            "kind": _("Wat voor partner dit is."),
            "contact": _("Naam, e-mailadres of telefoonnummer van de contactpersoon."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)


class GremiumForm(SwvOwnedForm):
    class Meta:
        model = Gremium
        fields = ["name", "kind"]
        help_texts = {
            "name": _("Bijv. Raad van Toezicht of Ondersteuningsplanraad."),
            "kind": _("Het soort overleg. Jaarplannen worden besproken en vastgesteld door gremia."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)


class StaffMemberForm(SwvOwnedForm):
    class Meta:
        model = StaffMember
        fields = ["name", "function", "email", "user", "active"]
        help_texts = {
            "name": _("Voor- en achternaam."),
            "function": _("Bijv. beleidsadviseur, ondersteuningsadviseur of secretariaat."),
            "email": _("Werkadres."),
            "user": _("Het Koers-account van deze medewerker, als die er een heeft."),
            "active": _("Haal het vinkje weg als de medewerker uit dienst is; de historie blijft bewaard."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(memberships__swv=self.swv).order_by("username")
        _describe(self)


class ActorForm(SwvOwnedForm):
    scoped = {"staff_member": StaffMember}

    class Meta:
        model = Actor
        fields = ["name", "kind", "staff_member", "users"]
        help_texts = {
            "name": _("Zoals in het jaarplan, bijv. Schoolbesturen, SPOW-bureau of een naam."),
            "kind": _("Een persoon, een rol of groep, of een organisatie."),
            "staff_member": _("Alleen bij een persoon: de medewerker van het bureau."),
            "users": _("Deze gebruikers zien de activiteiten van deze eigenaar bij 'Mijn activiteiten'."),
        }
        widgets = {"users": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = get_user_model().objects.filter(memberships__swv=self.swv).order_by("username")
        _describe(self)


class ImportForm(forms.Form):
    FORMATS = [("duo", _("DUO-adressenbestand (vestigingenbo.csv)")), ("excel", _("Excel-bestand 'Organisatie'"))]

    format = forms.ChoiceField(
        label=_("Soort bestand"),
        choices=FORMATS,
        widget=forms.RadioSelect,
        help_text=_("Het CSV-bestand van DUO met de adressen van vestigingen, of het Excel-sjabloon van Koers."),
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("CSV (komma of puntkomma; UTF-8 of Windows-1252) of Excel (.xlsx). Hoogstens 50 MB."),
    )
    only_own = forms.BooleanField(
        label=_("Alleen scholen van mijn samenwerkingsverband"),
        required=False,
        initial=True,
        help_text=_("Alleen voor DUO-bestanden met een kolom met het SWV-nummer: andere scholen worden overgeslagen."),
    )

    def clean_file(self):
        from koers.core.importing import Limits, too_large_message

        upload = self.cleaned_data["file"]
        limit = Limits.current().max_bytes
        if upload is not None and upload.size > limit:  # refused from its size, before it is read
            raise forms.ValidationError(too_large_message(limit))
        return upload

    accept_warnings = forms.BooleanField(
        label=_("Waarschuwingen accepteren"),
        required=False,
        help_text=_("Zonder dit vinkje wordt er bij een waarschuwing niets opgeslagen en ziet u eerst de lijst."),
    )
    dry_run = forms.BooleanField(
        label=_("Alleen controleren"),
        required=False,
        help_text=_("Laat zien wat er zou veranderen, zonder iets op te slaan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, help_text=_("Op naam, code of plaats."))
