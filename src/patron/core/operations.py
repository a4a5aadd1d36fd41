"""Operations: the `service` decorator every business operation wears, and the
interface an operation came through.

A service is one business operation in one transaction (STYLE rule 2). `@service`
opens that transaction, names the operation (every audit event it writes carries the
operation's name and one shared id) and registers it in `SERVICES`.

The interface (web page, admin, API, import, command line, or the system itself) is
set by that interface with `audit_source(...)`; a service never takes it as an
argument, so no caller can forget or fake it. This module imports no model, so an
interface may use it before Django is set up.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from patron.core.choices import AuditSource

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    id: uuid.UUID


_SOURCE: ContextVar[str] = ContextVar("patron_audit_source", default=AuditSource.SYSTEM)
_REQUEST_ID: ContextVar[str] = ContextVar("patron_audit_request_id", default="")
_OPERATION: ContextVar[Operation | None] = ContextVar("patron_operation", default=None)

# Every operation, by "domain.service_name": the audit contract test walks it.
SERVICES: dict[str, Callable[..., Any]] = {}

# Context-manager factories entered around every outermost operation, outside its
# transaction, with the operation. The test suite registers one that checks every
# business row an operation writes has its audit event; timing or tracing could too.
OPERATION_OBSERVERS: list[Callable[[Operation], AbstractContextManager[None]]] = []


def service(func: Callable[P, R]) -> Callable[P, R]:
    """Make `func` one business operation: one transaction, named in the audit trail.

    An operation called by another (converting a lead creates an account) runs inside
    the caller's transaction and its events carry the caller's name and id: the trail
    shows one operation, as the person did one thing.
    """
    domain = func.__module__.split(".")[1] if func.__module__.startswith("patron.") else ""
    key = f"{domain}.{func.__name__}"
    SERVICES[key] = func

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if _OPERATION.get() is not None:
            with transaction.atomic():
                return func(*args, **kwargs)
        operation = Operation(func.__name__, uuid.uuid4())
        token = _OPERATION.set(operation)
        try:
            with ExitStack() as observers:
                for observer in OPERATION_OBSERVERS:
                    observers.enter_context(observer(operation))
                with transaction.atomic():
                    return func(*args, **kwargs)
        finally:
            _OPERATION.reset(token)

    run.service_name = key  # type: ignore[attr-defined]
    return run


@contextmanager
def audit_source(source: str, *, request_id: str = "") -> Iterator[None]:
    """Operations run inside come through `source` (an `AuditSource`)."""
    source_token = _SOURCE.set(AuditSource(source))
    request_token = _REQUEST_ID.set(request_id[:64])
    try:
        yield
    finally:
        _SOURCE.reset(source_token)
        _REQUEST_ID.reset(request_token)


def current_source() -> str:
    return _SOURCE.get()


def current_operation() -> Operation | None:
    return _OPERATION.get()


def current_request_id() -> str:
    return _REQUEST_ID.get()
