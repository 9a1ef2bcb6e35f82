from django.urls import path

from koers.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.start, name="start"),
    path("stappen/", views.overview, name="overview"),
    path("stap/<slug:step>/", views.step, name="step"),
    path("logo/<str:code>/", views.logo, name="logo"),
]
