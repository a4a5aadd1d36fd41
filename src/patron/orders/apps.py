from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "patron.orders"
    label = "orders"
    verbose_name = "Orders to cash"
