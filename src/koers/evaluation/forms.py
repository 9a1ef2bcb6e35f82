from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from koers.plans.models import LONG_TEXT


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusie"),
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[MaxLengthValidator(LONG_TEXT)],
        help_text=_("Wat zegt de evaluatie over dit onderdeel? Lege regels maken alinea's; regels met '- ' een lijst."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NewPlanForm(forms.Form):
    START = [
        ("oud", _("Uit het oude plan: speerpunten, doelen en indicatoren overnemen, onafgeronde activiteiten mee")),
        ("leeg", _("Leeg: een nieuw plan zonder onderdelen")),
    ]
    start = forms.ChoiceField(label=_("Beginnen"), choices=START, initial="oud", widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titel"), max_length=250)
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Korte naam voor bestanden en commando's, bijv. sppoh-osp-2025-2029."),
    )
    first_year = forms.IntegerField(
        label=_("Eerste schooljaar"),
        min_value=2000,
        max_value=2100,
        help_text=_("Beginjaar, bijv. 2025 voor 2025-2026."),
    )
    last_year = forms.IntegerField(
        label=_("Laatste schooljaar"),
        min_value=2000,
        max_value=2100,
        help_text=_("Beginjaar van het laatste schooljaar, bijv. 2028 voor 2028-2029."),
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", _("Het laatste schooljaar ligt voor het eerste."))
        return data
