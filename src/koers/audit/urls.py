from django.urls import path

from koers.audit import views

app_name = "audit"
urlpatterns = [
    path("<str:model>/<str:object_id>/", views.history, name="history"),
]
