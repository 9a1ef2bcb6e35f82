from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core import forms as koers_forms
from koers.core.periods import Tertiaal, tertialen_of_school_year
from koers.plans.models import YearPlan
from koers.reports.models import Report


class NewReportForm(forms.Form):
    year_plan = koers_forms.ModelChoiceField(YearPlan.objects.none(), label=_("Jaarplan"))
    tertiaal = forms.ChoiceField(label=_("Tertiaal"))

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        year_plans = YearPlan.objects.for_swv(swv).select_related("plan")
        self.fields["year_plan"].queryset = year_plans
        keys = sorted({t.key for yp in year_plans for t in tertialen_of_school_year(yp.school_year)}, reverse=True)
        self.fields["tertiaal"].choices = [(k, str(Tertiaal.parse(k))) for k in keys]
        if len(year_plans) == 1:  # nothing to choose: no "---------"
            self.fields["year_plan"].empty_label = None
            self.fields["year_plan"].initial = year_plans[0].pk

    def clean(self):
        data = super().clean()
        year_plan, key = data.get("year_plan"), data.get("tertiaal")
        if year_plan and key and Tertiaal.parse(key) not in tertialen_of_school_year(year_plan.school_year):
            self.add_error("tertiaal", _("Dit tertiaal valt niet in het schooljaar van het gekozen jaarplan."))
        return data


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "introduction", "conclusion"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "conclusion": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "introduction": _("Staat vooraan in de rapportage. Een witregel begint een nieuwe alinea."),
            "conclusion": _("Staat achteraan in de rapportage: wat betekent dit voor het volgende tertiaal?"),
        }


class TertiaalChoiceField(forms.ChoiceField):
    """A tertiaal from the list; also reads 'T3 2024', 'T3-2024' and '2024-T3' (links, the command line)."""

    def to_python(self, value):
        value = super().to_python(value)
        parsed = Tertiaal.try_parse(value)
        return parsed.key if parsed else value


class StandardPeriodForm(forms.Form):
    """The tertiaal of the standard outputs: one from the list, from now back to the first month with data."""

    tertiaal = TertiaalChoiceField(
        label=_("Tertiaal"),
        help_text=_("De bestanden gaan over dit tertiaal. Het huidige tertiaal loopt tot en met vandaag."),
        error_messages={
            "required": _("Kies een tertiaal, bijvoorbeeld T3 2024."),
            "invalid_choice": _(
                "Kies een tertiaal uit de lijst. Een tertiaal schrijft u als T3 2024: T1 (januari-april), "
                "T2 (mei-augustus) of T3 (september-december) en het jaar."
            ),
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tertiaal"].choices = [(t.key, str(t)) for t in choices]

    @property
    def period(self) -> Tertiaal | None:
        """The chosen tertiaal; None while the form is not valid."""
        return Tertiaal.parse(self.cleaned_data["tertiaal"]) if self.is_valid() else None
