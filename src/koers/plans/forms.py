from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.core import clock
from koers.core.forms import DutchDateField
from koers.core.periods import Tertiaal, tertialen_of_school_year
from koers.organisations.models import Actor, Gremium
from koers.plans.models import Activity, ActivityUpdate, Adoption, Goal, MainActivity, Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UpdateForm(forms.ModelForm):
    tertiaal = forms.ChoiceField(label=_("Tertiaal"))

    class Meta:
        model = ActivityUpdate
        fields = ["tertiaal", "status", "happened", "next_step", "risk", "hours_spent"]
        widgets = {
            "happened": forms.Textarea(attrs={"rows": 4}),
            "next_step": forms.Textarea(attrs={"rows": 3}),
            "risk": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "happened": _("Wat is er deze periode gedaan of bereikt?"),
            "next_step": _("Wat gebeurt er hierna, en wanneer?"),
            "risk": _("Wat kan de activiteit vertragen of laten mislukken? Laat leeg als er geen risico is."),
            "hours_spent": _("Totaal aantal uren tot nu toe, als de activiteit een urenbudget heeft."),
        }

    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen nodig als de tertiaalrapportage over deze tertiaal al is uitgebracht."),
    )

    def __init__(self, *args, activity, open_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        year = activity.year_plan.school_year
        # only the tertialen of the jaarplan's school year (T3, T1, T2)
        self.fields["tertiaal"].choices = [(t.key, str(t)) for t in tertialen_of_school_year(year)]
        self.fields["tertiaal"].help_text = _(
            "Over welke periode gaat deze update? T1 = jan-apr, T2 = mei-aug, T3 = sep-dec."
        )

        keys = [key for key, _label in self.fields["tertiaal"].choices]
        current = Tertiaal.of(clock.today()).key
        if open_round is None:
            from koers.plans.round_status import open_round_for

            open_round = open_round_for(activity.year_plan)
        if not self.is_bound and "tertiaal" not in self.initial:
            if open_round is not None and open_round.tertiaal in keys:  # the round the bureau asks for
                self.initial["tertiaal"] = open_round.tertiaal
            elif current in keys:
                self.initial["tertiaal"] = current
            else:  # a jaarplan of another year: the first tertiaal from the start without an update yet
                latest = activity.updates.order_by("-tertiaal").values_list("tertiaal", flat=True).first()
                started = [k for k in keys if not activity.start_tertiaal or k >= activity.start_tertiaal]
                open_ = [k for k in started if not latest or k > latest]
                self.initial["tertiaal"] = (open_ or started or keys)[0]
        self.initial.setdefault("status", activity.status)


REASON_HELP = _("Verplicht als het plan al is vastgesteld. Wordt bewaard in de historie.")


def reason_field(help_text=REASON_HELP):
    return forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


class ReasonMixin:
    """A reason field, last, when the change is to something locked: the service refuses a locked change
    without a reason (``services.change_plan``) and the view shows that refusal at this field."""

    reason_help = REASON_HELP

    def __init__(self, *args, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        if locked:
            self.fields["reason"] = reason_field(self.reason_help)


class ActivityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht als het jaarplan al is vastgesteld. Wordt bewaard in de historie."),
    )

    class Meta:
        model = Activity
        fields = [
            "description",
            "theme",
            "goal",
            "main_activity",
            "start_text",
            "deadline",
            "deadline_text",
            "owner",
            "involved",
            "priority",
            "incidental",
            "budget_code",
            "budget_amount",
            "hours_budget",
            "hours_spent",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "deadline": DateInput(),
            "involved": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, year_plan, **kwargs):
        super().__init__(*args, **kwargs)
        plan = year_plan.plan
        self.fields["theme"].queryset = Theme.objects.for_swv(plan.swv_id).filter(plan=plan)
        self.fields["theme"].label = plan.theme_label
        self.fields["goal"].queryset = Goal.objects.for_swv(plan.swv_id).filter(plan=plan)
        self.fields["goal"].label = plan.goal_label
        self.fields["goal"].widget.attrs.update(
            {  # htmx: a changed doel swaps the options of the hoofdactiviteit (without JS: see clean())
                "hx-get": reverse("plans:main_activity_options", args=[year_plan.pk]),
                "hx-target": "#id_main_activity",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
                "hx-include": "#id_main_activity",
                "aria-controls": "id_main_activity",
            }
        )
        self.fields["main_activity"].queryset = main_activities_for_goal(plan, self._chosen_goal(plan))
        self.fields["main_activity"].label = plan.main_activity_label
        self.fields["main_activity"].error_messages["invalid_choice"] = _(
            "Deze hoofdactiviteit hoort niet bij het gekozen doel. Kies een hoofdactiviteit uit de lijst (die past "
            "bij het doel) of laat het veld leeg."
        )
        actors = Actor.objects.for_swv(year_plan.swv)
        self.fields["owner"].queryset = actors
        self.fields["involved"].queryset = actors
        self.fields["owner"].help_text = _("Een medewerker, een rol of een organisatie, bijv. Schoolbesturen.")
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        if not year_plan.is_locked:
            del self.fields["reason"]

    def _chosen_goal(self, plan):
        """The doel the form is about: the posted one (a bound form), else the activity's or the prefilled one."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("goal"))
        else:
            raw = self.initial.get("goal", self.instance.goal_id)
        raw = getattr(raw, "pk", raw)
        try:
            goal_id = int(raw)
        except (TypeError, ValueError):
            return None
        return Goal.objects.for_swv(plan.swv_id).filter(plan=plan, pk=goal_id).first()


def main_activities_for_goal(plan, goal):
    """The hoofdactiviteiten an activity under ``goal`` may belong to: those of that doel, and those that hang under
    no doel (under the doel's thema, or under the plan itself). Without a doel: every hoofdactiviteit of the plan."""
    rows = MainActivity.objects.for_swv(plan.swv_id).filter(plan=plan)
    if goal is None:
        return rows
    loose = Q(goal__isnull=True) & (Q(theme__isnull=True) | Q(theme_id=goal.theme_id))
    return rows.filter(Q(goal=goal) | loose)


class AdoptionForm(ReasonMixin, forms.ModelForm):
    reason_help = _("Verplicht als het jaarplan al is vastgesteld. Wordt bewaard in de historie.")

    class Meta:
        model = Adoption
        fields = ["gremium", "kind", "date", "note"]
        widgets = {"date": DateInput()}
        help_texts = {"kind": _("Kies 'Vastgesteld' voor het definitieve besluit: daarna is het plan vergrendeld.")}

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gremium"].queryset = Gremium.objects.for_swv(swv)


class RoundForm(forms.Form):
    tertiaal = forms.ChoiceField(label=_("Tertiaal"))
    deadline = DutchDateField(
        label=_("Deadline"),
        widget=DateInput(),
        help_text=_("Tot wanneer kunnen eigenaren hun voortgang invullen?"),
    )
    message = forms.CharField(
        label=_("Bericht aan de eigenaren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, year_plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tertiaal"].choices = [(t.key, str(t)) for t in tertialen_of_school_year(year_plan.school_year)]


class RolloverForm(forms.Form):
    title = forms.CharField(label=_("Titel van het nieuwe jaarplan"), max_length=250)
