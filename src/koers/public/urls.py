from django.urls import path

from koers.public import views

app_name = "public"
urlpatterns = [
    path("instellingen/", views.settings_view, name="settings"),
    path("<str:code>/", views.public_page, name="page"),
]
