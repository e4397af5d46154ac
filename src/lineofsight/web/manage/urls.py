from django.urls import path

from lineofsight.web.manage import views

app_name = "manage"
urlpatterns = [
    path("load/", views.load, name="load"),
    path("levels/", views.levels, name="levels"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
]
