import pytest
from django.urls import reverse

from patron.org.choices import Role
from patron.org.roles import assign_role
from tests.factories.org import UserFactory

PASSWORD = "correct horse battery staple"


def nav_labels(response) -> list[str]:
    return [str(item.label) for item in response.context["navigation"]]


@pytest.mark.parametrize("name", ["web:home", "web:account-list", "web:opportunity-list"])
def test_every_page_sends_anonymous_visitors_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('web:login')}?next=")


def test_the_sign_in_page_has_labelled_fields(client, db):
    html = client.get(reverse("web:login")).content.decode()
    assert '<label class="form-label" for="id_username">Username</label>' in html
    assert '<label class="form-label" for="id_password">Password</label>' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_signing_in_leads_home(client, org):
    response = client.post(reverse("web:login"), {"username": "rep", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_signing_in_returns_to_the_page_asked_for(client, org):
    response = client.post(
        reverse("web:login") + "?next=/accounts/",
        {"username": "rep", "password": PASSWORD, "next": "/accounts/"},
    )
    assert response["Location"] == "/accounts/"


def test_a_wrong_password_is_refused_with_a_message(client, org):
    response = client.post(reverse("web:login"), {"username": "rep", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_signing_out_takes_a_post(client_for, org):
    client = client_for(org.rep)
    assert client.get(reverse("web:logout")).status_code == 405
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:login")
    assert client.get(reverse("web:home")).status_code == 302


def test_a_rep_gets_home_accounts_and_opportunities_but_no_configuration(client_for, org):
    response = client_for(org.rep).get(reverse("web:home"))
    assert nav_labels(response) == ["Home", "Accounts", "Opportunities"]
    assert response.context["show_configuration"] is False
    assert b'href="/admin/"' not in response.content


def test_a_service_agent_is_not_offered_opportunities(client_for, org):
    response = client_for(org.service_agent).get(reverse("web:home"))
    assert nav_labels(response) == ["Home", "Accounts"]


@pytest.mark.parametrize("role", [Role.SALES_OPS, Role.ADMIN])
def test_configuring_roles_get_the_configuration_link(client_for, db, role):
    user = assign_role(user=UserFactory(role=role), role=role)
    response = client_for(user).get(reverse("web:home"))
    assert response.context["show_configuration"] is True
    assert b'href="/admin/"' in response.content


def test_an_executive_reads_but_gets_no_configuration(client_for, db):
    user = assign_role(user=UserFactory(role=Role.EXECUTIVE), role=Role.EXECUTIVE)
    response = client_for(user).get(reverse("web:home"))
    assert response.context["show_configuration"] is False
    assert nav_labels(response) == ["Home", "Accounts", "Opportunities"]


def test_the_current_section_is_marked(client_for, org):
    response = client_for(org.rep).get(reverse("web:account-list"))
    active = [str(item.label) for item in response.context["navigation"] if item.active]
    assert active == ["Accounts"]
    assert b'aria-current="page"' in response.content


def test_an_unknown_page_is_a_404_with_the_layout(client_for, org):
    response = client_for(org.rep).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Not found" in response.content
