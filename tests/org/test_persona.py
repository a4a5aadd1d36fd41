from patron.org.visibility import subordinate_ids, visible_owner_ids


def test_a_director_is_above_both_teams(org):
    # when
    below = subordinate_ids(org.director)
    # then
    assert {org.manager.pk, org.rep.pk, org.peer_manager.pk, org.peer_rep.pk} <= below
    assert org.sales_ops.pk not in below


def test_a_manager_has_their_team_but_not_the_peer_team(org):
    assert visible_owner_ids(org.manager) == {
        org.manager.pk,
        org.rep.pk,
        org.rep2.pk,
        org.account_manager.pk,
    }


def test_a_rep_has_only_themselves(org):
    assert visible_owner_ids(org.rep) == {org.rep.pk}
