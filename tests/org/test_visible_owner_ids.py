"""The reporting tree is walked once per user object, so one request pays for it once."""

import pytest
from django.urls import reverse

from patron.org.models import User
from patron.org.visibility import visible_owner_ids
from patron.pipeline.models import Opportunity
from tests.factories.pipeline import OpportunityFactory


def test_the_first_call_reads_teams_and_users_once(org, django_assert_num_queries):
    with django_assert_num_queries(2):
        visible_owner_ids(org.manager)


def test_a_second_call_on_the_same_user_does_no_queries(org, django_assert_num_queries):
    # given
    first = visible_owner_ids(org.manager)
    # when
    with django_assert_num_queries(0):
        again = visible_owner_ids(org.manager)
    # then
    assert again == first == {org.manager.pk, org.rep.pk, org.rep2.pk, org.account_manager.pk}


def test_visible_to_reuses_the_walk_across_querysets(org, django_assert_num_queries):
    visible_owner_ids(org.manager)
    list(Opportunity.objects.visible_to(org.manager))  # the size of their reach, once
    # Only the list query itself: no second walk of teams and users, no second count.
    with django_assert_num_queries(1):
        list(Opportunity.objects.visible_to(org.manager))


def test_each_user_gets_their_own_answer(org):
    assert visible_owner_ids(org.manager) != visible_owner_ids(org.rep)
    assert visible_owner_ids(org.rep) == {org.rep.pk}
    assert visible_owner_ids(org.peer_manager) == {org.peer_manager.pk, org.peer_rep.pk}


def test_an_object_that_becomes_another_user_does_not_keep_the_answer(org):
    # given: an object asked about once, then pointed at another row
    user = User.objects.get(pk=org.manager.pk)
    visible_owner_ids(user)
    user.pk = org.rep.pk
    # when / then
    assert visible_owner_ids(user) == {org.rep.pk}


def test_a_reloaded_user_sees_a_change_to_the_tree(org):
    # given
    assert visible_owner_ids(org.rep) == {org.rep.pk}
    org.rep2.manager = org.rep
    org.rep2.save(update_fields=["manager"])
    # when: the same object still holds the answer of before the change…
    assert visible_owner_ids(org.rep) == {org.rep.pk}
    # …and the user loaded again (as the next request loads it) sees the change
    assert visible_owner_ids(User.objects.get(pk=org.rep.pk)) == {org.rep.pk, org.rep2.pk}


def test_the_kept_answer_cannot_be_changed_by_a_caller(org):
    owners = visible_owner_ids(org.rep)
    with pytest.raises(AttributeError):
        owners.add(org.peer_rep.pk)  # type: ignore[attr-defined]
    assert visible_owner_ids(org.rep) == {org.rep.pk}


def test_each_request_walks_the_tree_again(client_for, org):
    """The user of a request is loaded per request, so a change made between two
    requests shows on the second one."""
    # given
    OpportunityFactory(owner=org.rep2, name="Harbour cranes")
    client = client_for(org.rep)
    assert "Harbour cranes" not in client.get(reverse("web:opportunity-list")).content.decode()
    # when
    org.rep2.manager = org.rep
    org.rep2.save(update_fields=["manager"])
    # then
    assert "Harbour cranes" in client.get(reverse("web:opportunity-list")).content.decode()
