"""Indicator measurements and measures, read from ``koers.monitoring`` for the request's audience.

Every value is computed for the audience of the request (``api_audience``): a schoolbestuur gets its own schools,
and for everyone without pupil-level access small counts are suppressed: ``value`` is then null and ``reason``
says why, exactly as on the pages. Only aggregates leave this module; pupil-level data is never part of the API.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from koers.api.access import api_audience
from koers.api.base import KoersApiMixin
from koers.api.models import Scope
from koers.api.views import ERRORS, NOT_FOUND
from koers.core import clock
from koers.core.periods import Tertiaal, tertiaal_period
from koers.monitoring import definitions, evaluation
from koers.monitoring.evaluation import Status
from koers.monitoring.measures import REGISTRY
from koers.monitoring.measures.library import national_for
from koers.plans.models import Indicator

BAD_DATE = {400: OpenApiResponse(description="De datum is geen geldige datum (JJJJ-MM-DD).")}
STATUSES = list(Status.values)


class MeasurementSerializer(serializers.Serializer):
    period_label = serializers.CharField(help_text="Periode of meetmoment, bijv. 2024-2025 of T3 2024.")
    date = serializers.DateField(allow_null=True, help_text="Peildatum van de meting.")
    value = serializers.FloatField(allow_null=True, help_text="De waarde; null als die is afgeschermd of ontbreekt.")
    display = serializers.CharField(help_text="De waarde zoals Koers hem toont, bijv. '2,4 %'.")
    status = serializers.ChoiceField(choices=STATUSES, help_text="Status tegen de norm.")
    suppressed = serializers.BooleanField(help_text="De waarde is afgeschermd (te kleine aantallen).")
    reason = serializers.CharField(help_text="Waarom er geen waarde is, bijv. 'afgeschermd: minder dan 5'.")
    measured_text = serializers.CharField(help_text="Tot en met welke dag gemeten, bijv. 'gemeten t/m 31-07-2025'.")
    comparison = serializers.CharField(
        help_text="Bij een trendnorm: waarmee vergeleken is, bijv. 'T3 2024: 79, T3 2023: 86' (anders leeg)."
    )


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="De periode, bijv. T2 2025.")
    start = serializers.DateField(help_text="Eerste dag waarover gemeten wordt.")
    measured_until = serializers.DateField(help_text="Laatste dag waarover gemeten wordt (vandaag als die nog loopt).")
    measurement = MeasurementSerializer(help_text="De waarde van de indicator voor deze periode.")


class IndicatorMeasurementsSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="Id van de indicator.")
    definition = serializers.CharField(help_text="Hoe de waarde wordt berekend.")
    measurements = MeasurementSerializer(many=True, help_text="De metingen, oudste eerst.")
    period = PeriodSerializer(
        allow_null=True,
        help_text="Met ?tertiaal=: de waarde voor dat tertiaal, zoals dashboard en rapportage hem tonen.",
    )


class MeasureSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Naam van de maat, zoals in het veld measure_code van een indicator.")
    name = serializers.CharField(help_text="Omschrijving van de maat.")
    unit = serializers.CharField(help_text="Eenheid, bijv. % of aantal.")
    definition = serializers.CharField(help_text="Definitie van de maat.")


class NationalSerializer(serializers.Serializer):
    peiljaar = serializers.IntegerField(
        allow_null=True, help_text="Het DUO-peiljaar van het landelijke cijfer: het laatste op of vóór de peildatum."
    )
    waarde = serializers.CharField(allow_null=True, help_text="Het landelijke percentage, bijv. '2.41'.")
    plaats = serializers.IntegerField(allow_null=True, help_text="Plaats van dit SWV (1 = laagste percentage).")
    van = serializers.IntegerField(allow_null=True, help_text="Aantal samenwerkingsverbanden in de vergelijking.")
    tekst = serializers.CharField(help_text="Bijv. 'landelijk cijfer peiljaar 2024; plaats 12 van 75'.")


class MeasureValueSerializer(MeasureSerializer):
    date = serializers.DateField(help_text="Peildatum.")
    definition_used = serializers.CharField(
        help_text='De gebruikte definitie in woorden, bijv. "deelname SO = SO / (BO + SBO), teldatum 1 februari '
        '2025" (ADR 0022).'
    )
    noemer = serializers.CharField(allow_null=True, help_text="De gekozen noemer (bo_sbo of bo_sbo_so), of null.")
    teldatum = serializers.CharField(
        allow_null=True, help_text="De gekozen teldatum (1-oktober of 1-februari), of null."
    )
    zonder_aanvraagsoorten = serializers.ListField(
        child=serializers.CharField(), help_text="Aanvraagsoorten die niet meetellen."
    )
    interval = serializers.CharField(allow_null=True, help_text="Het gekozen interval van de doorlooptijd, of null.")
    value = serializers.FloatField(allow_null=True, help_text="De waarde op de peildatum; null als er geen is.")
    display = serializers.CharField(help_text="De waarde zoals Koers hem toont.")
    suppressed = serializers.BooleanField(help_text="De waarde is afgeschermd (te kleine aantallen).")
    reason = serializers.CharField(help_text="Waarom er geen waarde is, bijv. 'afgeschermd: minder dan 5'.")
    national = NationalSerializer(
        allow_null=True, help_text="Alleen bij de deelnamepercentages: het landelijke cijfer en de plaats van dit SWV."
    )


def _point(point: evaluation.Measurement) -> dict:
    return {
        "period_label": str(point.period_label or ""),
        "date": point.date.isoformat() if point.date else None,
        "value": None if point.value is None else float(point.value),
        "display": str(point.display or "–"),
        "status": Status(point.status).value,
        "suppressed": point.suppressed,
        "reason": str(point.display) if point.suppressed else "",
        "measured_text": str(point.measured_text),
        "comparison": str(point.comparison),
    }


def _tertiaal_param(request):
    raw = request.query_params.get("tertiaal")
    if not raw:
        return None
    found = Tertiaal.try_parse(raw)
    if found is None:
        raise ValidationError({"tertiaal": _("Geef een tertiaal als JJJJ-T1, JJJJ-T2 of JJJJ-T3, bijv. 2025-T2.")})
    return found


def _date_param(request, name):
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError({name: _("Geef een datum als JJJJ-MM-DD.")}) from exc


def _definition_params(request, code) -> dict:
    """The definitions asked for in the query (ADR 0022), checked as in the indicator form; 400 when wrong."""
    raw = {
        definitions.DENOMINATOR: request.query_params.get("noemer"),
        definitions.COUNT_DATE: request.query_params.get("teldatum"),
        definitions.EXCLUDED_KINDS: request.query_params.getlist("zonder_aanvraagsoort"),
        definitions.INTERVAL: request.query_params.get("interval"),
    }
    try:
        return definitions.clean(raw, code)
    except ValueError as exc:
        raise ValidationError({"definitie": str(exc)}) from exc


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
        OpenApiParameter(
            "tertiaal",
            OpenApiTypes.STR,
            description="Metingen tot en met dit tertiaal (bijv. 2025-T2, gemeten t/m 31-07-2025), met de waarde "
            "voor dat tertiaal in 'period'.",
        ),
    ],
    responses={200: IndicatorMeasurementsSerializer, **ERRORS, **NOT_FOUND, **BAD_DATE},
)
class IndicatorMeasurementsView(MonitoringView):
    serializer_class = IndicatorMeasurementsSerializer
    queryset = Indicator.objects.none()  # get() restricts to the audience

    def get(self, request, pk):
        until = _date_param(request, "tot")
        audience = api_audience(request)
        indicator = Indicator.objects.restrict(audience).filter(pk=pk).first()
        if indicator is None:
            raise Http404
        tertiaal = _tertiaal_param(request)
        period = tertiaal_period(tertiaal, clock.today()) if tertiaal else None
        if period is not None:
            until = period.measured_until if until is None else min(until, period.measured_until)
        points = evaluation.indicator_series(indicator, audience, until=until)
        definition = evaluation.definition_text(indicator, until) or indicator.definition or ""
        found = None
        if period is not None:
            latest = evaluation.latest(indicator, audience, period)
            found = {
                "label": period.label,
                "start": period.start.isoformat(),
                "measured_until": period.measured_until.isoformat(),
                "measurement": _point(latest),
            }
        return Response(
            {
                "indicator": indicator.pk,
                "definition": definition,
                "measurements": [_point(p) for p in points],
                "period": found,
            }
        )


def _describe(code, measure) -> dict:
    return {"code": code, "name": str(measure.name), "unit": str(measure.unit), "definition": str(measure.definition)}


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
        return Response([_describe(code, m) for code, m in sorted(REGISTRY.items())])


@extend_schema(
    tags=["monitoring"],
    summary="Waarde van een maat",
    description="De waarde van een maat voor het samenwerkingsverband op een peildatum (standaard vandaag).",
    parameters=[
        OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code van de maat."),
        OpenApiParameter("datum", OpenApiTypes.DATE, description="Peildatum als JJJJ-MM-DD."),
        OpenApiParameter(
            "noemer", OpenApiTypes.STR, enum=list(definitions.DENOMINATORS), description=str(definitions.HELP["noemer"])
        ),
        OpenApiParameter(
            "teldatum",
            OpenApiTypes.STR,
            enum=list(definitions.COUNT_DATES),
            description=str(definitions.HELP["teldatum"]),
        ),
        OpenApiParameter(
            "zonder_aanvraagsoort",
            OpenApiTypes.STR,
            many=True,
            description=str(definitions.HELP["zonder_aanvraagsoorten"]) + " Herhaalbaar.",
        ),
        OpenApiParameter(
            "interval",
            OpenApiTypes.STR,
            enum=list(definitions.INTERVALS),
            description=str(definitions.HELP["interval"]),
        ),
    ],
    responses={200: MeasureValueSerializer, **ERRORS, **NOT_FOUND, **BAD_DATE},
)
class MeasureValueView(MonitoringView):
    serializer_class = MeasureValueSerializer

    def get(self, request, code):
        on = _date_param(request, "datum") or clock.today()
        measure = REGISTRY.get(code)
        if measure is None:
            raise Http404(_("Onbekende maat."))
        params = _definition_params(request, code)
        audience = api_audience(request)
        result = measure.value(audience, on, **params)
        national = national_for(audience.swv or audience.swv_id, on, code)
        if national and result.suppressed:  # no rank beside a hidden own value
            national = {**national, "plaats": None, "van": None}
        return Response(
            {
                **_describe(code, measure),
                "date": on.isoformat(),
                "definition_used": definitions.sentence(code, params, swv=audience.swv_id, on=on),
                "noemer": params.get(definitions.DENOMINATOR),
                "teldatum": params.get(definitions.COUNT_DATE),
                "zonder_aanvraagsoorten": params.get(definitions.EXCLUDED_KINDS, []),
                "interval": params.get(definitions.INTERVAL),
                "value": None if result.value is None else float(result.value),
                "display": result.display,
                "suppressed": result.suppressed,
                "reason": str(result.reason),
                "national": national,
            }
        )
