from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "patron.web"
    label = "web"
    verbose_name = "Web"
