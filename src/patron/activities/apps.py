from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "patron.activities"
    label = "activities"
    verbose_name = "Activities"
