"""What every page that acts does: find who the account acts as, call one use case (where the page's
route says, ``one_hop``), and keep a refusal under the field (or the item) it concerns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from starlette.requests import Request

from soulbond.core.errors import SoulbondError
from soulbond.http.one_hop import blocking
from soulbond.service.account_errors import NotForYourRole
from soulbond.service.ports import UnitOfWork
from soulbond.web.forms import FORM, Submitted
from soulbond.web.render import who
from soulbond.web.session import backend_of

R = TypeVar("R")


def me(request: Request) -> str:
    """The person of the world the account acts as: always from the session, never from the form."""
    principal = who(request)
    if principal is None or principal.person is None:
        raise NotForYourRole("your account acts as no one in the world yet: ask the registrar to link it")
    return principal.person


def uow(request: Request) -> UnitOfWork:
    return backend_of(request).store.uow()


async def ask(call: Callable[[], R]) -> R:
    """A use case: it blocks on the store, so it runs where the page's route says (``one_hop``)."""
    return await blocking(call)


async def attempt(form: Submitted, call: Callable[[], R], at: str = FORM) -> R | None:
    """The use case's answer, or None with its refusal kept under ``at``; nothing runs on a bad form."""
    if not form.ok:
        return None
    try:
        return await blocking(call)
    except SoulbondError as exc:
        form.refuse(exc, at)
        return None
