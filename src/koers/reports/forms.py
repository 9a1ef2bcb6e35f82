from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.periods import Tertiaal, tertialen_of_school_year
from koers.plans.models import YearPlan
from koers.reports.models import Report


class NewReportForm(forms.Form):
    year_plan = forms.ModelChoiceField(YearPlan.objects.none(), label=_("Jaarplan"))
    tertiaal = forms.ChoiceField(label=_("Tertiaal"))

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        year_plans = YearPlan.objects.filter(swv=swv).select_related("plan")
        self.fields["year_plan"].queryset = year_plans
        keys = sorted({t.key for yp in year_plans for t in tertialen_of_school_year(yp.school_year)}, reverse=True)
        self.fields["tertiaal"].choices = [(k, str(Tertiaal.parse(k))) for k in keys]

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
