from django.urls import path

from koers.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("netwerk/", views.network, name="network"),
    path("netwerk/nieuw/", views.provision_edit, name="provision_new"),
    path("netwerk/<int:pk>/", views.provision_edit, name="provision_edit"),
    path("netwerk/<int:pk>/schooljaar/", views.provision_year, name="provision_year"),
    path("tarieven/", views.tariffs, name="tariffs"),
    path("tarieven/nieuw/", views.tariff_edit, name="tariff_new"),
    path("tarieven/importeren/", views.tariff_import, name="tariff_import"),
    path("jaarrekening/nieuw/", views.account_edit, name="account_new"),
    path("jaarrekening/importeren/", views.account_import, name="account_import"),
    path("jaarrekening/<int:pk>/", views.account_edit, name="account_edit"),
    path("normen/", views.norms, name="norms"),
    path("jaarplan/<int:pk>/afdrachten/", views.contribution_edit, name="contribution_edit"),
]
