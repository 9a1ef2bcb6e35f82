"""The top reasons of absence per period, with the duration percentiles per reason
(:mod:`koers.monitoring.absence_reasons`): for the audience of the request, as on the page
``monitoring:absence_reasons``; a small count is null with ``suppressed`` and ``reason``."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from koers.api.access import api_audience
from koers.api.monitoring import MonitoringView
from koers.api.views import ERRORS
from koers.monitoring.absence_reasons import PERCENTILES, AbsenceReasonFilter, reason_table


class ValueSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text="De waarde; null als die is afgeschermd of er geen is.")
    display = serializers.CharField(help_text="De waarde zoals Koers hem toont.")
    suppressed = serializers.BooleanField(help_text="Afgeschermd (te kleine aantallen).")
    reason = serializers.CharField(help_text="Waarom er geen waarde is, bijv. 'afgeschermd: minder dan 5'.")


class DurationSerializer(serializers.Serializer):
    p50 = ValueSerializer(help_text="Mediaan van de duur in weken.")
    p75 = ValueSerializer(help_text="75e percentiel van de duur in weken.")
    p90 = ValueSerializer(help_text="90e percentiel van de duur in weken.")


class ReasonSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="De reden (of soort); 'overige redenen' voor de rest.")
    other = serializers.BooleanField(help_text="De regel met de overige redenen samen.")
    count = ValueSerializer(help_text="Aantal meldingen die in de periode begonnen.")
    duration_weeks = DurationSerializer(help_text="Duur in weken tot einde verzuim, of tot de meetdag als die loopt.")


class ReasonTableSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="De periode, bijv. 2024-2025 of T3 2024.")
    start = serializers.DateField(help_text="Eerste dag van de periode.")
    measured_until = serializers.DateField(help_text="Laatste dag waarover gemeten is.")
    by = serializers.CharField(help_text="reden of soort.")
    definition = serializers.CharField(help_text="Hoe er geteld is, in woorden.")
    rows = ReasonSerializer(many=True, help_text="De redenen, meest genoemde eerst.")
    total = ReasonSerializer(help_text="Alle meldingen samen.")


def _value(result) -> dict:
    return {
        "value": None if result.value is None or result.suppressed else float(result.value),
        "display": str(result.display),
        "suppressed": result.suppressed,
        "reason": str(result.reason) if result.suppressed else "",
    }


def _row(row) -> dict:
    return {
        "label": str(row.label),
        "other": row.other,
        "count": _value(row.count),
        "duration_weeks": {code: _value(row.durations[code]) for code in PERCENTILES},
    }


@extend_schema(
    tags=["monitoring"],
    summary="Verzuim: meest genoemde redenen",
    description="De redenen van de verzuimmeldingen die in een periode begonnen, meest genoemde eerst, met per "
    "reden het aantal en de duur (mediaan, P75, P90, in weken). Aantallen onder de 5 zijn voor wie geen gegevens "
    "op leerlingniveau mag zien afgeschermd, en zo nodig ook het kleinste andere aantal.",
    parameters=[
        OpenApiParameter(
            "periode",
            OpenApiTypes.STR,
            description="Schooljaar (bijv. 2024-2025) of tertiaal (bijv. 2024-T3); standaard het huidige schooljaar.",
        ),  # fmt: skip
        OpenApiParameter("indeling", OpenApiTypes.STR, enum=["reden", "soort"], description="Standaard reden."),
        OpenApiParameter(
            "soort", OpenApiTypes.STR, enum=["absoluut", "relatief", "vrijstelling"], description="Alleen deze soort."
        ),
        OpenApiParameter("school", OpenApiTypes.STR, description="Alleen deze school (BRIN6)."),
    ],
    responses={200: ReasonTableSerializer, 400: OpenApiResponse(description="Een keuze bestaat niet."), **ERRORS},
)
class AbsenceReasonsView(MonitoringView):
    serializer_class = ReasonTableSerializer
    pagination_class = None

    def get(self, request):
        filterset = AbsenceReasonFilter(request.query_params)
        if not filterset.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in filterset.form.errors.items()})
        chosen = filterset.choices()
        table = reason_table(
            api_audience(request), chosen["period"], by=chosen["by"], soort=chosen["soort"], school=chosen["school"]
        )
        return Response(
            {
                "period": table.period.label,
                "start": table.period.start.isoformat(),
                "measured_until": table.period.measured_until.isoformat(),
                "by": table.by,
                "definition": table.definition,
                "rows": [_row(r) for r in table.rows],
                "total": _row(table.total),
            }
        )


urlpatterns = [path("verzuim/redenen/", AbsenceReasonsView.as_view(), name="verzuim_redenen")]
