from django.apps import AppConfig


class ManageConfig(AppConfig):
    name = "lineofsight.web.manage"
    label = "manage"
    verbose_name = "Administration: data loads, levels and standards, users and roles"
