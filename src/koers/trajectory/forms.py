from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from koers.core import clock
from koers.trajectory import services
from koers.trajectory.models import ConsultationTheme, Outcome, Phase, StakeholderGroup, Step, Thematafel, Trajectory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewTrajectoryForm(forms.Form):
    first_year = forms.IntegerField(
        label=_("Eerste schooljaar van het nieuwe plan"),
        min_value=2000,
        max_value=2100,
        help_text=_("Bijvoorbeeld 2025 voor het plan 2025-2029. Fasen en stappen worden ingevuld volgens de wet."),
    )
    title = forms.CharField(
        label=_("Titel"), max_length=250, required=False, help_text=_("Leeg: een titel met de planperiode.")
    )  # noqa: E501
    plan = forms.ModelChoiceField(label=_("Conceptplan"), queryset=None, required=False, help_text=_("Kan ook later."))

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = services.draft_plans(swv)
        self.initial.setdefault("first_year", clock.today().year + 1)


class TrajectoryForm(forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["title", "plan", "opr_term_days", "public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drafts = services.draft_plans(self.instance.swv_id)
        if self.instance.plan_id:
            drafts = drafts | type(self.instance.plan).objects.for_swv(self.instance.swv_id).filter(
                pk=self.instance.plan_id
            )  # noqa: E501
        self.fields["plan"].queryset = drafts
        self.fields["opr_term_days"].min_value = 1


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["starts_on", "ends_on", "description"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Het einde ligt vóór het begin."))
        return data


class StepForm(forms.Form):
    planned_on = forms.DateField(label=_("Gepland op"), required=False, widget=DATE)
    sent_on = forms.DateField(
        label=_("Voorgelegd aan de OPR op"),
        required=False,
        widget=DATE,
        help_text=_("De reactietermijn telt vanaf deze dag."),
    )
    done_on = forms.DateField(label=_("Datum van het besluit of de indiening"), required=False, widget=DATE)
    outcome = forms.ChoiceField(label=_("Uitkomst"), required=False)
    document = forms.FileField(
        label=_("Document"), required=False, help_text=_("Bijvoorbeeld het besluit of de brief (tot de importgrens).")
    )
    document_url = forms.URLField(
        label=_("Of een link naar het document"), required=False, max_length=500, assume_scheme="https"
    )  # noqa: E501
    remove_document = forms.BooleanField(label=_("Het opgeslagen document verwijderen"), required=False)
    notes = forms.CharField(
        label=_("Aantekeningen"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )  # noqa: E501

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            ("", _("Nog geen uitkomst")),
            *[(o.value, o.label) for o in Step.OUTCOMES[step.kind]],
        ]  # noqa: E501
        if step.kind != Step.Kind.OPR:
            del self.fields["sent_on"]
        else:
            n = step.trajectory.opr_term_days
            self.fields["sent_on"].help_text = ngettext(
                "De reactietermijn van %(n)s dag telt vanaf deze dag.",
                "De reactietermijn van %(n)s dagen telt vanaf deze dag.",
                n,
            ) % {"n": n}
        if not step.has_document:
            del self.fields["remove_document"]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Nieuwe groep"), max_length=120)


class TableForm(forms.ModelForm):
    new_themes = forms.CharField(
        label=_("Nieuwe thema's"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Eén thema per regel; ze komen bij de besproken thema's."),
    )

    class Meta:
        model = Thematafel
        fields = ["title", "group", "held_on", "themes", "summary", "public"]
        widgets = {
            "held_on": DATE,
            "themes": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }  # noqa: E501

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(StakeholderGroup.objects.for_swv(trajectory.swv_id).order_by("order", "name"))
        self.fields["group"].queryset = StakeholderGroup.objects.for_swv(trajectory.swv_id)
        self.fields["themes"].queryset = ConsultationTheme.objects.for_swv(trajectory.swv_id).filter(
            trajectory=trajectory
        )  # noqa: E501
        self.fields["themes"].required = False
        counts = {}
        if self.instance.pk:
            counts = {p.group_id: p.count for p in self.instance.participants.all()}
        for group in self.groups:
            self.fields[f"count_{group.pk}"] = forms.IntegerField(
                label=_("Deelnemers: %(g)s") % {"g": group.name},
                required=False,
                min_value=0,
                max_value=100_000,
                initial=counts.get(group.pk),
            )

    def counts(self):
        return {g: self.cleaned_data.get(f"count_{g.pk}") or 0 for g in self.groups}

    def new_theme_names(self):
        return [line.strip() for line in self.cleaned_data.get("new_themes", "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if not data.get("themes") and not self.new_theme_names():
            self.add_error("themes", _("Kies of typ ten minste één besproken thema."))
        return data


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["theme", "heard", "status", "reason", "public", "goals", "main_activities"]
        widgets = {
            "heard": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.CheckboxSelectMultiple,
            "main_activities": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "public": _(
                "Zet aan om deze opbrengst op de publieke pagina te tonen (alleen als de thematafel openbaar is)."
            )
        }  # noqa: E501

    def __init__(self, *args, table: Thematafel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = table.themes.all()
        goals, mains = services.linkable_elements(table.trajectory)
        self.fields["goals"].queryset = goals
        self.fields["main_activities"].queryset = mains
        self.fields["goals"].label_from_instance = lambda g: f"{g.code} {g.title[:120]}"
        self.fields["main_activities"].label_from_instance = lambda m: f"{m.code} {m.title[:120]}"

    def clean(self):
        data = super().clean()
        if data.get("status") == Outcome.Status.NOT_USED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Geef de reden waarom deze opbrengst niet is overgenomen."))
        return data
