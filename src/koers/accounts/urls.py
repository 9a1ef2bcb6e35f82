from django.urls import path

from koers.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("wissel-swv/", views.switch_swv, name="switch_swv"),
    path("profiel/", views.profile, name="profile"),
    path("profiel/sso/<int:pk>/verbreken/", views.sso_unlink, name="sso_unlink"),
    path("e-mailadres-bevestigen/<str:token>/", views.email_confirm, name="email_confirm"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

from koers.accounts import otp_views  # noqa: E402

urlpatterns += [
    path("twee-factor/instellen/", otp_views.setup, name="otp_setup"),
    path("twee-factor/controleren/", otp_views.verify, name="otp_verify"),
    path("twee-factor/herstelcode/", otp_views.recovery, name="otp_recovery"),
    path("twee-factor/herstelcodes/", otp_views.codes, name="otp_codes"),
    path("twee-factor/herstelcodes/nieuw/", otp_views.codes_new, name="otp_codes_new"),
]

from koers.accounts import member_views  # noqa: E402

urlpatterns += [
    path("gebruikers/", member_views.members, name="members"),
    path("gebruikers/uitnodigen/", member_views.member_invite, name="member_invite"),
    path("gebruikers/<int:pk>/", member_views.member_edit, name="member_edit"),
    path("gebruikers/<int:pk>/verwijderen/", member_views.member_remove, name="member_remove"),
    path("gebruikers/<int:pk>/twee-factor-resetten/", member_views.member_reset_2fa, name="member_reset_2fa"),
    path("gebruikers/<int:pk>/sso/<int:identity>/verbreken/", member_views.member_sso_unlink, name="member_sso_unlink"),
    path("gebruikers/uitnodigingen/<int:pk>/intrekken/", member_views.invitation_revoke, name="invitation_revoke"),
    path(
        "gebruikers/uitnodigingen/<int:pk>/opnieuw-versturen/",
        member_views.invitation_resend,
        name="invitation_resend",
    ),
    path("wachtwoord-instellen/<uidb64>/<token>/", member_views.SetPasswordView.as_view(), name="set_password"),
    path("meldingen/", member_views.notifications, name="notifications"),
    path("meldingen/gelezen/", member_views.notification_read, name="notifications_read"),
    path("meldingen/<int:pk>/gelezen/", member_views.notification_read, name="notification_read"),
]

from koers.accounts import oidc  # noqa: E402

# Single sign-on (ADR 0015): open without login; each redirects to the login page when it is not configured.
urlpatterns += [
    path("sso/inloggen/", oidc.LoginView.as_view(), name="oidc_login"),
    path("sso/terug/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("sso/geweigerd/", oidc.refused, name="oidc_refused"),
]
