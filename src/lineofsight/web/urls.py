"""URL map: each app includes its own urls module. The scorecard is the home page."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lineofsight.web.core import views as core_views
from lineofsight.web.dashboard import views as dashboard_views

# The Django admin is for superusers only (the installation's owner); administrators use the app's pages.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("plans/", include("lineofsight.plan.urls")),
    path("manage/", include("lineofsight.web.manage.urls")),
    path("audit/", include("lineofsight.web.audit.urls")),
    path("reports/", include("lineofsight.reports.urls")),
    path("admin/", admin.site.urls),
    path("", include("lineofsight.web.dashboard.urls")),
    path("", dashboard_views.home, name="home"),
]
