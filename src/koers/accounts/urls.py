from django.urls import path

from koers.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("wissel-swv/", views.switch_swv, name="switch_swv"),
    path("profiel/", views.profile, name="profile"),
]
