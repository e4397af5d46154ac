"""URLs of the plan register (namespace "plan")."""

from django.urls import path

from lineofsight.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.import_plan, name="import"),  # before <slug>/: no plan can be called "import"
    path("<slug:slug>/", views.glance, name="glance"),
    path("<slug:slug>/areas/<str:ref>/", views.area, name="area"),
    path("<slug:slug>/areas/<str:ref>/edit/", views.edit_area, name="edit_area"),
    path("<slug:slug>/actions/<str:ref>/", views.action, name="action"),
    path("<slug:slug>/actions/<str:ref>/update/", views.add_update, name="add_update"),
    path("<slug:slug>/actions/<str:ref>/edit/", views.edit_action, name="edit_action"),
    path("<slug:slug>/export.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/meetings/", views.meetings, name="meetings"),
    path("<slug:slug>/meetings/compare/", views.compare, name="compare"),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting, name="meeting"),
]
