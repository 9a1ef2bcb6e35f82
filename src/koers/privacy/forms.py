import re

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.privacy.models import MAX_JAREN, MIN_JAREN, Bewaartermijn

_PSEUDONYM_RE = re.compile(r"^[0-9a-f]{64}$")
# a BSN as people write it: 123456782, 123.456.782, 123 456 782, 1234.56.782 (dates such as 12-03-2024 pass)
_NUMBER_RES = [
    re.compile(r"(?<![\d.])\d{8,9}(?![\d.])"),
    re.compile(r"(?<!\d)\d{3}[ .]\d{3}[ .]\d{3}(?!\d)"),
    re.compile(r"(?<!\d)\d{4}[ .]\d{2}[ .]\d{3}(?!\d)"),
]


class NoEchoInput(forms.TextInput):
    """A text field that never writes what was entered back into the page (a BSN must not linger)."""

    def format_value(self, value):
        return None


class SearchForm(forms.Form):
    leerling = forms.CharField(
        label=_("BSN of pseudoniem van de leerling"),
        max_length=200,
        widget=NoEchoInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Koers maakt van een BSN meteen een pseudoniem, net als bij het importeren. "
            "Het BSN zelf wordt niet bewaard en niet vastgelegd."
        ),
    )

    def clean_leerling(self):
        value = "".join(ch for ch in self.cleaned_data["leerling"] if ch.isprintable()).strip()
        if not value:
            raise forms.ValidationError(_("Vul een BSN of pseudoniem in."))
        return value


class PseudonymsField(forms.CharField):
    """Pseudonyms separated by spaces, as the result page passes them on (hidden)."""

    def to_python(self, value):
        value = super().to_python(value)
        return sorted({p for p in value.lower().split() if p})

    def validate(self, value):
        if not value or any(not _PSEUDONYM_RE.match(p) for p in value) or len(value) > 5:
            raise forms.ValidationError(_("Zoek de leerling eerst opnieuw op."))


class PupilForm(forms.Form):
    pseudoniemen = PseudonymsField(widget=forms.HiddenInput, max_length=400)


class DeleteForm(PupilForm):
    reden = forms.CharField(
        label=_("Reden van verwijderen"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: verwijderverzoek van de ouders van 12 maart. Noem geen BSN of naam."),
    )
    bevestigd = forms.BooleanField(
        label=_("Ik weet dat dit niet ongedaan kan worden gemaakt."),
        required=True,
        error_messages={"required": _("Vink aan dat u weet dat dit niet ongedaan kan worden gemaakt.")},
    )

    def clean_reden(self):
        value = "".join(ch for ch in self.cleaned_data["reden"] if ch.isprintable() or ch in "\n\r\t").strip()
        if len(value) < 5:
            raise forms.ValidationError(_("Schrijf in een paar woorden waarom de gegevens worden verwijderd."))
        if any(p.search(value) for p in _NUMBER_RES):
            raise forms.ValidationError(_("Zet geen BSN of ander leerlingnummer in de reden."))
        return value


class RetentionForm(forms.ModelForm):
    class Meta:
        model = Bewaartermijn
        fields = ["jaren"]
        widgets = {"jaren": forms.NumberInput(attrs={"min": MIN_JAREN, "max": MAX_JAREN})}
