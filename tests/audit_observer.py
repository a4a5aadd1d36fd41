"""The proof that nothing changes a business table without an audit event.

Registered around every operation of the whole test suite (tests/conftest.py): the
SQL an operation sends is watched, and when it commits, every business table it
wrote must have an audit event of that operation for that type of record; when it
fails, it must have left no event at all. Any service, in any test, that writes a
row without its event fails the test that called it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import connection

from patron.core.audit import record_type_of
from patron.core.models import AuditEvent
from patron.core.operations import Operation

_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

# Tables whose rows are not business records of their own: the trail itself, document
# counters, the deal history KPIs replay (written with its change's audit event), the
# access tables derived from owners and the reporting tree (decision 0021), the role
# groups a role implies, and Django's own sessions and admin log.
EXEMPT_TABLES = {
    "core_auditevent",
    "core_counter",
    "pipeline_opportunityhistory",
    "org_reach",
    "accounts_accountaccess",
    "pipeline_opportunityaccess",
    "org_user_groups",
    "django_session",
    "django_admin_log",
}


def _models_by_table() -> dict[str, type]:
    return {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in {"auth", "contenttypes", "sessions", "admin"}
        or model._meta.db_table == "org_user_groups"
    }


class UnauditedWrite(AssertionError):
    pass


@contextmanager
def audited_operation(operation: Operation) -> Iterator[None]:
    written: set[str] = set()

    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = _WRITE.match(sql)
        if match is None:
            return result
        verb, table = match.group(1).upper(), match.group(2)
        # An UPDATE or DELETE that changed no row (a cascade finding nothing to clear)
        # wrote nothing. An INSERT always writes (SQLite reports no row count for an
        # INSERT … RETURNING before its rows are read).
        if verb.startswith("INSERT") or getattr(context.get("cursor"), "rowcount", -1) != 0:
            written.add(table)
        return result

    failed = False
    with connection.execute_wrapper(watch):
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            events = set(
                AuditEvent.objects.filter(operation_id=operation.id).values_list(
                    "record_type", flat=True
                )
            )
            if failed and events:
                raise UnauditedWrite(
                    f"{operation.name} failed but left audit events for {sorted(events)}"
                )
    by_table = _models_by_table()
    missing = []
    for table in sorted(written - EXEMPT_TABLES):
        model = by_table.get(table)
        if model is None:
            continue
        if model._meta.auto_created:
            # A many-to-many row is recorded on the record that holds the relation.
            owner = model._meta.auto_created
            if record_type_of(owner) not in events:
                missing.append(f"{table} (on {record_type_of(owner)})")
            continue
        if record_type_of(model) not in events:
            missing.append(table)
    if missing:
        raise UnauditedWrite(f"{operation.name} wrote {', '.join(missing)} without an audit event")
