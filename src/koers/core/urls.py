from django.urls import path

from koers.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("historie/<str:model>/<str:object_id>/", views.history, name="history"),
]
