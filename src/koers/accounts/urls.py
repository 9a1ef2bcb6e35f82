from django.urls import path

from koers.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("wissel-swv/", views.switch_swv, name="switch_swv"),
    path("profiel/", views.profile, name="profile"),
]

from koers.accounts import otp_views  # noqa: E402

urlpatterns += [
    path("twee-factor/instellen/", otp_views.setup, name="otp_setup"),
    path("twee-factor/controleren/", otp_views.verify, name="otp_verify"),
]
