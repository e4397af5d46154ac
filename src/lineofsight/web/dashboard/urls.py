"""URLs of the dashboard (namespace "dashboard"); the scorecard itself is the site's home ("home")."""

from django.urls import path

from lineofsight.web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("scorecard.csv", views.scorecard_csv, name="scorecard_csv"),
    path("measures/<slug:measure_id>/", views.measure, name="measure"),
    path("measures/<slug:measure_id>/children/", views.measure_children, name="children"),
    path("measures/<slug:measure_id>/children.csv", views.measure_children_csv, name="children_csv"),
    path("team/", views.team, name="team"),
    path("team/exceptions.csv", views.team_csv, name="team_csv"),
    path("quality/", views.quality, name="quality"),
    path("quality/rules/<str:rule_id>/", views.quality_rule, name="quality_rule"),
    path("quality/rules/<str:rule_id>/records/", views.quality_records, name="quality_records"),
    path("quality/rules/<str:rule_id>/records.csv", views.quality_records_csv, name="quality_records_csv"),
    path("snapshots/", views.snapshots, name="snapshots"),
]
