"""Report URLs, included from lineofsight.web.urls under reports/ (names without a namespace, so that
`{% url 'report_scrutiny' %}` works from any page)."""

from django.urls import path

from lineofsight.reports import views

urlpatterns = [
    path("", views.index, name="reports"),
    path("scrutiny/", views.download, name="report_scrutiny"),
]
