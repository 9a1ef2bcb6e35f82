from django.urls import path

from koers.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("indicator/<int:pk>/", views.indicator_detail, name="indicator"),
]
