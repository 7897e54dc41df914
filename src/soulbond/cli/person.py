"""``soulbond person``: one person's view of and actions in a live world.

Everything a player may do or see, through the use cases. Refusals show the
message meant for the person acting (``public_message``), never the full
reason, which could tell them who their soulmate is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from soulbond.bootstrap import Live
from soulbond.cli.common import Json, Key, act, console, plain, run, say
from soulbond.service import contact, custody, possessions, views, wording
from soulbond.service.ports import UnitOfWork
from soulbond.service.results import Audit, Done, Floor, Inbox, Known, Possessions

person_app = typer.Typer(
    help="Act as one person in a live world: your things, your floor, what you know, your messages.",
    no_args_is_help=True,
)

Who = Annotated[str, typer.Argument(help="The person acting, by id (as in the scenario or registry).")]
What = Annotated[str, typer.Argument(help="An item, by id.")]
Handle = Annotated[str, typer.Argument(help="A phone number (contact handle).")]


@person_app.command("possessions")
def possessions_command(person: Who, as_json: Json = False) -> None:
    """What you keep (what you found and kept included) and what is in your bin.

    Example: [bold]soulbond person possessions iruka[/]
    """

    def show(found: Possessions) -> None:
        if not found.held and not found.bin:
            console.print("You have nothing.")
        for thing in found.held:
            how = f" ({thing.how})" if thing.how and thing.how != "owned" else ""
            console.print(
                f"[bold]{escape(thing.item)}[/]: {escape(thing.description + how)}", highlight=False
            )
        for thing in found.bin:
            console.print(
                f"[bold]{escape(thing.item)}[/]: {escape(thing.description)}, in your bin", highlight=False
            )

    act(views.ForPerson(person), views.possessions_view, as_json=as_json, show=show)


@person_app.command("inbox")
def inbox(person: Who, as_json: Json = False) -> None:
    """Your messages (by the sender's number), the registry's answers and the Foundation's notices.

    Example: [bold]soulbond person inbox iruka[/]
    """

    def show(box: Inbox) -> None:
        if not (box.messages or box.registry or box.notices):
            console.print("Your inbox is empty.")
        for m in box.messages:
            plain(f"{m.at[:16]}  from {m.from_handle}: {m.text}")
        for reply in box.registry:
            plain(f"the registry, about {reply.other_handle}: {reply.answer}")
        for notice in box.notices:
            plain(f"{notice.at[:16]}  the Foundation, case {notice.case}: {notice.text}")

    act(views.ForPerson(person), views.inbox_view, as_json=as_json, show=show)


@person_app.command("add")
def add(
    person: Who,
    item: Annotated[str, typer.Argument(help="A new item's id, unique in the world: 'green-folder'.")],
    what: Annotated[str, typer.Option("--what", help="What it is, in your words: 'a green folder'.")],
    tells: Annotated[
        list[str] | None,
        typer.Option(
            "--tells",
            help="What is on it or what carrying it says, once per fact: 'full name', 'phone', 'age', "
            "'age:2', 'handwriting', 'interest:rocks', 'note:...'.",
        ),
    ] = None,
    looks: Annotated[
        str,
        typer.Option(
            "--looks", help="What a finder would see of it: 'a green folder, a name and a number on the tab'."
        ),
    ] = "",
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Come to have something new, with what is on it (a name, a number, a photo).

    Example: [bold]soulbond person add iruka lunchbox --what "a blue lunchbox" --tells "full name"[/]
    """

    def call(live: Live) -> Done:
        # Built here, so that words the service cannot read are refused like any other bad input.
        told = wording.tells_from_words(tells or [])
        command = possessions.AddPossession(item, person, what, told, key, looks)
        return possessions.add_possession(command, live.uow())

    run(call, as_json=as_json, show=say(f"You have '{item}'."))


@person_app.command("floor")
def floor(person: Who, as_json: Json = False) -> None:
    """What lies on your bedroom floor this morning.

    Example: [bold]soulbond person floor kakashi[/]
    """

    def show(found: Floor) -> None:
        if not found.items:
            console.print("Nothing on the floor.")
        for item in found.items:
            console.print(f"[bold]{escape(item.item)}[/]: {escape(item.description)}", highlight=False)

    act(views.ForPerson(person), views.floor_view, as_json=as_json, show=show)


@person_app.command("knows")
def knows(person: Who, as_json: Json = False) -> None:
    """What the things you found told you about your soulmate, and how many people still fit.

    Example: [bold]soulbond person knows kakashi[/]
    """

    def show(known: Known) -> None:
        for fact in known.facts:
            plain(f"· {fact}")
        if known.identified:
            console.print("[bold green]Only one person in the world fits.[/]")
        else:
            console.print(f"{known.candidates:,} people still fit what you know.")

    act(views.ForPerson(person), views.knowledge_view, as_json=as_json, show=show)


@person_app.command("audit")
def audit(person: Who, as_json: Json = False) -> None:
    """For each thing you hold: what it would tell your soulmate if you lost it.

    Example: [bold]soulbond person audit iruka[/]
    """

    def show(found: Audit) -> None:
        table = Table(title="if you lost it tomorrow")
        table.add_column("item", style="bold")
        table.add_column("it would tell")
        table.add_column("people who fit now", justify="right")
        table.add_column("if it were lost", justify="right")
        for risk in found.possessions:
            table.add_row(
                escape(risk.item),
                escape("; ".join(risk.reveals)) or "next to nothing",
                "-" if risk.candidates_now is None else f"{risk.candidates_now:,}",
                "-" if risk.candidates_if_lost is None else f"{risk.candidates_if_lost:,}",
            )
        console.print(table)
        for stays in sorted({risk.stays for risk in found.possessions if risk.stays}):
            plain(stays.capitalize() + ".")

    act(views.ForPerson(person), views.exposure_audit, as_json=as_json, show=show)


@person_app.command("lose")
def lose(
    person: Who,
    item: What,
    how: Annotated[str, typer.Option(help="How it went: 'left on a bench'.")] = "",
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Report losing something: it leaves your keeping, and where it goes you are not told.

    Example: [bold]soulbond person lose iruka folder --how "left on a bench"[/]
    """
    act(
        possessions.ReportLoss(person, item, how, key),
        possessions.report_loss,
        as_json=as_json,
        show=say(f"'{item}' is gone."),
    )


def _finder(
    name: str, use_case: Callable[[possessions.FinderAct, UnitOfWork], object], doc: str, summary: str
) -> None:
    def command(person: Who, item: What, key: Key = None, as_json: Json = False) -> None:
        act(
            possessions.FinderAct(person, item, idempotency_key=key),
            use_case,
            as_json=as_json,
            show=say(summary.format(item=item)),
        )

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
    "Pick up something that stayed where it fell, where you are; it becomes yours.",
    "You picked up '{item}' where it fell; it is yours now.",
)
_finder(
    "return",
    possessions.return_item,
    "Hand something back to whoever lost it, once you know how to reach them.",
    "You handed '{item}' back.",
)


@person_app.command("keep")
def keep(
    person: Who,
    item: What,
    where: Annotated[str, typer.Option(help="Tuck it away somewhere: 'inside a book'.")] = "",
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Keep something you found (or tuck it away).

    Example: [bold]soulbond person keep kakashi drawing --where "inside a book"[/]
    """
    act(
        possessions.FinderAct(person, item, where, key),
        possessions.keep,
        as_json=as_json,
        show=say(f"You keep '{item}'" + (f", {where}." if where else ".")),
    )


@person_app.command("give")
def give(
    person: Who,
    item: What,
    to: Annotated[str, typer.Argument(help="Who receives it, by id.")],
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Give, lend or sell something to someone: never a loss, so it goes nowhere else.

    Example: [bold]soulbond person give sakumo watch kakashi[/]
    """
    act(
        possessions.Give(item, person, to, key),
        possessions.give,
        as_json=as_json,
        show=say(f"You gave '{item}' away."),
    )


@person_app.command("empty-bin")
def empty_bin(person: Who, key: Key = None, as_json: Json = False) -> None:
    """Empty your bin: what is in it is gone for good.

    Example: [bold]soulbond person empty-bin kakashi[/]
    """

    def show(gone: Any) -> None:
        plain(f"Gone for good: {', '.join(gone.items)}" if gone.items else "The bin was empty.")

    act(possessions.EmptyBin(person, key), possessions.empty_bin, as_json=as_json, show=show)


@person_app.command("message")
def message(
    person: Who,
    to: Handle,
    text: Annotated[str, typer.Argument(help="What to say.")],
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Send a message to a phone number. Nobody is told whether you are their soulmate.

    Example: [bold]soulbond person message kakashi "+81 90 5555 0126" "I think I have your folder."[/]
    """
    act(
        contact.SendMessage(person, to, text, key),
        contact.send_message,
        as_json=as_json,
        show=say(f"Sent to {to}."),
    )


def _on_handle(
    name: str, use_case: Callable[[contact.BlockHandle, UnitOfWork], object], doc: str, summary: str
) -> None:
    def command(person: Who, handle: Handle, key: Key = None, as_json: Json = False) -> None:
        act(
            contact.BlockHandle(person, handle, key),
            use_case,
            as_json=as_json,
            show=say(summary.format(handle=handle)),
        )

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
def ask_registry(person: Who, handle: Handle, key: Key = None, as_json: Json = False) -> None:
    """Ask whether someone you are in contact with is your soulmate; answered once you both ask.

    Example: [bold]soulbond person ask-registry kakashi "+81 90 5555 0126"[/]
    """
    act(
        contact.AskRegistry(person, handle, key),
        contact.ask_registry,
        as_json=as_json,
        show=lambda answer: plain(f"The registry: {answer.text}."),
    )


@person_app.command("prove")
def prove(person: Who, item: What, to: Handle, key: Key = None, as_json: Json = False) -> None:
    """Have the registry confirm to a number that you have something that arrived on your floor.

    Example: [bold]soulbond person prove kakashi folder "+81 90 5555 0126"[/]
    """
    act(
        custody.ProveCustodyTo(person, item, to, key),
        custody.prove_custody_to,
        as_json=as_json,
        show=say(f"The registry confirmed to {to} that you have '{item}'."),
    )
