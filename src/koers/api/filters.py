"""Query-parameter filters per endpoint (django-filter). Ids of another SWV simply match nothing."""

import django_filters as filters

from koers.core.filters import MAX_ID, IdFilter, TertiaalFilter, YearFilter
from koers.core.filters import text_search as _text_search
from koers.organisations.models import Gremium, Ketenpartner, School, StaffMember
from koers.plans.filters import ActivityFilter
from koers.plans.models import Activity, ActivityUpdate, Goal, Indicator, MainActivity, Theme, UpdateRound, YearPlan

__all__ = ["MAX_ID", "ActivityFilter", "IdFilter", "TertiaalFilter", "YearFilter"]


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
