"""The forecast ("vooruitblik") of an indicator or a measure and the expected funded pupils (ADR 0026).

Computed for the audience of the request, as on the pages: a schoolbestuur gets its own schools, small counts are
suppressed (null with ``suppressed`` and ``reason``). Every answer names its method and the interval it gives.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from koers.api.access import api_audience
from koers.api.monitoring import MonitoringView
from koers.api.views import ERRORS, NOT_FOUND
from koers.monitoring.forecast import display, series
from koers.monitoring.measures import REGISTRY
from koers.plans.models import Indicator


class YearValueSerializer(serializers.Serializer):
    school_year = serializers.CharField(help_text="Schooljaar, bijv. 2023-2024.")
    value = serializers.FloatField(allow_null=True, help_text="Gemeten waarde; null als die is afgeschermd.")
    display = serializers.CharField(help_text="De waarde zoals Koers hem toont.")
    suppressed = serializers.BooleanField(help_text="Afgeschermd (te kleine aantallen).")


class ForecastPointSerializer(serializers.Serializer):
    school_year = serializers.CharField(help_text="Schooljaar van de voorspelling, bijv. 2025-2026.")
    horizon = serializers.IntegerField(help_text="Schooljaren na het laatste schooljaar met gegevens (1, 2, ...).")
    value = serializers.FloatField(allow_null=True, help_text="Verwachte waarde; null als die is afgeschermd.")
    interval_low = serializers.FloatField(allow_null=True, help_text="Ondergrens van het voorspellingsinterval.")
    interval_high = serializers.FloatField(allow_null=True, help_text="Bovengrens van het voorspellingsinterval.")
    display = serializers.CharField(help_text="De verwachte waarde zoals Koers hem toont.")
    suppressed = serializers.BooleanField(help_text="Afgeschermd (te kleine aantallen).")


class ForecastSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code van de maat.")
    name = serializers.CharField(help_text="Naam van de maat.")
    unit = serializers.CharField(help_text="Eenheid, bijv. % of aantal.")
    basis = serializers.CharField(help_text="Waarover de historie gaat: per schooljaar, op 31 juli of per teldatum.")
    method = serializers.CharField(
        help_text="De methode, bijv. 'Lineaire trend (kleinste kwadraten) ...'; leeg zonder voorspelling."
    )
    interval_level = serializers.FloatField(help_text="Betrouwbaarheid van het voorspellingsinterval (0,95).")
    available = serializers.BooleanField(help_text="Er is een voorspelling.")
    reason = serializers.CharField(help_text="Waarom er geen voorspelling is (te weinig historie, afscherming).")
    history = YearValueSerializer(many=True, help_text="De gemeten schooljaren, oudste eerst.")
    forecast = ForecastPointSerializer(many=True, help_text="De voorspelde schooljaren.")


def _forecast(fc: series.MeasureForecast) -> dict:
    def f(v):
        return None if v is None else float(v)

    return {
        "code": fc.code,
        "name": fc.name,
        "unit": fc.unit,
        "basis": str(fc.basis),
        "method": fc.method,
        "interval_level": 0.95,
        "available": fc.available,
        "reason": fc.reason,
        "history": [
            {"school_year": h.label, "value": f(h.value), "display": h.display, "suppressed": h.suppressed}
            for h in fc.history
        ],
        "forecast": [
            {
                "school_year": p.label,
                "horizon": p.horizon,
                "value": f(p.value),
                "interval_low": f(p.low),
                "interval_high": f(p.high),
                "display": p.display,
                "suppressed": p.suppressed,
            }
            for p in fc.points
        ],
    }


@extend_schema(
    tags=["monitoring"],
    summary="Vooruitblik van een indicator",
    description="Historie per schooljaar en voorspelling voor de komende schooljaren van de maat van een indicator, "
    "met methode en voorspellingsinterval. 404 als de maat van de indicator niet voorspeld kan worden.",
    parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de indicator.")],
    responses={200: ForecastSerializer, **ERRORS, **NOT_FOUND},
)
class IndicatorForecastView(MonitoringView):
    serializer_class = ForecastSerializer
    queryset = Indicator.objects.none()  # get() restricts to the audience

    def get(self, request, pk):
        audience = api_audience(request)
        indicator = Indicator.objects.restrict(audience).filter(pk=pk).first()
        if indicator is None or not series.can_forecast(indicator.measure_code):
            raise Http404
        params = {k: v for k, v in (indicator.measure_params or {}).items() if k != "periode"}
        return Response(_forecast(series.measure_forecast(indicator.measure_code, audience, **params)))


@extend_schema(
    tags=["monitoring"],
    summary="Vooruitblik van een maat",
    description="Historie per schooljaar en voorspelling van een maat (TLV's afgegeven, open aanvragen, "
    "deelnamepercentages, leerlingaantallen), met methode en voorspellingsinterval.",
    parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code van de maat.")],
    responses={200: ForecastSerializer, **ERRORS, **NOT_FOUND},
)
class MeasureForecastView(MonitoringView):
    serializer_class = ForecastSerializer

    def get(self, request, code):
        if code not in REGISTRY or not series.can_forecast(code):
            raise Http404(_("Deze maat kan niet voorspeld worden."))
        return Response(_forecast(series.measure_forecast(code, api_audience(request))))


class FundedSerializer(serializers.Serializer):
    school_year = serializers.CharField(help_text="Schooljaar, bijv. 2025-2026.")
    count_date = serializers.DateField(help_text="Teldatum (1 februari van het schooljaar).")
    school_type = serializers.CharField(help_text="SBO, SO of VSO.")
    known = serializers.IntegerField(
        allow_null=True, help_text="TLV's die op de teldatum nog lopen (uit het register)."
    )
    expiring = serializers.IntegerField(
        allow_null=True, help_text="TLV's die vóór de teldatum op hun einddatum aflopen."
    )
    expected = serializers.IntegerField(
        allow_null=True, help_text="Verwachte leerlingen; null bij te weinig historie of afscherming."
    )
    interval_low = serializers.IntegerField(allow_null=True, help_text="Ondergrens van het interval.")
    interval_high = serializers.IntegerField(allow_null=True, help_text="Bovengrens van het interval.")
    suppressed = serializers.BooleanField(help_text="Afgeschermd (te kleine aantallen).")
    display = serializers.CharField(help_text="De verwachting zoals Koers hem toont, of waarom die er niet is.")


class FundedListSerializer(serializers.Serializer):
    method = serializers.CharField(help_text="Het samenstellingsmodel in woorden.")
    rows = FundedSerializer(many=True)


@extend_schema(
    tags=["monitoring"],
    summary="Vooruitblik: bekostigde leerlingen",
    description="Verwachte leerlingen met een TLV van dit samenwerkingsverband per soort op de teldatum 1 februari "
    "van de komende schooljaren, met interval (invoer voor de afdrachten).",
    responses={200: FundedListSerializer, **ERRORS},
)
class FundedForecastView(MonitoringView):
    serializer_class = FundedListSerializer
    pagination_class = None

    def get(self, request):
        rows = display.funded_rows(api_audience(request))
        return Response(
            {
                "method": display.funded_method(),
                "rows": [
                    {
                        "school_year": r["label"],
                        "count_date": r["count_date"].isoformat(),
                        "school_type": r["school_type"],
                        "known": r["known"],
                        "expiring": r["expiring"],
                        "expected": r["expected"],
                        "interval_low": r["low"],
                        "interval_high": r["high"],
                        "suppressed": r["suppressed"],
                        "display": r["display"],
                    }
                    for r in rows
                ],
            }
        )


urlpatterns = [
    path("indicatoren/<int:pk>/vooruitblik/", IndicatorForecastView.as_view(), name="indicator_vooruitblik"),
    path("maten/<str:code>/vooruitblik/", MeasureForecastView.as_view(), name="maat_vooruitblik"),
    path("vooruitblik/bekostigde-leerlingen/", FundedForecastView.as_view(), name="vooruitblik_leerlingen"),
]
