from django.urls import path

from koers.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("nieuw/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/uitbrengen/", views.issue, name="issue"),
    path("<int:pk>/voortgang/", views.progress, name="progress"),
    path("<int:pk>/opnieuw-maken/", views.retry_files, name="retry_files"),
    path("<int:pk>/bestand.<str:fmt>", views.download, name="download"),
    path("standaarduitvoer/", views.standard, name="standard"),
    path("standaarduitvoer/<str:kind>.<str:fmt>", views.standard_download, name="standard_download"),
    path(
        "jaarplan/<int:pk>/tertiaal/<str:tertiaal>/indicatoren/", views.tertiaal_indicators, name="tertiaal_indicators"
    ),
    path("jaarplan/<int:pk>/document.<str:fmt>", views.year_plan_document, name="year_plan_document"),
]
