from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "patron.planning"
    label = "planning"
    verbose_name = "Planning"
