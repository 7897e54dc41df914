"""``soulbond person``: one person's view of and actions in a live world.

Everything a player may do or see, through the use cases. Refusals show the
message meant for the person acting (``public_message``), never the full
reason, which could tell them who their soulmate is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from soulbond.bootstrap import Live, bootstrap
from soulbond.core.errors import InvalidInput, NotFound, SoulbondError
from soulbond.service import contact, possessions, views
from soulbond.service.ports import UnitOfWork

console = Console()
errors = Console(stderr=True)

OK, REFUSED, BAD_INPUT = 0, 1, 2

person_app = typer.Typer(
    help="Act as one person in a live world: look at your floor, keep, lose, message.",
    no_args_is_help=True,
)

Who = Annotated[str, typer.Argument(help="The person acting, by id (as in the scenario or registry).")]
What = Annotated[str, typer.Argument(help="An item, by id.")]
Key = Annotated[
    str | None,
    typer.Option("--key", help="An idempotency key: sending the same request again does nothing twice."),
]
R = TypeVar("R")


@contextmanager
def _world() -> Iterator[Live]:
    live = bootstrap()
    try:
        yield live
    finally:
        live.close()


def _run(use_case: Callable[[UnitOfWork], R]) -> R:
    """Call one use case; a refusal becomes one line for the person, and changes nothing."""
    with _world() as live:
        try:
            return use_case(live.uow())
        except SoulbondError as exc:
            code = BAD_INPUT if isinstance(exc, NotFound | InvalidInput) else REFUSED
            errors.print(f"[bold red]refused:[/] {exc.public_message}", highlight=False, soft_wrap=True)
            raise typer.Exit(code) from None


@person_app.command("floor")
def floor(person: Who) -> None:
    """What lies on your bedroom floor this morning.

    Example: [bold]soulbond person floor kakashi[/]
    """
    found = _run(lambda uow: views.floor_view(views.ForPerson(person), uow))
    if not found.items:
        console.print("Nothing on the floor.")
    for item in found.items:
        console.print(f"[bold]{item.item}[/]: {item.description}")


@person_app.command("knows")
def knows(person: Who) -> None:
    """What the things you found told you about your soulmate, and how many people still fit.

    Example: [bold]soulbond person knows kakashi[/]
    """
    known = _run(lambda uow: views.knowledge_view(views.ForPerson(person), uow))
    for fact in known.facts:
        console.print(f"· {fact}")
    if known.identified:
        console.print("[bold green]Only one person in the world fits.[/]")
    else:
        console.print(f"{known.candidates:,} people still fit what you know.")


@person_app.command("audit")
def audit(person: Who) -> None:
    """For each thing you hold: what it would tell your soulmate if you lost it.

    Example: [bold]soulbond person audit iruka[/]
    """
    found = _run(lambda uow: views.exposure_audit(views.ForPerson(person), uow))
    table = Table(title="if you lost it tomorrow")
    table.add_column("item", style="bold")
    table.add_column("it would tell")
    table.add_column("people who fit now", justify="right")
    table.add_column("if it were lost", justify="right")
    for risk in found.possessions:
        table.add_row(
            risk.item,
            "; ".join(risk.reveals) or "next to nothing",
            "-" if risk.candidates_now is None else f"{risk.candidates_now:,}",
            "-" if risk.candidates_if_lost is None else f"{risk.candidates_if_lost:,}",
        )
    console.print(table)


@person_app.command("lose")
def lose(
    person: Who,
    item: What,
    how: Annotated[str, typer.Option(help="How it went: 'left on a bench'.")] = "",
    key: Key = None,
) -> None:
    """Report losing something: it leaves your keeping, and where it goes you are not told.

    Example: [bold]soulbond person lose iruka folder --how "left on a bench"[/]
    """
    _run(lambda uow: possessions.report_loss(possessions.ReportLoss(person, item, how, key), uow))
    console.print(f"'{item}' is gone.")


def _finder(
    name: str, use_case: Callable[[possessions.FinderAct, UnitOfWork], object], doc: str, summary: str
) -> None:
    def command(person: Who, item: What, key: Key = None) -> None:
        _run(lambda uow: use_case(possessions.FinderAct(person, item, idempotency_key=key), uow))
        console.print(summary.format(item=item))

    command.__doc__ = f"{doc}\n\nExample: [bold]soulbond person {name} kakashi rock-1[/]"
    person_app.command(name)(command)


_finder(
    "discard",
    possessions.discard,
    "Throw something in your bin (not a loss: you can fish it out until the bin is emptied).",
    "'{item}' is in your bin; you can still fish it out.",
)
_finder(
    "recover", possessions.recover, "Fish something back out of your bin.", "'{item}' is back out of the bin."
)
_finder(
    "pick-up",
    possessions.pick_up,
    "Pick up something that stayed where it fell; it becomes yours.",
    "You picked up '{item}' where it fell; it is yours now.",
)


@person_app.command("keep")
def keep(
    person: Who,
    item: What,
    where: Annotated[str, typer.Option(help="Tuck it away somewhere: 'inside a book'.")] = "",
    key: Key = None,
) -> None:
    """Keep something you found (or tuck it away).

    Example: [bold]soulbond person keep kakashi drawing --where "inside a book"[/]
    """
    _run(lambda uow: possessions.keep(possessions.FinderAct(person, item, where, key), uow))
    console.print(f"You keep '{item}'" + (f", {where}." if where else "."))


@person_app.command("return")
def return_item(person: Who, item: What, key: Key = None) -> None:
    """Hand something back to whoever lost it, once you know how to reach them.

    Example: [bold]soulbond person return kakashi folder[/]
    """
    _run(lambda uow: possessions.return_item(possessions.FinderAct(person, item, idempotency_key=key), uow))
    console.print(f"You handed '{item}' back.")


@person_app.command("empty-bin")
def empty_bin(person: Who, key: Key = None) -> None:
    """Empty your bin: what is in it is gone for good.

    Example: [bold]soulbond person empty-bin kakashi[/]
    """
    gone = _run(lambda uow: possessions.empty_bin(possessions.EmptyBin(person, key), uow))
    console.print(f"Gone for good: {', '.join(gone.items)}" if gone.items else "The bin was empty.")


@person_app.command("message")
def message(
    person: Who,
    to: Annotated[str, typer.Argument(help="The recipient's phone number (contact handle).")],
    text: Annotated[str, typer.Argument(help="What to say.")],
    key: Key = None,
) -> None:
    """Send a message to a phone number. Nobody is told whether you are their soulmate.

    Example: [bold]soulbond person message kakashi "+81 90 5555 0126" "I think I have your folder."[/]
    """
    _run(lambda uow: contact.send_message(contact.SendMessage(person, to, text, key), uow))
    console.print(f"Sent to {to}.")


def _on_handle(
    name: str, use_case: Callable[[contact.BlockHandle, UnitOfWork], object], doc: str, summary: str
) -> None:
    def command(
        person: Who, handle: Annotated[str, typer.Argument(help="A phone number.")], key: Key = None
    ) -> None:
        _run(lambda uow: use_case(contact.BlockHandle(person, handle, key), uow))
        console.print(summary.format(handle=handle))

    command.__doc__ = f'{doc}\n\nExample: [bold]soulbond person {name} iruka "+81 80 3333 0915"[/]'
    person_app.command(name)(command)


_on_handle(
    "block",
    contact.block,
    "Block a number: its messages no longer reach you, and its owner is not told.",
    "{handle} is blocked.",
)
_on_handle("unblock", contact.unblock, "Unblock a number.", "{handle} is unblocked.")


@person_app.command("ask-registry")
def ask_registry(
    person: Who,
    handle: Annotated[str, typer.Argument(help="The other person's phone number.")],
    key: Key = None,
) -> None:
    """Ask whether someone you are in contact with is your soulmate; answered once you both ask.

    Example: [bold]soulbond person ask-registry kakashi "+81 90 5555 0126"[/]
    """
    answer = _run(lambda uow: contact.ask_registry(contact.AskRegistry(person, handle, key), uow))
    console.print(f"The registry: {answer.text}.")
