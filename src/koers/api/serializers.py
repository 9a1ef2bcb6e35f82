"""Read-only representations. Field names follow the models; no pupil-level data anywhere."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from koers.monitoring import definitions
from koers.organisations.models import (
    Actor,
    Gemeente,
    Gremium,
    Ketenpartner,
    School,
    Schoolbestuur,
    StaffMember,
    Swv,
    Werkgebied,
)
from koers.plans.models import (
    Activity,
    ActivityUpdate,
    Adoption,
    Budget,
    BudgetLine,
    Goal,
    Indicator,
    MainActivity,
    Plan,
    Theme,
    UpdateRound,
    YearPlan,
)

# --- organisations -----------------------------------------------------------------------------------------------


class SwvSerializer(serializers.ModelSerializer):
    class Meta:
        model = Swv
        fields = ["id", "code", "name", "short_name", "sector", "website", "contact_email", "steunpunt_contact"]


class SchoolbestuurSerializer(serializers.ModelSerializer):
    class Meta:
        model = Schoolbestuur
        fields = ["id", "bevoegd_gezag", "name"]


class SchoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = [
            "id",
            "brin6",
            "name",
            "school_type",
            "bestuur",
            "werkgebied",
            "gemeente",
            "address",
            "postcode",
            "city",
        ]


class WerkgebiedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Werkgebied
        fields = ["id", "name", "description"]


class GemeenteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gemeente
        fields = ["id", "name", "cbs_code"]


class KetenpartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ketenpartner
        fields = ["id", "name", "kind", "contact"]


class GremiumSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gremium
        fields = ["id", "name", "kind"]


class StaffMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffMember
        fields = ["id", "name", "function", "email", "active"]


class ActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "kind", "staff_member"]


# --- plans -------------------------------------------------------------------------------------------------------


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "plan", "code", "title", "description", "order"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "plan", "theme", "code", "title", "ambition", "order"]


def indicator_sentence(indicator) -> str:
    """The definition in words, without a query per row (the count date without its year)."""
    return definitions.sentence(indicator.measure_code, indicator.measure_params)


class IndicatorSerializer(serializers.ModelSerializer):
    # the definitions chosen by the SWV (ADR 0022), kept in measure_params
    noemer = serializers.SerializerMethodField(
        help_text="Noemer van een deelnamepercentage: bo_sbo, bo_sbo_so of null."
    )
    teldatum = serializers.SerializerMethodField(
        help_text="Teldatum van de leerlingtelling: 1-oktober, 1-februari of null."
    )
    zonder_aanvraagsoorten = serializers.SerializerMethodField(help_text="Aanvraagsoorten die niet meetellen.")
    interval = serializers.SerializerMethodField(help_text="Interval van een doorlooptijd, of null.")
    definition_used = serializers.SerializerMethodField(
        help_text='De definitie in woorden, bijv. "deelname SO = SO / (BO + SBO), teldatum 1 oktober".'
    )

    def _params(self, obj):
        return definitions.clean_or_keep(obj.measure_params)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_noemer(self, obj):
        return self._params(obj).get(definitions.DENOMINATOR)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_teldatum(self, obj):
        return self._params(obj).get(definitions.COUNT_DATE)

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_zonder_aanvraagsoorten(self, obj):
        return list(self._params(obj).get(definitions.EXCLUDED_KINDS) or [])

    @extend_schema_field({"type": "string", "nullable": True})
    def get_interval(self, obj):
        return self._params(obj).get(definitions.INTERVAL)

    @extend_schema_field({"type": "string"})
    def get_definition_used(self, obj):
        return indicator_sentence(obj)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "theme",
            "goal",
            "code",
            "title",
            "definition",
            "unit",
            "norm_text",
            "norm_kind",
            "norm_operator",
            "norm_value",
            "norm_value_high",
            "norm_direction",
            "norm_deadline",
            "norm_due_year",
            "baseline",
            "measurement_moments",
            "measure_code",
            "noemer",
            "teldatum",
            "zonder_aanvraagsoorten",
            "interval",
            "definition_used",
            "order",
        ]


class MainActivitySerializer(serializers.ModelSerializer):
    school_years = serializers.SerializerMethodField(help_text="Beginjaren van de schooljaren, bijv. [2024, 2025].")

    class Meta:
        model = MainActivity
        fields = ["id", "plan", "theme", "goal", "code", "title", "kind", "school_years", "hours_budget", "order"]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_school_years(self, obj):
        # stored as JSON: keep only the years that are whole numbers, whatever an import wrote there
        years = obj.school_years if isinstance(obj.school_years, list) else []
        return [int(y) for y in years if isinstance(y, int) or (isinstance(y, str) and y.isdecimal())]


class YearPlanSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = YearPlan
        fields = ["id", "school_year", "title", "adopted_on"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "title",
            "first_year",
            "last_year",
            "mission",
            "theme_label",
            "goal_label",
            "indicator_label",
            "main_activity_label",
            "activity_label",
            "adopted_on",
            "created_at",
            "updated_at",
        ]


class PlanDetailSerializer(PlanSerializer):
    themes = ThemeSerializer(many=True, read_only=True, help_text="Thema's (speerpunten) van het plan.")
    goals = GoalSerializer(many=True, read_only=True, help_text="Doelen van het plan.")
    indicators = IndicatorSerializer(many=True, read_only=True, help_text="Indicatoren van het plan.")
    main_activities = MainActivitySerializer(many=True, read_only=True, help_text="Hoofdactiviteiten en projecten.")
    year_plans = YearPlanSummarySerializer(many=True, read_only=True, help_text="Jaarplannen bij dit plan.")

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "themes", "goals", "indicators", "main_activities", "year_plans"]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "theme", "goal", "label", "code", "amount", "order"]


class BudgetSerializer(serializers.ModelSerializer):
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = ["total", "mandatory_contributions", "note", "lines"]


class AdoptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adoption
        fields = ["id", "gremium", "date", "kind", "note"]


class YearPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = YearPlan
        fields = [
            "id",
            "plan",
            "school_year",
            "title",
            "introduction",
            "adopted_on",
            "adopted_by",
            "created_from",
            "created_at",
            "updated_at",
        ]


class YearPlanDetailSerializer(YearPlanSerializer):
    budget = serializers.SerializerMethodField(help_text="De begroting van dit jaar, of null als die er niet is.")
    adoptions = AdoptionSerializer(many=True, read_only=True, help_text="Besprekingen en vaststellingen.")

    class Meta(YearPlanSerializer.Meta):
        fields = [*YearPlanSerializer.Meta.fields, "budget", "adoptions"]

    @extend_schema_field(BudgetSerializer(allow_null=True))
    def get_budget(self, obj):
        budget = Budget.objects.for_swv(obj.swv_id).filter(year_plan=obj).prefetch_related("lines").first()
        return BudgetSerializer(budget).data if budget else None


class ActivitySerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Activity
        fields = [
            "id",
            "year_plan",
            "theme",
            "goal",
            "main_activity",
            "code",
            "description",
            "start_text",
            "start_date",
            "start_tertiaal",
            "deadline",
            "deadline_text",
            "owner",
            "owner_name",
            "involved",
            "priority",
            "incidental",
            "budget_code",
            "budget_amount",
            "hours_budget",
            "hours_spent",
            "status",
            "carried_over_from",
            "order",
            "created_at",
            "updated_at",
        ]


class ActivityUpdateSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ActivityUpdate
        fields = [
            "id",
            "activity",
            "tertiaal",
            "status",
            "happened",
            "next_step",
            "risk",
            "hours_spent",
            "author_name",
            "created_at",
        ]


class RoundOwnerActivitySerializer(serializers.Serializer):
    activity = serializers.IntegerField(help_text="Id van de activiteit.")
    code = serializers.CharField()
    state = serializers.ChoiceField(
        choices=["nog_niet", "ingediend", "geaccepteerd", "teruggestuurd"],
        help_text="nog_niet, ingediend (bijgewerkt), geaccepteerd of teruggestuurd.",
    )


class RoundOwnerSerializer(serializers.Serializer):
    owner = serializers.IntegerField(allow_null=True, help_text="Id van de eigenaar (leeg: zonder eigenaar).")
    owner_name = serializers.CharField(allow_null=True)
    total = serializers.IntegerField()
    done = serializers.IntegerField(help_text="Bijgewerkt en niet teruggestuurd.")
    last_reminder = serializers.DateTimeField(allow_null=True, help_text="Laatste verzoek of herinnering.")
    activities = RoundOwnerActivitySerializer(many=True)


class RoundStatusSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    accepted = serializers.IntegerField()
    returned = serializers.IntegerField()
    missing = serializers.IntegerField()
    complete = serializers.BooleanField()
    owners = RoundOwnerSerializer(many=True)


class UpdateRoundSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True, help_text="Open tot de deadline of tot het bureau sluit.")
    status = serializers.SerializerMethodField()

    class Meta:
        model = UpdateRound
        fields = ["id", "year_plan", "tertiaal", "deadline", "opened_at", "closed_at", "is_open", "status"]

    @extend_schema_field(RoundStatusSerializer)
    def get_status(self, obj):
        from koers.plans.round_status import round_status

        return RoundStatusSerializer(round_status(obj).as_dict()).data
