from django.urls import path

from koers.consultation import views

app_name = "consultation"
urlpatterns = [
    path("plan/<int:pk>/rondes/", views.rounds, name="rounds"),
    path("ronde/<int:pk>/", views.round_page, name="round"),
    path("ronde/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("ronde/<int:pk>/reageren/", views.member_comment, name="member_comment"),
    path("genodigde/<int:pk>/intrekken/", views.revoke, name="revoke"),
    path("genodigde/<int:pk>/opnieuw/", views.resend, name="resend"),
    path("reactie/<int:pk>/antwoord/", views.answer, name="answer"),
    path("reageren/<str:token>/", views.respond, name="respond"),
    path("plan/<int:pk>/bijlage.<str:fmt>", views.appendix, name="appendix"),
    path("plan/<int:pk>/versies/", views.versions, name="versions"),
    path("plan/<int:pk>/versies/vastleggen/", views.version_record, name="version_record"),
]
