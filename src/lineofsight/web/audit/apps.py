from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lineofsight.web.audit"
    label = "audit"
    verbose_name = "Audit log of child-level data"
