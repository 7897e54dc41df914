"""What every live-world command shares: its options, one use case called, the answer or refusal shown.

With ``--json`` the answer is one JSON document on stdout, the use case's own
result record (the one the HTTP API will return); a refusal is one too,
``{"error": {"kind": ..., "message": ...}}``, and the exit code says which
(see ``exits``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console

from soulbond.bootstrap import Live, bootstrap
from soulbond.cli import exits
from soulbond.core.errors import InvalidInput, SoulbondError
from soulbond.service.ports import UnitOfWork

console = Console()
errors = Console(stderr=True)

R = TypeVar("R")
C = TypeVar("C")

Json = Annotated[
    bool, typer.Option("--json", help="Print one JSON document: the result record, as the API returns it.")
]
Key = Annotated[
    str | None,
    typer.Option("--key", help="An idempotency key: sending the same request again does nothing twice."),
]


@contextmanager
def live_world() -> Iterator[Live]:
    live = bootstrap()
    try:
        yield live
    finally:
        live.close()


def run(
    use_case: Callable[[Live], R],
    *,
    as_json: bool,
    show: Callable[[R], None],
    public: bool = True,
) -> R:
    """Call one use case on the live world; show its answer, or its refusal and the exit code.

    ``public``: the answer goes to a person in the world, so a refusal shows only
    what they may know (``public_message``); the registrar sees the full reason.
    """
    with live_world() as live:
        try:
            result = use_case(live)
        except SoulbondError as exc:
            fail(exc, as_json=as_json, public=public)
    if as_json:
        print_json(result)
    else:
        show(result)
    return result


def act(
    command: C,
    use_case: Callable[[C, UnitOfWork], R],
    *,
    as_json: bool,
    show: Callable[[R], None],
    public: bool = True,
) -> R:
    """``run`` for the usual shape: one command dataclass, one unit of work."""

    def call(live: Live) -> R:
        return use_case(command, live.uow())

    return run(call, as_json=as_json, show=show, public=public)


def fail(exc: SoulbondError, *, as_json: bool, public: bool = True) -> NoReturn:
    code = exits.exit_code(exc)
    message = exc.public_message if public else exc.message
    if as_json:
        print_json({"error": {"kind": exits.KIND[code], "message": message}})
    label = "refused" if code == exits.REFUSED else "error"
    errors.print(f"[bold red]{label}:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def bad_input(message: str, *, as_json: bool = False) -> NoReturn:
    """A value the command itself cannot read (a date, a span): exit 2, nothing called."""
    fail(InvalidInput(message), as_json=as_json)


def print_json(value: Any) -> None:
    document = asdict(value) if is_dataclass(value) and not isinstance(value, type) else value
    sys.stdout.write(json.dumps(document, default=_plain, ensure_ascii=False, indent=2) + "\n")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    return str(value)


def say(text: str) -> Callable[[Any], None]:
    """A ``show`` that prints one fixed line."""
    return lambda _: plain(text)


def plain(text: str) -> None:
    """A line that may hold what people wrote (a message, a name, a description): printed as it is, never
    read as Rich's markup, where a "[/]" in a message would stop the command with an error."""
    console.print(text, highlight=False, soft_wrap=True, markup=False)
