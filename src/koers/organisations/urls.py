from django.urls import path

from koers.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.overview, name="overview"),
]
