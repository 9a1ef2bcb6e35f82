"""Forms of the monitoring pages: import, manual measurements, the breakdown choice and mapping files."""

import re
from decimal import InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core import forms as koers_forms
from koers.core.forms import parse_dutch_number
from koers.core.importing import Limits, too_large_message
from koers.core.periods import date_problem, parse_dutch_date
from koers.monitoring.importing.mapping import mapping_from_file, mapping_to_dict  # noqa: F401 - used by views
from koers.monitoring.importing.registers import ALL_REGISTER_LABELS
from koers.monitoring.measures import KINDS
from koers.monitoring.models import ColumnMapping, ManualMeasurement

BREAKDOWNS = {
    "bestuur": gettext_lazy("schoolbestuur"),
    "werkgebied": gettext_lazy("werkgebied"),
    "school": gettext_lazy("school"),
}
PERIOD_LABELS = {
    "peildatum": gettext_lazy("op de peildatum"),
    "maand": gettext_lazy("maand"),
    "tertiaal": gettext_lazy("tertiaal"),
    "schooljaar": gettext_lazy("schooljaar"),
    "12maanden": gettext_lazy("afgelopen 12 maanden"),
}


class DutchDateField(forms.CharField):
    """A date typed as dd-mm-jjjj (also accepts jjjj-mm-dd)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "dd-mm-jjjj", "inputmode": "numeric"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%d-%m-%Y")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        day = parse_dutch_date(value)
        if day is None:
            problem = date_problem(value)
            if problem:  # written as a date, but the day does not exist (31-09-2025)
                raise forms.ValidationError(problem, code="no_such_date")
            raise forms.ValidationError(_("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 19-09-2024."))
        return day


class DutchDecimalField(forms.CharField):
    """A number with a decimal comma (2,5) or point; a trailing % is allowed."""

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        try:
            return parse_dutch_number(value)  # the same reading as every other number field
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(_("Vul een getal in, bijvoorbeeld 2,5.")) from None


AMBIGUOUS_POINT = re.compile(r"^-?\d{1,3}\.\d{3}$")  # 6.435: thousands or a decimal point?


class ManualForm(forms.ModelForm):
    date = DutchDateField(
        label=gettext_lazy("Meetdatum"),
        help_text=gettext_lazy("De datum waarop de meting geldt, als dd-mm-jjjj."),
    )
    value = DutchDecimalField(
        label=gettext_lazy("Waarde"),
        required=False,
        help_text=gettext_lazy("Een getal; bij een percentage zonder %-teken, bijvoorbeeld 82,5."),
    )
    yes_no = forms.NullBooleanField(
        label=gettext_lazy("Ja of nee (voor een mijlpaal)"),
        required=False,
        widget=forms.NullBooleanSelect(),
    )

    class Meta:
        model = ManualMeasurement
        fields = ["date", "period_label", "value", "yes_no", "source", "note"]
        labels = {"period_label": gettext_lazy("Periode"), "source": gettext_lazy("Bron")}
        help_texts = {
            "period_label": gettext_lazy("Zoals het in rapportages staat, bijvoorbeeld 2024-2025 of T1 2025."),
            "source": gettext_lazy("Waar komt het getal vandaan? Bijvoorbeeld: oudertevredenheidspeiling 2025."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, milestone=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("Toelichting")
        self.fields["yes_no"].widget.choices = [("unknown", "–"), ("true", _("ja")), ("false", _("nee"))]
        if milestone:
            self.fields["value"].widget = forms.HiddenInput()
        else:
            self.fields["yes_no"].help_text = _("Alleen invullen als de indicator een mijlpaal is.")

    def clean_value(self):
        """'6.435' could be 6435 (Dutch thousands) or 6,435 (a decimal point): asked, never guessed, as in the
        register import (where a column decides; a single value has no column to decide from)."""
        value = self.cleaned_data.get("value")
        raw = str(self.data.get(self.add_prefix("value"), "") or "").strip()
        if value is not None and AMBIGUOUS_POINT.match(raw):
            whole, part = raw.lstrip("-").split(".")
            raise forms.ValidationError(
                _("%(raw)s is niet eenduidig: bedoelt u %(thousands)s of %(decimal)s? Schrijf het getal zonder punt, of "
                  "met een decimale komma.") % {"raw": raw, "thousands": whole + part, "decimal": f"{whole},{part}"}
            )  # fmt: skip
        return value

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day and day > clock.today():
            raise forms.ValidationError(_("De meetdatum ligt in de toekomst."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("value") is None and data.get("yes_no") is None and not self.errors:
            raise forms.ValidationError(_("Vul een waarde in, of kies ja of nee."))
        return data


class BreakdownForm(forms.Form):
    """The choice on the indicator page: breakdown, period kind and measurement moment."""

    uitsplitsing = forms.ChoiceField(label=gettext_lazy("Uitsplitsen per"), choices=list(BREAKDOWNS.items()))
    periode = forms.ChoiceField(label=gettext_lazy("Periode"), required=False, choices=[])
    moment = forms.ChoiceField(label=gettext_lazy("Meting"), required=False, choices=[])

    def __init__(self, data, *, moments, kind, with_period):
        initial = {"uitsplitsing": "bestuur", "periode": kind, "moment": moments[-1][0] if moments else ""}
        if data is not None:  # a missing choice keeps its default, also in the rendered form
            data = {**initial, **{k: data.get(k) for k in initial if data.get(k)}}
        super().__init__(data, initial=initial)
        self.fields["moment"].choices = moments
        self.fields["periode"].choices = [(k, PERIOD_LABELS[k]) for k in KINDS if k != "peildatum"]
        if not with_period:
            del self.fields["periode"]
        for name, field in self.fields.items():
            field.widget.attrs["id"] = f"id_bd_{name}"

    def choice(self, name):
        if self.is_valid() and self.cleaned_data.get(name):
            return self.cleaned_data[name]
        return self.initial.get(name)


class ImportForm(forms.Form):
    register = forms.ChoiceField(label=gettext_lazy("Register"), choices=[])
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV of Excel)"),
        help_text=gettext_lazy("Een nieuwere export van hetzelfde register werkt bestaande regels bij."),
    )
    mapping = koers_forms.ModelChoiceField(
        label=gettext_lazy("Kolomkoppeling"),
        queryset=ColumnMapping.objects.none(),
        required=False,
        empty_label=gettext_lazy("Standaardindeling van Koers"),
        help_text=gettext_lazy("Alleen nodig als de kolomnamen of codes anders zijn dan in de standaardindeling."),
    )
    remove_missing = forms.BooleanField(
        label=gettext_lazy("Regels die niet meer in het bestand staan, verwijderen"),
        required=False,
        help_text=gettext_lazy(
            "Kies dit alleen bij een volledige export van het register. Dossiers en meldingen die er niet meer in "
            "staan, haalt Koers dan weg. Zonder vinkje blijven ze bewaard en ziet u alleen hoeveel het er zijn. "
            "Geldt niet voor leerlingtellingen."
        ),
    )

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = [(k, str(v)) for k, v in ALL_REGISTER_LABELS.items()]
        self.fields["mapping"].queryset = ColumnMapping.objects.for_swv(swv).order_by("register", "name")
        self.fields["mapping"].label_from_instance = lambda m: (
            f"{m.name} ({ALL_REGISTER_LABELS.get(m.register, m.register)})"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = Limits.current().max_bytes
        if upload is not None and upload.size > limit:  # refused before a byte of it is read
            raise forms.ValidationError(too_large_message(limit))
        return upload

    def clean(self):
        data = super().clean()
        mapping, register = data.get("mapping"), data.get("register")
        if mapping and register and mapping.register != register:
            self.add_error(
                "mapping",
                _("Deze koppeling hoort bij het register %(r)s. Kies een koppeling voor %(s)s.")
                % {
                    "r": ALL_REGISTER_LABELS.get(mapping.register, mapping.register),
                    "s": ALL_REGISTER_LABELS[register],
                },
            )
        return data
