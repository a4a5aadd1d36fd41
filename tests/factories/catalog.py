import factory

from patron.catalog.models import BillingPeriod, Product, ProductFamily


class ProductFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductFamily
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Family {n}")
    code = factory.Sequence(lambda n: f"F{n:03d}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    family = factory.SubFactory(ProductFamilyFactory)
    currency = "USD"
    list_price_minor = 100_000
    cost_minor = 40_000
    billing_period = BillingPeriod.ONE_TIME
