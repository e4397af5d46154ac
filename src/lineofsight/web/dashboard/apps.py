from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "lineofsight.web.dashboard"
    label = "dashboard"
    verbose_name = "Scorecard, measures, team view, data quality and snapshots"
