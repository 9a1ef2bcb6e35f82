from django.contrib import admin
from django.urls import include, path

from koers.core import health
from koers.reports.views import home, vooruitblik_section

urlpatterns = [
    # The home page is the dashboard of koers.reports, under its own namespace: {% url 'dashboard:home' %}; its
    # Vooruitblik (a forecast over every school year of the registers) is loaded after the page, by htmx.
    path(
        "",
        include(
            (
                [path("", home, name="home"), path("vooruitblik/", vooruitblik_section, name="vooruitblik")],
                "dashboard",
            )
        ),
    ),
    # For a load balancer; served by koers.core.middleware.HealthCheckMiddleware before the other middleware.
    path("gezondheid/", health.alive, name="health-alive"),
    path("gereed/", health.ready, name="health-ready"),
    path("historie/", include("koers.audit.urls")),
    path("account/", include("koers.accounts.urls")),
    path("organisatie/", include("koers.organisations.urls")),
    path("plannen/", include("koers.plans.urls")),
    path("traject/", include("koers.trajectory.urls")),
    path("monitoring/", include("koers.monitoring.urls")),
    path("rapportages/", include("koers.reports.urls")),
    path("evaluatie/", include("koers.evaluation.urls")),
    path("geld/", include("koers.finance.urls")),
    path("consultatie/", include("koers.consultation.urls")),
    path("plandocument/", include("koers.plan_document.urls")),
    path("api/", include("koers.api.urls")),
    path("openbaar/", include("koers.public.urls")),
    path("privacy/", include("koers.privacy.urls")),
    path("inrichten/", include("koers.onboarding.urls")),
    path("systeembeheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
