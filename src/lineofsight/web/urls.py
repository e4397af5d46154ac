"""URL map: each app includes its own urls module."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lineofsight.web.core import views as core_views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("plans/", include("lineofsight.plan.urls")),
    path("admin/", admin.site.urls),
    path("", core_views.home, name="home"),
]
