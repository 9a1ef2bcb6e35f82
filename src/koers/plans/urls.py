from django.urls import path

from koers.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("jaarplan/<int:pk>/", views.year_plan_detail, name="year_plan"),
    path("jaarplan/<int:pk>/tertiaal/<str:tertiaal>/", views.tertiaal_overview, name="tertiaal"),
    path("jaarplan/<int:pk>/rondes/", views.rounds, name="rounds"),
    path("jaarplan/<int:pk>/volgend-jaar/", views.rollover, name="rollover"),
    path("jaarplan/<int:pk>/begroting/", views.budget, name="budget"),
    path("jaarplan/<int:pk>/portefeuilles/", views.portfolio, name="portfolio"),
    path("jaarplan/<int:pk>/vaststelling/", views.adoptions, name="adoptions"),
    path("jaarplan/<int:year_plan_pk>/activiteit/nieuw/", views.activity_edit, name="activity_new"),
    path("activiteit/<int:pk>/", views.activity_detail, name="activity"),
    path("activiteit/<int:pk>/wijzigen/", views.activity_edit, name="activity_edit"),
    path("mijn-activiteiten/", views.my_activities, name="my_activities"),
]
