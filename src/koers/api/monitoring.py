"""Indicator measurements and measures, read from ``koers.monitoring``. The one API module that talks to it.

``koers.monitoring.evaluation.indicator_series(indicator, until=None, public=False)`` gives the points of an
indicator; ``koers.monitoring.measures`` is the registry of measures (computations from the registers). Both
are read defensively: until monitoring offers them, an indicator has no measurements and there are no measures.
Only aggregates leave this module; pupil-level data is never part of the API.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from koers.api.access import api_audience, api_swv
from koers.api.base import KoersApiMixin
from koers.api.models import Scope
from koers.api.views import ERRORS, NOT_FOUND
from koers.plans.models import Indicator

logger = logging.getLogger(__name__)

BAD_DATE = {400: OpenApiResponse(description="De datum is geen geldige datum (JJJJ-MM-DD).")}
STATUSES = ["behaald", "niet_behaald", "op_koers", "niet_op_koers", "geen_meting"]


class MeasurementSerializer(serializers.Serializer):
    period_label = serializers.CharField(help_text="Periode of meetmoment, bijv. 2024-2025 of T3 2024.")
    date = serializers.DateField(allow_null=True, help_text="Peildatum van de meting.")
    value = serializers.FloatField(allow_null=True, help_text="De waarde; null als die is afgeschermd of ontbreekt.")
    display = serializers.CharField(help_text="De waarde zoals Koers hem toont, bijv. '2,4 %'.")
    status = serializers.ChoiceField(choices=STATUSES, help_text="Status tegen de norm.")


class IndicatorMeasurementsSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="Id van de indicator.")
    definition = serializers.CharField(help_text="Hoe de waarde wordt berekend.")
    measurements = MeasurementSerializer(many=True, help_text="De metingen, oudste eerst.")


class MeasureSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Naam van de maat, zoals in het veld measure_code van een indicator.")
    name = serializers.CharField(help_text="Omschrijving van de maat.")
    unit = serializers.CharField(help_text="Eenheid, bijv. % of aantal.")
    definition = serializers.CharField(help_text="Definitie van de maat.")


class MeasureValueSerializer(MeasureSerializer):
    date = serializers.DateField(help_text="Peildatum.")
    value = serializers.FloatField(allow_null=True, help_text="De waarde op de peildatum; null als er geen is.")
    display = serializers.CharField(help_text="De waarde zoals Koers hem toont.")


def _module(name):
    try:
        return __import__(f"koers.monitoring.{name}", fromlist=[name])
    except ImportError:
        return None


def _number(raw):
    if raw is None:
        return None
    if isinstance(raw, bool):
        return 1.0 if raw else 0.0
    if isinstance(raw, int | float | Decimal):
        return float(raw)
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def _iso_date(raw):
    if isinstance(raw, date):
        return raw.isoformat()
    return None


def _point(point) -> dict:
    value = _number(getattr(point, "value", None))
    status = getattr(point, "status", "") or "geen_meting"
    return {
        "period_label": str(getattr(point, "period_label", "") or ""),
        "date": _iso_date(getattr(point, "date", None)),
        "value": value,
        "display": str(getattr(point, "display", "") or ("–" if value is None else value)),
        "status": status if status in STATUSES else "geen_meting",
    }


def _date_param(request, name):
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError({name: _("Geef een datum als JJJJ-MM-DD.")}) from exc


class MonitoringView(KoersApiMixin, generics.GenericAPIView):
    koers_permission = "monitoring.view_aggregate"
    koers_scope = Scope.MONITORING


@extend_schema(
    tags=["monitoring"],
    summary="Metingen van een indicator",
    description="De reeks metingen van een indicator met hun status tegen de norm. Alleen geaggregeerde waarden.",
    parameters=[
        OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de indicator."),
        OpenApiParameter("tot", OpenApiTypes.DATE, description="Alleen metingen tot en met deze datum."),
    ],
    responses={200: IndicatorMeasurementsSerializer, **ERRORS, **NOT_FOUND, **BAD_DATE},
)
class IndicatorMeasurementsView(MonitoringView):
    serializer_class = IndicatorMeasurementsSerializer
    queryset = Indicator.unscoped.all()

    def get(self, request, pk):
        until = _date_param(request, "tot")
        indicator = self.get_object_in_swv(pk)
        evaluation = _module("evaluation")
        points = []
        definition = indicator.definition
        if evaluation is not None:
            try:
                points = list(evaluation.indicator_series(indicator, until=until, public=False) or [])
                if hasattr(evaluation, "definition_text"):
                    definition = evaluation.definition_text(indicator) or definition
            except Exception:  # a broken measure shows as "no measurements", as in the reports; it is logged
                logger.exception("indicator_series faalde voor indicator %s", indicator.pk)
                points = []
        data = {"indicator": indicator.pk, "definition": definition or "", "measurements": [_point(p) for p in points]}
        return Response(data)

    def get_object_in_swv(self, pk):
        indicator = Indicator.objects.restrict(api_audience(self.request)).filter(pk=pk).first()
        if indicator is None:
            raise Http404
        return indicator


def _measures() -> dict:
    """code -> measure object, from the registry of koers.monitoring.measures (empty until it exists)."""
    registry = _module("measures")
    if registry is None:
        return {}
    found = getattr(registry, "REGISTRY", None) or getattr(registry, "MEASURES", None)
    if found is None and hasattr(registry, "all_measures"):
        found = registry.all_measures()
    if isinstance(found, dict):
        return dict(found)
    return {getattr(m, "code", str(m)): m for m in found or []}


def _describe(code, measure) -> dict:
    return {
        "code": code,
        "name": str(getattr(measure, "name", "") or getattr(measure, "label", "") or code),
        "unit": str(getattr(measure, "unit", "") or ""),
        "definition": str(getattr(measure, "definition", "") or getattr(measure, "description", "") or ""),
    }


@extend_schema(
    tags=["monitoring"],
    summary="Maten",
    description="De maten waaruit Koers indicatoren berekent (bijv. deelnamepercentage SBO).",
    responses={200: MeasureSerializer(many=True), **ERRORS},
)
class MeasureListView(MonitoringView):
    serializer_class = MeasureSerializer
    pagination_class = None

    def get(self, request):
        return Response([_describe(code, m) for code, m in sorted(_measures().items())])


@extend_schema(
    tags=["monitoring"],
    summary="Waarde van een maat",
    description="De waarde van een maat voor het samenwerkingsverband op een peildatum (standaard vandaag).",
    parameters=[
        OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code van de maat."),
        OpenApiParameter("datum", OpenApiTypes.DATE, description="Peildatum als JJJJ-MM-DD."),
    ],
    responses={200: MeasureValueSerializer, **ERRORS, **NOT_FOUND, **BAD_DATE},
)
class MeasureValueView(MonitoringView):
    serializer_class = MeasureValueSerializer

    def get(self, request, code):
        on = _date_param(request, "datum") or date.today()
        measure = _measures().get(code)
        if measure is None:
            raise Http404(_("Onbekende maat."))
        result = _measure_value(measure, api_swv(request), on)
        value = _number(getattr(result, "value", result))
        display = getattr(result, "display", None) or ("–" if value is None else str(value))
        return Response({**_describe(code, measure), "date": on.isoformat(), "value": value, "display": display})


def _measure_value(measure, swv, on):
    compute = getattr(measure, "value", None) or getattr(measure, "compute", None)
    if compute is None:
        return None
    try:
        return compute(swv, on)
    except Exception:  # no value rather than a server error; the cause is logged
        logger.exception("maat %s faalde", getattr(measure, "code", measure))
        return None
