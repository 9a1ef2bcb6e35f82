"""Read-only API of the trajectory towards a new ondersteuningsplan (koers.trajectory), for the bureau."""

from rest_framework import serializers

from koers.api.base import SwvReadOnlyViewSet
from koers.api.views import _described
from koers.trajectory import calendar
from koers.trajectory.models import Outcome, Phase, Step, Thematafel, Trajectory


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "kind", "starts_on", "ends_on", "description"]


class StepSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.name", default=None, read_only=True)
    deadline = serializers.SerializerMethodField()
    adoption = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Step
        fields = ["id", "kind", "gemeente", "planned_on", "sent_on", "deadline", "done_on", "outcome", "adoption"]

    def get_deadline(self, step) -> str | None:
        due = calendar.deadline(step)
        return due.isoformat() if due else None


class TrajectorySerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Trajectory
        fields = ["id", "title", "first_year", "years", "plan", "opr_term_days", "public", "phases", "steps"]


class OutcomeSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.name", read_only=True)
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    main_activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Outcome
        fields = ["id", "theme", "heard", "status", "reason", "public", "goals", "main_activities"]


class ThematafelSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.name", read_only=True)
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    participants = serializers.SerializerMethodField()
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Thematafel
        fields = ["id", "trajectory", "title", "group", "held_on", "themes", "participants", "public", "outcomes"]

    def get_participants(self, table) -> dict[str, int]:
        return {p.group.name: p.count for p in table.participants.all()}


class _BureauViewSet(SwvReadOnlyViewSet):
    koers_permission = "plan.edit"  # the trajectory is the bureau's work, as on its pages


@_described("traject", "Trajecten naar een nieuw ondersteuningsplan, met fasen en stappen", "Eén traject")
class TrajectoryViewSet(_BureauViewSet):
    queryset = Trajectory.unscoped.prefetch_related("phases", "steps__gemeente").order_by("-first_year", "id")
    serializer_class = TrajectorySerializer


@_described("traject", "Thematafels met hun opbrengsten", "Eén thematafel")
class ThematafelViewSet(_BureauViewSet):
    queryset = (
        Thematafel.unscoped.select_related("group")
        .prefetch_related(
            "themes", "participants__group", "outcomes__theme", "outcomes__goals", "outcomes__main_activities"
        )
        .order_by("held_on", "id")
    )
    serializer_class = ThematafelSerializer
