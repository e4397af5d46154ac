from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "lineofsight.plan"
    label = "plan"
    verbose_name = "Improvement plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lineofsight.plan import guards

        guards.connect()
