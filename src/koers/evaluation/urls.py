from django.urls import path

from koers.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("plan/<int:pk>/", views.evaluation_page, name="page"),
    path("plan/<int:pk>/conclusie/<str:level>/<int:element>/", views.conclusion_edit, name="conclusion"),
    path("plan/<int:pk>/document/<str:fmt>/", views.evaluation_document, name="document"),
    path("plan/<int:pk>/nieuw-plan/", views.new_plan, name="new_plan"),
]
