"""Query-parameter filters per endpoint (django-filter). Ids of another SWV simply match nothing."""

import django_filters as filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from koers.core.periods import Tertiaal
from koers.organisations.models import Gremium, Ketenpartner, School, StaffMember
from koers.plans.models import Activity, ActivityUpdate, Goal, Indicator, MainActivity, Theme, UpdateRound, YearPlan

MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An object id: a positive whole number (no decimals, nothing beyond the database's range)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 2999})
class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class TertiaalFilter(filters.CharFilter):
    """A tertiaal as ``2024-T3`` (or ``T3 2024``)."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        try:
            key = Tertiaal.parse(value).key
        except (ValueError, TypeError, AttributeError):
            return qs.none()
        return qs.filter(**{self.field_name: key})


def _text_search(fields):
    def method(queryset, name, value):
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return method


class SchoolFilter(filters.FilterSet):
    school_type = filters.ChoiceFilter(
        choices=School.Type.choices, help_text="Soort school: BO, SBO, SO, VSO, VO of PRO."
    )
    bestuur = IdFilter(field_name="bestuur_id", help_text="Id van het schoolbestuur.")
    werkgebied = IdFilter(field_name="werkgebied_id", help_text="Id van het werkgebied.")
    gemeente = IdFilter(field_name="gemeente_id", help_text="Id van de gemeente.")
    brin6 = filters.CharFilter(
        field_name="brin6", lookup_expr="iexact", help_text="BRIN6 van de vestiging, bijv. 19HY00."
    )
    q = filters.CharFilter(method=_text_search(["name", "brin6", "city"]), help_text="Zoek in naam, BRIN6 en plaats.")

    class Meta:
        model = School
        fields = []


class KetenpartnerFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Ketenpartner.Kind.choices, help_text="Soort ketenpartner.")

    class Meta:
        model = Ketenpartner
        fields = []


class GremiumFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Gremium.Kind.choices, help_text="Soort gremium.")

    class Meta:
        model = Gremium
        fields = []


class StaffMemberFilter(filters.FilterSet):
    active = filters.BooleanFilter(help_text="Alleen actieve (true) of inactieve (false) medewerkers.")

    class Meta:
        model = StaffMember
        fields = []


class PlanPartFilter(filters.FilterSet):
    plan = IdFilter(field_name="plan_id", help_text="Id van het plan.")


class ThemeFilter(PlanPartFilter):
    class Meta:
        model = Theme
        fields = []


class GoalFilter(PlanPartFilter):
    theme = IdFilter(field_name="theme_id", help_text="Id van het thema.")

    class Meta:
        model = Goal
        fields = []


class IndicatorFilter(PlanPartFilter):
    theme = IdFilter(field_name="theme_id", help_text="Id van het thema.")
    goal = IdFilter(field_name="goal_id", help_text="Id van het doel.")
    norm_kind = filters.ChoiceFilter(choices=Indicator.NormKind.choices, help_text="Soort norm.")

    class Meta:
        model = Indicator
        fields = []


class MainActivityFilter(PlanPartFilter):
    theme = IdFilter(field_name="theme_id", help_text="Id van het thema.")
    goal = IdFilter(field_name="goal_id", help_text="Id van het doel.")
    kind = filters.ChoiceFilter(choices=MainActivity.Kind.choices, help_text="Hoofdactiviteit of project.")

    class Meta:
        model = MainActivity
        fields = []


class YearPlanFilter(PlanPartFilter):
    school_year = YearFilter(min_value=1900, max_value=2999, help_text="Beginjaar, bijv. 2024.")

    class Meta:
        model = YearPlan
        fields = []


class ActivityFilter(filters.FilterSet):
    year_plan = IdFilter(field_name="year_plan_id", help_text="Id van het jaarplan.")
    plan = IdFilter(field_name="year_plan__plan_id", help_text="Id van het ondersteuningsplan.")
    theme = IdFilter(field_name="theme_id", help_text="Id van het thema.")
    goal = IdFilter(field_name="goal_id", help_text="Id van het doel.")
    main_activity = IdFilter(field_name="main_activity_id", help_text="Id van de hoofdactiviteit.")
    owner = IdFilter(field_name="owner_id", help_text="Id van de eigenaar (zie /api/v1/eigenaren/).")
    involved = IdFilter(field_name="involved", help_text="Id van een betrokkene (zie /api/v1/eigenaren/).")
    status = filters.MultipleChoiceFilter(
        choices=Activity.Status.choices, help_text="Status; herhaal de parameter voor meer statussen."
    )
    priority = filters.BooleanFilter(help_text="Alleen activiteiten met (true) of zonder (false) prioriteit.")
    start_tertiaal = TertiaalFilter(field_name="start_tertiaal", help_text="Tertiaal van de start, bijv. 2024-T3.")
    q = filters.CharFilter(method=_text_search(["description", "code"]), help_text="Zoek in omschrijving en code.")

    class Meta:
        model = Activity
        fields = []


class ActivityUpdateFilter(filters.FilterSet):
    activity = IdFilter(field_name="activity_id", help_text="Id van de activiteit.")
    year_plan = IdFilter(field_name="activity__year_plan_id", help_text="Id van het jaarplan.")
    tertiaal = TertiaalFilter(field_name="tertiaal", help_text="Tertiaal van de update, bijv. 2024-T3.")
    status = filters.ChoiceFilter(choices=Activity.Status.choices, help_text="Status die de update meldde.")

    class Meta:
        model = ActivityUpdate
        fields = []


class UpdateRoundFilter(filters.FilterSet):
    year_plan = IdFilter(field_name="year_plan_id", help_text="Id van het jaarplan.")
    tertiaal = TertiaalFilter(field_name="tertiaal", help_text="Tertiaal van de ronde, bijv. 2025-T2.")

    class Meta:
        model = UpdateRound
        fields = []
