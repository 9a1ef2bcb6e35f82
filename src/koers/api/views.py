"""Read-only endpoints for organisations and plans. Monitoring endpoints live in ``monitoring.py``."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework import serializers as serializers_module

from koers.api import filters, serializers
from koers.api.access import api_swv
from koers.api.base import KoersApiMixin, SwvReadOnlyViewSet
from koers.api.models import Scope
from koers.organisations import models as org
from koers.plans import models as plans


class ErrorSerializer(serializers_module.Serializer):
    detail = serializers_module.CharField(help_text="Waarom het verzoek niet lukte.")


ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Geen, een ongeldige, verlopen of ingetrokken sleutel."),
    403: OpenApiResponse(ErrorSerializer, description="Uw rol of de rechten van de sleutel staan dit niet toe."),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="Niet gevonden in dit samenwerkingsverband.")}
BAD_FILTER = {400: OpenApiResponse(description="Een filter of paginanummer heeft een ongeldige waarde.")}


def _described(tag, list_text, detail_text):
    """OpenAPI texts in Dutch for a read-only viewset: summaries, the id parameter and the error answers."""

    def decorate(cls):
        detail_serializer = getattr(cls, "detail_serializer_class", None) or cls.serializer_class
        return extend_schema_view(
            list=extend_schema(
                tags=[tag],
                summary=list_text,
                description=list_text,
                responses={200: cls.serializer_class(many=True), **BAD_FILTER, **ERRORS, **NOT_FOUND},
            ),
            retrieve=extend_schema(
                tags=[tag],
                summary=detail_text,
                description=detail_text,
                parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Het id.")],
                responses={200: detail_serializer, **ERRORS, **NOT_FOUND},
            ),
        )(cls)

    return decorate


# --- organisations -----------------------------------------------------------------------------------------------


class OrganisationViewSet(SwvReadOnlyViewSet):
    koers_permission = "organisations.view"
    koers_scope = Scope.ORGANISATIONS


@extend_schema(
    tags=["organisatie"],
    summary="Het samenwerkingsverband",
    description="Het samenwerkingsverband waarin dit verzoek werkt: dat van de sleutel, of het huidige van de sessie.",
    responses={200: serializers.SwvSerializer, **ERRORS},
)
class SwvView(KoersApiMixin, generics.RetrieveAPIView):
    serializer_class = serializers.SwvSerializer
    koers_permission = "organisations.view"
    koers_scope = Scope.ORGANISATIONS

    def get_object(self):
        return api_swv(self.request)


@_described("organisatie", "Schoolbesturen", "Eén schoolbestuur")
class SchoolbestuurViewSet(OrganisationViewSet):
    queryset = org.Schoolbestuur.unscoped.all()
    serializer_class = serializers.SchoolbestuurSerializer


@_described("organisatie", "Scholen (vestigingen)", "Eén school (vestiging)")
class SchoolViewSet(OrganisationViewSet):
    queryset = org.School.unscoped.all()
    serializer_class = serializers.SchoolSerializer
    filterset_class = filters.SchoolFilter


@_described("organisatie", "Werkgebieden en kernen", "Eén werkgebied")
class WerkgebiedViewSet(OrganisationViewSet):
    queryset = org.Werkgebied.unscoped.all()
    serializer_class = serializers.WerkgebiedSerializer


@_described("organisatie", "Gemeenten", "Eén gemeente")
class GemeenteViewSet(OrganisationViewSet):
    queryset = org.Gemeente.unscoped.all()
    serializer_class = serializers.GemeenteSerializer


@_described("organisatie", "Ketenpartners", "Eén ketenpartner")
class KetenpartnerViewSet(OrganisationViewSet):
    queryset = org.Ketenpartner.unscoped.all()
    serializer_class = serializers.KetenpartnerSerializer
    filterset_class = filters.KetenpartnerFilter


@_described("organisatie", "Gremia (RvT, RvA, OPR, …)", "Eén gremium")
class GremiumViewSet(OrganisationViewSet):
    queryset = org.Gremium.unscoped.all()
    serializer_class = serializers.GremiumSerializer
    filterset_class = filters.GremiumFilter


@_described("organisatie", "Medewerkers van het bureau", "Eén medewerker")
class StaffMemberViewSet(OrganisationViewSet):
    queryset = org.StaffMember.unscoped.all()
    serializer_class = serializers.StaffMemberSerializer
    filterset_class = filters.StaffMemberFilter


@_described("plannen", "Eigenaren en betrokkenen van activiteiten", "Eén eigenaar of betrokkene")
class ActorViewSet(SwvReadOnlyViewSet):
    """Owners are part of the plan (activities name them), so they need plan.view, like the plan pages."""

    queryset = org.Actor.unscoped.all()
    serializer_class = serializers.ActorSerializer


# --- plans -------------------------------------------------------------------------------------------------------


@_described("plannen", "Ondersteuningsplannen", "Eén plan met thema's, doelen, indicatoren en hoofdactiviteiten")
class PlanViewSet(SwvReadOnlyViewSet):
    queryset = plans.Plan.unscoped.all()
    serializer_class = serializers.PlanSerializer
    detail_serializer_class = serializers.PlanDetailSerializer

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.serializer_class

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("themes", "goals", "indicators", "main_activities", "year_plans")
        return queryset


@_described("plannen", "Thema's (speerpunten)", "Eén thema")
class ThemeViewSet(SwvReadOnlyViewSet):
    queryset = plans.Theme.unscoped.all()
    serializer_class = serializers.ThemeSerializer
    filterset_class = filters.ThemeFilter


@_described("plannen", "Doelen", "Eén doel")
class GoalViewSet(SwvReadOnlyViewSet):
    queryset = plans.Goal.unscoped.all()
    serializer_class = serializers.GoalSerializer
    filterset_class = filters.GoalFilter


@_described("plannen", "Indicatoren", "Eén indicator (metingen: /api/v1/indicatoren/{id}/metingen/)")
class IndicatorViewSet(SwvReadOnlyViewSet):
    queryset = plans.Indicator.unscoped.all()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter


@_described("plannen", "Hoofdactiviteiten en projecten", "Eén hoofdactiviteit")
class MainActivityViewSet(SwvReadOnlyViewSet):
    queryset = plans.MainActivity.unscoped.all()
    serializer_class = serializers.MainActivitySerializer
    filterset_class = filters.MainActivityFilter


@_described("plannen", "Jaarplannen", "Eén jaarplan met begroting en besprekingen")
class YearPlanViewSet(SwvReadOnlyViewSet):
    queryset = plans.YearPlan.unscoped.all()
    serializer_class = serializers.YearPlanSerializer
    detail_serializer_class = serializers.YearPlanDetailSerializer
    filterset_class = filters.YearPlanFilter

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.serializer_class

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("adoptions")
        return queryset


@_described("plannen", "Jaaractiviteiten", "Eén jaaractiviteit")
class ActivityViewSet(SwvReadOnlyViewSet):
    queryset = plans.Activity.unscoped.select_related("owner").prefetch_related("involved")
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


@_described("plannen", "Voortgangsupdates van activiteiten", "Eén voortgangsupdate")
class ActivityUpdateViewSet(SwvReadOnlyViewSet):
    queryset = plans.ActivityUpdate.unscoped.select_related("author")
    serializer_class = serializers.ActivityUpdateSerializer
    filterset_class = filters.ActivityUpdateFilter


@_described(
    "plannen",
    "Voortgangsrondes met hun stand (aantallen en per eigenaar)",
    "Eén voortgangsronde met haar stand per eigenaar en activiteit",
)
class UpdateRoundViewSet(SwvReadOnlyViewSet):
    queryset = plans.UpdateRound.unscoped.select_related("year_plan").order_by("-opened_at", "-id")
    serializer_class = serializers.UpdateRoundSerializer
    filterset_class = filters.UpdateRoundFilter
