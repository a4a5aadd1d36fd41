"""What each role may do: one table, and the write policy built on it.

Adding a role, or changing what one may do, means editing `ROLE_CAPABILITIES` and
nothing else: every `visible_to`, every service check and the admin's groups ask
`org.policy.can(user, Capability.…)`, never `user.role == …`. The write policy built
on this table is in `org.policy`.
"""

from __future__ import annotations

from enum import StrEnum

from patron.org.choices import Role


class Capability(StrEnum):
    """Something a role lets its holder do."""

    # Reads every record of the company (executives too, read only).
    SEE_EVERYTHING = "see_everything"
    # Changes business records (everyone but the read-only executive).
    CHANGE_RECORDS = "change_records"
    # Owns and works accounts, leads, deals, orders, contracts and quotas.
    SELL = "sell"
    # Sees and works every customer case (service agents), not only their accounts'.
    WORK_ALL_CASES = "work_all_cases"
    # Sees accounts (to serve them) without their pipeline, orders or plans.
    SERVE_ACCOUNTS = "serve_accounts"
    # Coaches, trains, assesses and sets quotas for the people below them.
    DEVELOP_PEOPLE = "develop_people"
    # Sees the leads nobody owns yet, to assign them.
    ROUTE_LEADS = "route_leads"
    # Configures the company: users, teams, territories, pipelines, products, prices.
    CONFIGURE = "configure"
    # Gives any permission, including the administrator role itself.
    ADMINISTER = "administer"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.REP: frozenset({Capability.CHANGE_RECORDS, Capability.SELL}),
    Role.ACCOUNT_MANAGER: frozenset({Capability.CHANGE_RECORDS, Capability.SELL}),
    Role.SALES_MANAGER: frozenset(
        {
            Capability.CHANGE_RECORDS,
            Capability.SELL,
            Capability.DEVELOP_PEOPLE,
            Capability.ROUTE_LEADS,
        }
    ),
    Role.SALES_OPS: frozenset(
        {
            Capability.SEE_EVERYTHING,
            Capability.CHANGE_RECORDS,
            Capability.SELL,
            Capability.WORK_ALL_CASES,
            Capability.DEVELOP_PEOPLE,
            Capability.ROUTE_LEADS,
            Capability.CONFIGURE,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Capability.SEE_EVERYTHING,
            Capability.CHANGE_RECORDS,
            Capability.SELL,
            Capability.WORK_ALL_CASES,
            Capability.DEVELOP_PEOPLE,
            Capability.ROUTE_LEADS,
            Capability.CONFIGURE,
            Capability.ADMINISTER,
        }
    ),
    Role.SERVICE_AGENT: frozenset(
        {Capability.CHANGE_RECORDS, Capability.WORK_ALL_CASES, Capability.SERVE_ACCOUNTS}
    ),
    Role.EXECUTIVE: frozenset({Capability.SEE_EVERYTHING}),
}


def capabilities_of(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(Role(role), frozenset()) if role in Role.values else frozenset()


def roles_with(capability: Capability) -> frozenset[Role]:
    return frozenset(role for role, held in ROLE_CAPABILITIES.items() if capability in held)
