from django.urls import path

from koers.monitoring import absence_views, flow_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("importeren/", views.import_start, name="import"),
    path("importeren/<int:pk>/", views.import_run, name="import_run"),
    path("importeren/<int:pk>/rapport.csv", views.import_report, name="import_report"),
    path("koppelingen/", views.mappings, name="mappings"),
    path("koppelingen/<int:pk>/", views.mapping_edit, name="mapping"),
    path("koppelingen/<int:pk>/koppeling.json", views.mapping_export, name="mapping_export"),
    path("register/<str:register>/", views.register_list, name="register"),
    path("indicator/<int:pk>/", views.indicator_detail, name="indicator"),
    path("inspectie-thuiszitters/", views.inspectie_thuiszitters, name="inspectie_thuiszitters"),
    path("verzuim/redenen/", absence_views.absence_reasons, name="absence_reasons"),
    path("bekostiging/verschillen/", flow_views.funding_mismatches, name="funding_mismatches"),
]
