from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lineofsight.web.core"
    label = "core"
    verbose_name = "Line of Sight"
