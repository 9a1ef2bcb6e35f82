from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from koers.api import absence, finance, forecast, monitoring, token_views, trajectory, views
from koers.api.authentication import ApiTokenAuthentication, SessionAuthentication

app_name = "api"

router = SimpleRouter()
router.register("schoolbesturen", views.SchoolbestuurViewSet, basename="schoolbestuur")
router.register("scholen", views.SchoolViewSet, basename="school")
router.register("werkgebieden", views.WerkgebiedViewSet, basename="werkgebied")
router.register("gemeenten", views.GemeenteViewSet, basename="gemeente")
router.register("ketenpartners", views.KetenpartnerViewSet, basename="ketenpartner")
router.register("gremia", views.GremiumViewSet, basename="gremium")
router.register("medewerkers", views.StaffMemberViewSet, basename="medewerker")
router.register("eigenaren", views.ActorViewSet, basename="eigenaar")
router.register("plannen", views.PlanViewSet, basename="plan")
router.register("themas", views.ThemeViewSet, basename="thema")
router.register("doelen", views.GoalViewSet, basename="doel")
router.register("indicatoren", views.IndicatorViewSet, basename="indicator")
router.register("hoofdactiviteiten", views.MainActivityViewSet, basename="hoofdactiviteit")
router.register("jaarplannen", views.YearPlanViewSet, basename="jaarplan")
router.register("activiteiten", views.ActivityViewSet, basename="activiteit")
router.register("voortgang", views.ActivityUpdateViewSet, basename="voortgang")
router.register("rondes", views.UpdateRoundViewSet, basename="ronde")
router.register("trajecten", trajectory.TrajectoryViewSet, basename="traject")
router.register("thematafels", trajectory.ThematafelViewSet, basename="thematafel")

_auth = {"authentication_classes": [ApiTokenAuthentication, SessionAuthentication], "permission_classes": [AllowAny]}

v1 = [
    path("swv/", views.SwvView.as_view(), name="swv"),
    path("indicatoren/<int:pk>/metingen/", monitoring.IndicatorMeasurementsView.as_view(), name="metingen"),
    path("maten/", monitoring.MeasureListView.as_view(), name="maten"),
    path("maten/<str:code>/", monitoring.MeasureValueView.as_view(), name="maat"),
    *forecast.urlpatterns,
    *absence.urlpatterns,  # /verzuim/redenen/: koers.monitoring.absence_reasons
    *finance.urlpatterns,  # /geld/...: koers.finance
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(**_auth), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html", **_auth),
        name="docs",
    ),
    path("sleutels/", token_views.tokens, name="tokens"),
    path("sleutels/<int:pk>/intrekken/", token_views.revoke, name="token_revoke"),
]
