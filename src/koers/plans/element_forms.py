"""Forms for editing the plan structure in Koers' own pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core import definitions
from koers.core import forms as koers_forms
from koers.core.forms import DutchDecimalField
from koers.core.periods import school_year_label, tertialen_of_school_year
from koers.organisations.models import StaffMember
from koers.plans.forms import DateInput, ReasonMixin
from koers.plans.models import (
    Budget,
    BudgetLine,
    Goal,
    Indicator,
    MainActivity,
    Plan,
    PortfolioEntry,
    Theme,
    YearGoal,
    YearPlan,
)


class PlanElementForm(ReasonMixin, forms.ModelForm):
    """Base: scoped querysets, plan labels, a reason field once the plan is locked, and optimistic locking."""

    def __init__(self, *args, plan, year_plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.year_plan = plan, year_plan
        if hasattr(self.instance, "version"):
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
            )
            self.initial["version"] = getattr(self.instance, "version", None)
        if "theme" in self.fields:
            self.fields["theme"].queryset = Theme.objects.for_swv(plan.swv_id).filter(plan=plan)
            self.fields["theme"].label = plan.theme_label
        if "goal" in self.fields:
            self.fields["goal"].queryset = Goal.objects.for_swv(plan.swv_id).filter(plan=plan)
            self.fields["goal"].label = plan.goal_label
        if "goals" in self.fields:
            self.fields["goals"].queryset = Goal.objects.for_swv(plan.swv_id).filter(plan=plan)
            self.fields["goals"].label = plan.goal_label_plural
        if "reason" in self.fields:
            self.fields["reason"] = self.fields.pop("reason")  # last, after the model fields

    def _validate_unique_code(self, model, **scope):
        code = self.cleaned_data.get("code")
        scoped = model.objects.for_swv(scope["plan"].swv_id)
        if code and scoped.filter(code=code, **scope).exclude(pk=self.instance.pk).exists():
            self.add_error("code", _("Deze code bestaat al; kies een andere."))


class PlanForm(ReasonMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title", "code", "first_year", "last_year", "mission", "theme_label", "theme_label_plural", "goal_label",
            "goal_label_plural", "indicator_label", "main_activity_label", "activity_label",
        ]  # fmt: skip
        widgets = {"mission": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "theme_label": _("Hoe noemt uw plan het hoogste niveau? Bijv. Speerpunt, Thema of Perspectief."),
            "main_activity_label": _("Bijv. Hoofdactiviteit of Project. Gebruikt u dit niveau niet, laat dan zo."),
        }

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        self.swv = swv

    def clean(self):
        data = super().clean()
        if data.get("first_year") and data.get("last_year") and data["last_year"] < data["first_year"]:
            self.add_error("last_year", _("Het laatste schooljaar ligt voor het eerste."))
        code = data.get("code")
        if code and Plan.objects.for_swv(self.swv).filter(code=code).exclude(pk=self.instance.pk).exists():
            self.add_error("code", _("Er is al een plan met deze code."))
        return data


LEVEL_TEMPLATES = {
    "speerpunt": (_("Speerpunt → Doel → Indicator / Hoofdactiviteit → Jaaractiviteit"), {}),
    "thema": (
        _("Thema → Doel → Resultaat → Activiteit"),
        {
            "theme_label": "Thema", "theme_label_plural": "Thema's", "indicator_label": "Resultaat",
            "main_activity_label": "Project", "activity_label": "Activiteit",
        },
    ),
    "perspectief": (
        _("Doel → Perspectief → Actie (wat / wie / wanneer / budget)"),
        {
            "theme_label": "Doel", "theme_label_plural": "Doelen", "goal_label": "Strategisch perspectief",
            "goal_label_plural": "Strategische perspectieven", "activity_label": "Actie",
        },
    ),
    "project": (
        _("Thema → Ambitie → Indicator → Project → Activiteit"),
        {
            "theme_label": "Thema", "theme_label_plural": "Thema's", "goal_label": "Ambitie",
            "goal_label_plural": "Ambities", "main_activity_label": "Project", "activity_label": "Activiteit",
        },
    ),
}  # fmt: skip


class NewPlanForm(PlanForm):
    template = forms.ChoiceField(
        label=_("Niveaus"),
        choices=[(key, label) for key, (label, _labels) in LEVEL_TEMPLATES.items()],
        widget=forms.RadioSelect,
        initial="speerpunt",
        help_text=_("Kies de opbouw die op uw plan lijkt. De namen kunt u later nog aanpassen."),
    )

    class Meta(PlanForm.Meta):
        fields = ["title", "code", "first_year", "last_year", "mission"]

    def save(self, commit=True):
        plan = super().save(commit=False)
        for field, value in LEVEL_TEMPLATES[self.cleaned_data["template"]][1].items():
            setattr(plan, field, value)
        if commit:
            plan.save()
        return plan


class YearPlanForm(ReasonMixin, forms.ModelForm):
    reason_help = _("Verplicht als het jaarplan al is vastgesteld. Wordt bewaard in de historie.")

    class Meta:
        model = YearPlan
        fields = ["title", "school_year", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["school_year"] = forms.TypedChoiceField(
            label=_("Schooljaar"), coerce=int, choices=[(y, school_year_label(y)) for y in plan.school_years]
        )
        if self.instance.pk:
            self.fields["school_year"].disabled = True

    def clean_school_year(self):
        year = self.cleaned_data["school_year"]
        if (
            YearPlan.objects.for_swv(self.plan.swv_id)
            .filter(plan=self.plan, school_year=year)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Er is al een jaarplan voor dit schooljaar."))
        return year


class ThemeForm(PlanElementForm):
    class Meta:
        model = Theme
        fields = ["code", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        self._validate_unique_code(Theme, plan=self.plan)
        return data


class GoalForm(PlanElementForm):
    class Meta:
        model = Goal
        fields = ["theme", "code", "title", "ambition", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "ambition": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        self._validate_unique_code(Goal, plan=self.plan)
        return data


class IndicatorForm(PlanElementForm):
    class Meta:
        model = Indicator
        fields = [
            "goal", "theme", "code", "title", "definition", "unit", "norm_text", "norm_kind", "norm_operator",
            "norm_value", "norm_value_high", "norm_direction", "norm_deadline", "norm_due_year", "baseline",
            "baseline_value", "baseline_date", "measurement_moments", "measure_code", "order",
        ]  # fmt: skip
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "definition": forms.Textarea(attrs={"rows": 3}),
            "norm_deadline": DateInput(),
            "baseline_date": DateInput(),
        }
        help_texts = {
            "norm_kind": _("Drempel: bijv. < 2,5. Nultolerantie: 0 is behaald. Trend: stijgt of daalt ten opzichte "
                           "van de vorige meting. Mijlpaal: ja/nee vóór een datum of aan het eind van een "
                           "schooljaar. Nulmeting: de eerste meting wordt de basis; met een gewenste richting "
                           "worden latere metingen daartegen beoordeeld. Geen: nog geen norm."),
            "norm_deadline": _("Bij een mijlpaal: de datum, of kies hieronder een schooljaar."),
            "baseline": _("De nulmeting zoals in het plan geschreven."),
            "baseline_value": _("Bij soort nulmeting vult Koers dit in bij de eerste meting."),
            "norm_value": _("Het getal van de norm, bijv. 2,5 voor < 2,5%. Bij een bereik: de ondergrens."),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["norm_due_year"]
        self.fields["norm_due_year"] = forms.TypedChoiceField(
            label=_("Mijlpaal uiterlijk eind schooljaar"),
            coerce=int,
            empty_value=None,
            required=False,
            choices=[("", _("Geen (een datum of geen mijlpaal)"))]
            + [(y, _("eind %(year)s") % {"year": school_year_label(y)}) for y in self.plan.school_years],
            help_text=_("In plaats van een datum, bijv. eind 2024-2025 (31 juli 2025)."),
        )
        self.fields["norm_due_year"].widget.attrs.update(field.widget.attrs)
        self._add_definition_fields()

    # -- definitions chosen by the SWV (ADR 0022), kept in measure_params ------------------------------------
    def _add_definition_fields(self):
        params = definitions.clean_or_keep(self.instance.measure_params)
        self.fields["def_noemer"] = forms.ChoiceField(
            label=_("Noemer (deelnamepercentages)"),
            required=False,
            choices=[("", _("Standaard van de maat"))] + list(definitions.DENOMINATORS.items()),
            help_text=definitions.HELP[definitions.DENOMINATOR],
            initial=params.get(definitions.DENOMINATOR, ""),
        )
        self.fields["def_teldatum"] = forms.ChoiceField(
            label=_("Teldatum leerlingtelling"),
            required=False,
            choices=[("", _("Standaard: 1 oktober"))] + list(definitions.COUNT_DATES.items()),
            help_text=definitions.HELP[definitions.COUNT_DATE],
            initial=params.get(definitions.COUNT_DATE, ""),
        )
        chosen = params.get(definitions.EXCLUDED_KINDS) or []
        found = definitions.request_kinds(self.plan.swv_id)
        known = {definitions.normalise_kind(k) for k in found}
        options = found + [k for k in chosen if definitions.normalise_kind(k) not in known]
        self.fields["def_zonder_aanvraagsoorten"] = forms.MultipleChoiceField(
            label=_("Aanvraagsoorten die niet meetellen (TLV-maten)"),
            required=False,
            choices=[(k, k) for k in options],
            widget=forms.CheckboxSelectMultiple,
            help_text=str(definitions.HELP[definitions.EXCLUDED_KINDS])
            + " "
            + (
                str(_("De keuzes zijn de aanvraagsoorten in het TLV-register van dit samenwerkingsverband."))
                if found
                else str(_("Het TLV-register is nog leeg: importeer eerst TLV's om hier aanvraagsoorten te kiezen."))
            ),
            initial=[
                k for k in options if definitions.normalise_kind(k) in {definitions.normalise_kind(c) for c in chosen}
            ],
        )
        self.fields["def_interval"] = forms.ChoiceField(
            label=_("Interval doorlooptijd"),
            required=False,
            choices=[("", _("Standaard van de maat"))] + list(definitions.INTERVALS.items()),
            help_text=definitions.HELP[definitions.INTERVAL],
            initial=params.get(definitions.INTERVAL, ""),
        )

    def clean(self):
        data = super().clean()
        self._validate_unique_code(Indicator, plan=self.plan)
        params = {k: v for k, v in (self.instance.measure_params or {}).items() if k not in definitions.KEYS}
        params.pop(definitions.OLD_EXCLUDED_KEY, None)
        params.update(
            {
                definitions.DENOMINATOR: data.get("def_noemer") or None,
                definitions.COUNT_DATE: data.get("def_teldatum") or None,
                definitions.EXCLUDED_KINDS: data.get("def_zonder_aanvraagsoorten") or [],
                definitions.INTERVAL: data.get("def_interval") or None,
            }
        )
        code = data.get("measure_code") or ""
        cleaned = definitions.clean(params)
        wrong = [k for k in definitions.KEYS if k in cleaned and k not in definitions.applicable(code)]
        for key in wrong:
            field = {
                definitions.DENOMINATOR: "def_noemer",
                definitions.COUNT_DATE: "def_teldatum",
                definitions.EXCLUDED_KINDS: "def_zonder_aanvraagsoorten",
                definitions.INTERVAL: "def_interval",
            }[key]
            self.add_error(
                field,
                _("De berekening '%(m)s' gebruikt deze keuze niet; laat dit veld leeg of kies een andere berekening.")
                % {"m": code or _("handmatige metingen")},
            )
        self.cleaned_params = cleaned
        return data

    def save(self, commit=True):
        self.instance.measure_params = getattr(self, "cleaned_params", self.instance.measure_params)
        return super().save(commit=commit)


class YearGoalForm(PlanElementForm):
    school_year = forms.TypedChoiceField(label=_("Schooljaar"), coerce=int)

    class Meta:
        model = YearGoal
        fields = ["theme", "school_year", "title", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"title": _("Wat willen we dit schooljaar bereiken?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, school_year_label(y)) for y in self.plan.school_years]
        self.fields["theme"].help_text = _("Leeg = een jaardoel van het hele plan.")


class MainActivityForm(PlanElementForm):
    school_years = forms.TypedMultipleChoiceField(
        label=_("Gepland in schooljaren"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MainActivity
        fields = ["goal", "theme", "code", "title", "kind", "school_years", "hours_budget", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_years"].choices = [(y, school_year_label(y)) for y in self.plan.school_years]

    def clean(self):
        data = super().clean()
        self._validate_unique_code(MainActivity, plan=self.plan)
        return data


class BudgetForm(ReasonMixin, forms.ModelForm):
    reason_help = _("Verplicht als het jaarplan al is vastgesteld. Wordt bewaard in de historie.")

    class Meta:
        model = Budget
        fields = ["total", "mandatory_contributions", "period", "calendar_year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"total": _("In euro's, zonder punten, bijv. 10397136."), "note": _("Bijv. een voetnoot.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].required = False  # empty: per schooljaar, as before

    def clean_period(self):
        return self.cleaned_data.get("period") or Budget._meta.get_field("period").default

    def clean(self):
        data = super().clean()
        if data.get("period") != "kalenderjaar":
            data["calendar_year"] = None
        return data


class BudgetLineForm(PlanElementForm):
    class Meta:
        model = BudgetLine
        fields = ["theme", "goal", "label", "code", "amount", "order"]


class RealisationForm(ReasonMixin, forms.Form):
    """Realisation per budget line and tertiaal; a second entry for the same pair replaces the first."""

    reason_help = _(
        "Alleen verplicht als de tertiaalrapportage over dit tertiaal al is uitgebracht: dat tertiaal is dan "
        "afgesloten. Wordt bewaard in de historie."
    )

    line = koers_forms.ModelChoiceField(label=_("Begrotingsregel"), queryset=BudgetLine.objects.none())
    tertiaal = forms.ChoiceField(label=_("Tertiaal"))
    amount = DutchDecimalField(
        label=_("Gerealiseerd"), max_digits=14, decimal_places=2,
        help_text=_("Uitgegeven in dit tertiaal, in euro's. Een bestaand bedrag voor dit tertiaal wordt vervangen."),
    )  # fmt: skip
    note = forms.CharField(label=_("Toelichting"), max_length=250, required=False)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = budget.lines.all()
        year = budget.year_plan.school_year
        self.fields["tertiaal"].choices = [(t.key, str(t)) for t in tertialen_of_school_year(year)]


class PortfolioForm(PlanElementForm):
    class Meta:
        model = PortfolioEntry
        fields = ["label", "theme", "goals", "goals_text", "holders", "taakgroepen", "order"]
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
            "holders": forms.CheckboxSelectMultiple,
            "taakgroepen": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holders"].queryset = StaffMember.objects.for_swv(self.plan.swv)
