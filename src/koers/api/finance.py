"""Money in the API (/api/v1/geld/...): tariffs, the dekkend netwerk, the jaarrekeningen with their ratios, and the
summary of one begroting (afdrachten computed against the begroting, the projection to the year end).

Read-only, for whoever may read plans (``plan.view``, scope ``plans:read``). Pupil counts go through the audience
as on the pages: under the threshold they are null with ``suppressed: true``; a schoolbestuur gets no SWV-wide
counts (``shown: false``). Amounts are strings with two decimals (exact), as Decimal fields of DRF give them.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from koers.api.access import api_audience, api_swv
from koers.api.base import KoersApiMixin
from koers.api.models import Scope
from koers.api.views import ERRORS, NOT_FOUND
from koers.finance import forecast as finance_forecast
from koers.finance import services, summary
from koers.finance.models import Tariff
from koers.plans.models import YearPlan

MONEY = {"max_digits": 14, "decimal_places": 2, "allow_null": True}


class FinanceView(KoersApiMixin, generics.GenericAPIView):
    koers_permission = "plan.view"
    koers_scope = Scope.PLANS
    pagination_class = None


class TariffSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tariff
        fields = ["id", "year", "school_type", "category", "amount", "source"]
        extra_kwargs = {
            "year": {"help_text": "Kalenderjaar van het tarief."},
            "school_type": {"help_text": "SBO, SO of VSO."},
            "category": {"help_text": "L (laag), M (midden) of H (hoog); leeg voor SBO."},
            "amount": {"help_text": "Bedrag per leerling per jaar in euro."},
            "source": {"help_text": "Waar het tarief vandaan komt."},
        }


@extend_schema(tags=["geld"], summary="Tarieven", description="Tarieven per kalenderjaar, soort en categorie.",
               responses={200: TariffSerializer(many=True), **ERRORS})  # fmt: skip
class TariffListView(FinanceView):
    serializer_class = TariffSerializer

    def get(self, request):
        rows = Tariff.objects.restrict(api_audience(request)).order_by("-year", "school_type", "category")
        return Response(TariffSerializer(rows, many=True).data)


class ProvisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Naam van de voorziening of het arrangement.")
    kind = serializers.CharField(help_text="voorziening of arrangement.")
    type = serializers.CharField(help_text="SBO, SO, VSO of ARR (arrangement).")
    category = serializers.CharField(help_text="L, M, H of leeg.")
    provider = serializers.CharField(help_text="Aanbieder (school of bestuur).")
    school_year = serializers.IntegerField(help_text="Beginjaar van het schooljaar.")
    places = serializers.IntegerField(allow_null=True, help_text="Plaatsen dit schooljaar.")
    taken = serializers.IntegerField(
        allow_null=True, help_text="Bezet (arrangementenregister); null: afgeschermd of niet berekend."
    )
    suppressed = serializers.BooleanField(help_text="De bezetting is afgeschermd (minder dan 5).")
    free = serializers.IntegerField(allow_null=True, help_text="Vrij: plaatsen min bezet.")
    planned_next = serializers.IntegerField(allow_null=True, help_text="Plaatsen gepland volgend schooljaar.")
    tariff = serializers.DecimalField(help_text="Tarief per plaats per jaar.", **MONEY)
    next_tariff = serializers.DecimalField(help_text="Tarief volgend schooljaar (t2).", **MONEY)
    indexation = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, help_text="Van t1 naar t2, in procenten."
    )
    calendar_year_cost = serializers.DecimalField(
        help_text="Kosten in het kalenderjaar waarin het schooljaar begint: 7/12 oud + 5/12 nieuw.", **MONEY
    )


@extend_schema(
    tags=["geld"],
    summary="Dekkend netwerk",
    description="Voorzieningen en arrangementen met plaatsen, bezetting, tarief, indexering en kalenderjaarkosten.",
    parameters=[OpenApiParameter("schooljaar", OpenApiTypes.INT, description="Beginjaar van het schooljaar.")],
    responses={200: ProvisionSerializer(many=True), **ERRORS},
)
class NetworkView(FinanceView):
    serializer_class = ProvisionSerializer

    def get(self, request):
        audience = api_audience(request)
        try:
            school_year = int(request.query_params["schooljaar"]) if request.query_params.get("schooljaar") else None
        except ValueError:
            raise serializers.ValidationError({"schooljaar": _("Geef het beginjaar, bijvoorbeeld 2025.")}) from None
        rows = services.network(api_swv(request), audience, school_year)
        data = [
            {
                "id": r.provision.pk,
                "name": r.provision.name,
                "kind": r.provision.kind,
                "type": r.provision.provision_type,
                "category": r.provision.category,
                "provider": r.provision.provider,
                "school_year": r.calendar_year,
                "places": r.places,
                "taken": r.taken,
                "suppressed": r.suppressed,
                "free": r.free,
                "planned_next": r.planned_next,
                "tariff": r.tariff,
                "next_tariff": r.next_tariff,
                "indexation": r.indexation,
                "calendar_year_cost": r.calendar_cost,
            }
            for r in rows
        ]
        return Response(ProvisionSerializer(data, many=True).data)


class AccountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    income = serializers.DecimalField(help_text="Totale baten.", **MONEY)
    expenses = serializers.DecimalField(help_text="Totale lasten.", **MONEY)
    equity = serializers.DecimalField(help_text="Eigen vermogen.", **MONEY)
    balance_total = serializers.DecimalField(help_text="Balanstotaal.", **MONEY)
    solvency = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True, help_text="Solvabiliteit 2.")
    liquidity = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True, help_text="Current ratio.")
    resistance = serializers.DecimalField(
        max_digits=8, decimal_places=4, allow_null=True, help_text="Weerstandsvermogen."
    )
    reserve_threshold = serializers.DecimalField(help_text="Signaleringswaarde bovenmatig eigen vermogen.", **MONEY)
    reserve_ratio = serializers.DecimalField(
        max_digits=8, decimal_places=4, allow_null=True, help_text="Publiek eigen vermogen / signaleringswaarde."
    )
    statuses = serializers.DictField(
        child=serializers.BooleanField(allow_null=True), help_text="Per kengetal: voldoet (true), signaal (false)."
    )
    source = serializers.CharField()


@extend_schema(tags=["geld"], summary="Jaarrekeningen en kengetallen",
               description="Per jaar de posten en de kengetallen met hun status tegen de normen.",
               responses={200: AccountSerializer(many=True), **ERRORS})  # fmt: skip
class HealthView(FinanceView):
    serializer_class = AccountSerializer

    def get(self, request):
        data = [
            {
                "year": r.account.year,
                "income": r.account.income,
                "expenses": r.account.expenses,
                "equity": r.account.equity,
                "balance_total": r.account.balance_total,
                "solvency": r.ratios.solvency,
                "liquidity": r.ratios.liquidity,
                "resistance": r.ratios.resistance,
                "reserve_threshold": r.ratios.reserve_threshold,
                "reserve_ratio": r.ratios.reserve_ratio,
                "statuses": {k: v[0] for k, v in r.statuses.items()},
                "source": r.account.source,
            }
            for r in services.health(api_swv(request))
        ]
        return Response(AccountSerializer(data, many=True).data)


class ContributionLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    school_type = serializers.CharField()
    category = serializers.CharField()
    first_pupils = serializers.IntegerField(
        allow_null=True, help_text="Leerlingen op de eerste teldatum; null: afgeschermd."
    )
    second_pupils = serializers.IntegerField(
        allow_null=True, help_text="Leerlingen op de tweede teldatum; null: afgeschermd."
    )
    amount = serializers.DecimalField(help_text="Berekend bedrag; null: afgeschermd of tarief ontbreekt.", **MONEY)
    budgeted = serializers.DecimalField(**MONEY)
    difference = serializers.DecimalField(**MONEY)
    explanation = serializers.CharField()
    suppressed = serializers.BooleanField()


class BudgetSummarySerializer(serializers.Serializer):
    year_plan = serializers.IntegerField()
    school_year = serializers.IntegerField()
    count_date = serializers.CharField(help_text="1-februari of 1-oktober.")
    method = serializers.CharField(help_text="Hoe de afdrachten zijn berekend.")
    shown = serializers.BooleanField(help_text="false: tellingen van het hele SWV, niet voor een schoolbestuur.")
    total = serializers.DecimalField(help_text="Totaal begroting (baten).", **MONEY)
    contributions_budget = serializers.DecimalField(help_text="Begrote verplichte afdrachten.", **MONEY)
    contributions_computed = serializers.DecimalField(help_text="Berekend uit TLV-register en tarieven.", **MONEY)
    contributions_difference = serializers.DecimalField(**MONEY)
    lines = ContributionLineSerializer(many=True)
    result_budget = serializers.DecimalField(**MONEY)
    result_projected = serializers.DecimalField(**MONEY)
    projection_method = serializers.CharField()
    period = serializers.CharField(help_text="schooljaar of kalenderjaar: het jaar dat de begroting beslaat.")
    calendar_year = serializers.IntegerField(allow_null=True, help_text="Bij een begroting per kalenderjaar.")
    year_end = serializers.DateField(help_text="Waarheen geprojecteerd is: 31 juli of 31 december.")


@extend_schema(
    tags=["geld"],
    summary="Begroting: afdrachten en projectie",
    description="De afdrachten berekend uit het TLV-register naast de begroting, en het resultaat geprojecteerd.",
    parameters=[
        OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het jaarplan."),
        OpenApiParameter("teldatum", OpenApiTypes.STR, enum=list(services.COUNT_DATES), description="Teldatum."),
    ],
    responses={200: BudgetSummarySerializer, **ERRORS, **NOT_FOUND},
)
class BudgetSummaryView(FinanceView):
    serializer_class = BudgetSummarySerializer

    def get(self, request, pk):
        audience = api_audience(request)
        year_plan = YearPlan.objects.restrict(audience).filter(pk=pk).first()
        if year_plan is None or not hasattr(year_plan, "budget"):
            raise Http404(_("Geen begroting bij dit jaarplan in dit samenwerkingsverband."))
        rule = request.query_params.get("teldatum") or services.DEFAULT_COUNT_DATE
        if rule not in services.COUNT_DATES:
            raise serializers.ValidationError({"teldatum": _("Kies 1-februari of 1-oktober.")})
        section = summary.money_section(api_swv(request), audience, year_plan, rule=rule)
        c, p = section["contributions"], section["projection"]
        lines = [
            {
                "label": line.label,
                "school_type": line.school_type,
                "category": line.category,
                "first_pupils": None if line.hidden else line.first_pupils,
                "second_pupils": None if line.hidden else line.second_pupils,
                "amount": None if line.hidden else line.amount,
                "budgeted": line.budgeted,
                "difference": None if line.hidden else line.difference,
                "explanation": "" if line.hidden else line.explanation,
                "suppressed": line.hidden,
            }
            for line in (c.lines if c.shown else [])
        ]
        data = {
            "year_plan": year_plan.pk,
            "school_year": year_plan.school_year,
            "count_date": rule,
            "method": c.method,
            "shown": c.shown,
            "total": section["budget"].total,
            "contributions_budget": c.budget_line,
            "contributions_computed": c.computed if c.shown else None,
            "contributions_difference": c.difference if c.shown else None,
            "lines": lines,
            "result_budget": p.budget_result,
            "result_projected": p.projected_result,
            "projection_method": p.method,
            "period": section["budget"].period,
            "calendar_year": section["budget"].covered_calendar_year,
            "year_end": p.year_end,
        }
        return Response(BudgetSummarySerializer(data).data)


class ForecastRowSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="Schooljaar, bijv. 2027-2028.")
    kind = serializers.CharField(help_text="berekend (beide teldatums voorbij) of verwacht.")
    display = serializers.CharField()
    range_display = serializers.CharField()
    norm_display = serializers.CharField()
    norm_source = serializers.CharField()
    difference_display = serializers.CharField()


class AfdrachtenForecastSerializer(serializers.Serializer):
    shown = serializers.BooleanField(help_text="false: tellingen van het hele SWV, niet voor een schoolbestuur.")
    labels = serializers.ListField(child=serializers.CharField(), help_text="Schooljaren.")
    values = serializers.ListField(child=serializers.CharField(allow_null=True), help_text="Verwacht bedrag.")
    low = serializers.ListField(child=serializers.CharField(allow_null=True), help_text="Ondergrens (95%).")
    high = serializers.ListField(child=serializers.CharField(allow_null=True), help_text="Bovengrens (95%).")
    norm = serializers.ListField(
        child=serializers.CharField(allow_null=True), help_text="Verplichte afdrachten in de begroting."
    )
    rows = ForecastRowSerializer(many=True)
    method = serializers.CharField(help_text="Hoe de verwachting is berekend, met de gebruikte indexering.")
    title = serializers.CharField()


@extend_schema(
    tags=["geld"],
    summary="Verwachte afdrachten",
    description="De verplichte afdrachten van dit en de komende schooljaren in euro: verwachte leerlingen met een "
    "TLV maal de tarieven (geïndexeerd waar nog onbekend), met een bandbreedte van 95% en de begroting als norm.",
    responses={200: AfdrachtenForecastSerializer, **ERRORS},
)
class AfdrachtenForecastView(FinanceView):
    serializer_class = AfdrachtenForecastSerializer

    def get(self, request):
        result = finance_forecast.forecast(api_swv(request), api_audience(request))
        return Response(AfdrachtenForecastSerializer(finance_forecast.plain(result)).data)


urlpatterns = [
    path("geld/tarieven/", TariffListView.as_view(), name="geld_tarieven"),
    path("geld/netwerk/", NetworkView.as_view(), name="geld_netwerk"),
    path("geld/jaarrekeningen/", HealthView.as_view(), name="geld_jaarrekeningen"),
    path("geld/begroting/<int:pk>/", BudgetSummaryView.as_view(), name="geld_begroting"),
    path("geld/vooruitblik/", AfdrachtenForecastView.as_view(), name="geld_vooruitblik"),
]
