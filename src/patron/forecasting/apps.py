from django.apps import AppConfig


class ForecastingConfig(AppConfig):
    name = "patron.forecasting"
    label = "forecasting"
    verbose_name = "Forecasting"
