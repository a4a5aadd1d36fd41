import factory

from patron.accounts.choices import AccountTeamRole, Lifecycle
from patron.accounts.models import Account, AccountTeamMember, Competitor, Contact
from tests.factories.org import UserFactory


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"Account {n}")
    owner = factory.SubFactory(UserFactory)
    country = "TH"
    lifecycle = Lifecycle.PROSPECT


class AccountTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountTeamMember

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory)
    role = AccountTeamRole.ACCOUNT_MANAGER


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"contact{n}@customer.example")


class CompetitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competitor
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Competitor {n}")
