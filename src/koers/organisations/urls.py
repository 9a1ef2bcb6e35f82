from django.urls import path

from koers.core import upload_views
from koers.core.access import require
from koers.organisations import views

EDIT = require("organisations.edit")
KIND = {"kind": "organisaties"}

app_name = "organisations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("samenwerkingsverband/", views.swv_edit, name="swv_edit"),
    path("importeren/", views.import_file, name="import"),
    path("importeren/rapport/", views.import_report, name="import_report"),
    # the progress of a file the task worker reads (ADR 0036)
    path("importeren/<int:pk>/", EDIT(upload_views.progress), KIND, name="import_progress"),
    path("importeren/<int:pk>/status/", EDIT(upload_views.status), KIND, name="import_status"),
    path("importeren/<int:pk>/annuleren/", EDIT(upload_views.cancel), KIND, name="import_cancel"),
    path("importeren/sjabloon/", views.import_template, name="import_template"),
    path("<slug:kind_slug>/", views.object_list, name="list"),
    path("<slug:kind_slug>/nieuw/", views.object_edit, name="new"),
    path("<slug:kind_slug>/<int:pk>/", views.object_detail, name="detail"),
    path("<slug:kind_slug>/<int:pk>/wijzigen/", views.object_edit, name="edit"),
    path("<slug:kind_slug>/<int:pk>/verwijderen/", views.object_delete, name="delete"),
]
