from django.urls import path

from koers.plan_document import views

app_name = "plan_document"
urlpatterns = [
    path("plan/<int:pk>/maken/", views.make, name="make"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/voortgang/", views.progress, name="progress"),
    path("<int:pk>/bestand.<str:fmt>", views.download, name="download"),
    path("<int:pk>/opnieuw-maken/", views.retry, name="retry"),
    path("<int:pk>/openbaar/", views.publish, name="publish"),
    path("versie/<int:pk>/", views.version, name="version"),
    path("openbaar/<str:code>/ondersteuningsplan.pdf", views.public_download, name="public_download"),
]
