from django.urls import path

from koers.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("jaarplan/<int:pk>/", views.year_plan_detail, name="year_plan"),
    path("boomstand/", views.tree_state, name="tree_state"),
    path("jaarplan/<int:pk>/tertiaal/<str:tertiaal>/", views.tertiaal_overview, name="tertiaal"),
    path("jaarplan/<int:pk>/rondes/", views.rounds, name="rounds"),
    path("jaarplan/<int:pk>/volgend-jaar/", views.rollover, name="rollover"),
    path("jaarplan/<int:pk>/begroting/", views.budget, name="budget"),
    path("jaarplan/<int:pk>/portefeuilles/", views.portfolio, name="portfolio"),
    path("jaarplan/<int:pk>/vaststelling/", views.adoptions, name="adoptions"),
    path("jaarplan/<int:year_plan_pk>/activiteit/nieuw/", views.activity_edit, name="activity_new"),
    path(
        "jaarplan/<int:year_plan_pk>/hoofdactiviteiten/",
        views.main_activity_options,
        name="main_activity_options",
    ),
    path("activiteit/<int:pk>/", views.activity_detail, name="activity"),
    path("activiteit/<int:pk>/wijzigen/", views.activity_edit, name="activity_edit"),
    path("mijn-activiteiten/", views.my_activities, name="my_activities"),
]

from koers.plans import element_views  # noqa: E402

urlpatterns += [
    path("nieuw/", element_views.plan_edit, name="plan_new"),
    path("<int:pk>/wijzigen/", element_views.plan_edit, name="plan_edit"),
    path("<int:plan_pk>/jaarplan/nieuw/", element_views.year_plan_edit, name="year_plan_new"),
    path("jaarplan/<int:pk>/wijzigen/", element_views.year_plan_edit, name="year_plan_edit"),
    path("jaarplan/<int:pk>/begroting/wijzigen/", element_views.budget_edit, name="budget_edit"),
    path("jaarplan/<int:pk>/begroting/realisatie/", element_views.realisation_add, name="realisation_add"),
    path("onderdeel/<str:kind_name>/<int:parent_pk>/nieuw/", element_views.element_edit, name="element_new"),
    path("onderdeel/<str:kind_name>/<int:pk>/wijzigen/", element_views.element_edit, name="element_edit"),
    path("onderdeel/<str:kind_name>/<int:pk>/verwijderen/", element_views.element_delete, name="element_delete"),
]

from koers.plans import round_views  # noqa: E402

urlpatterns += [
    path("ronde/<int:pk>/", round_views.round_detail, name="round"),
    path("ronde/<int:pk>/herinner/", round_views.round_remind, name="round_remind"),
    path("ronde/<int:pk>/sluiten/", round_views.round_close, name="round_close"),
    path("mijn-ronde/", round_views.my_round, name="my_round"),
    path("mijn-ronde/activiteit/<int:pk>/", round_views.round_update, name="round_update"),
    path("update/<int:pk>/beoordelen/", round_views.update_review, name="update_review"),
    path("update/<int:pk>/bewijs/", round_views.evidence_add, name="evidence_add"),
    path("bewijs/<int:pk>/", round_views.evidence_file, name="evidence"),
    path("activiteit/<int:pk>/opmerking/", round_views.activity_comment, name="activity_comment"),
]

from koers.core import upload_views  # noqa: E402
from koers.core.access import require  # noqa: E402
from koers.plans import io_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/exporteer/<str:fmt>/", io_views.plan_export, name="plan_export"),
    path("importeer/", io_views.plan_import, name="plan_import"),
    path("importeer/<int:pk>/bevestigen/", io_views.plan_import_confirm, name="plan_import_confirm"),
    path("importeer/<int:pk>/problemen.csv", io_views.plan_import_problems, name="plan_import_problems"),
    # the progress of a file the task worker reads (ADR 0036)
    path(
        "importeer/<int:pk>/",
        require("plan.edit")(upload_views.progress),
        {"kind": "plan"},
        name="plan_import_progress",
    ),
    path(
        "importeer/<int:pk>/status/",
        require("plan.edit")(upload_views.status),
        {"kind": "plan"},
        name="plan_import_status",
    ),
    path(
        "importeer/<int:pk>/annuleren/",
        require("plan.edit")(upload_views.cancel),
        {"kind": "plan"},
        name="plan_import_cancel",
    ),
]
