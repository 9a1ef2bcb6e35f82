from django.urls import path

from koers.trajectory import views

app_name = "trajectory"
urlpatterns = [
    path("", views.trajectory_list, name="list"),
    path("nieuw/", views.trajectory_new, name="new"),
    path("<int:pk>/", views.trajectory_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.trajectory_edit, name="edit"),
    path("<int:pk>/themas/", views.themes, name="themes"),
    path("<int:pk>/thematafel/nieuw/", views.table_new, name="table_new"),
    path("fase/<int:pk>/", views.phase_edit, name="phase_edit"),
    path("stap/<int:pk>/", views.step_edit, name="step_edit"),
    path("stap/<int:pk>/document/", views.step_document, name="step_document"),
    path("thematafel/<int:pk>/", views.table_detail, name="table"),
    path("thematafel/<int:pk>/wijzigen/", views.table_edit, name="table_edit"),
    path("thematafel/<int:pk>/opbrengst/nieuw/", views.outcome_new, name="outcome_new"),
    path("opbrengst/<int:pk>/", views.outcome_edit, name="outcome_edit"),
    path("groepen/", views.groups, name="groups"),
    path("agenda/", views.feed_settings, name="feed_settings"),
    path("agenda/<str:key>/traject.ics", views.feed, name="feed"),
]
