"""``soulbond foundation``: the Foundation's casework, as applicants, partners, caseworkers and its director.

Everyone here is a person in the world, so a refusal shows only what they may
know: a case barred to a caseworker looks the same as one taken by someone else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from soulbond.cli.common import Json, Key, act, console, plain
from soulbond.service import appeals, casework, queue
from soulbond.service.ports import UnitOfWork
from soulbond.service.results import CaseFiled, Done

foundation_app = typer.Typer(
    help="The Foundation, which alone can break a bond: apply, decide, appeal, hire.", no_args_is_help=True
)

Who = Annotated[str, typer.Argument(help="The person acting, by id.")]
Case = Annotated[int, typer.Argument(help="The case's number.", min=1)]
Reasons = Annotated[str, typer.Option("--reasons", help="Written reasons; every step must give them.")]


def _done(result: Done) -> None:
    plain(result.text[:1].upper() + result.text[1:] + ".")


@foundation_app.command("apply")
def apply(
    person: Who,
    reasons: Reasons,
    jointly: Annotated[
        bool, typer.Option("--jointly", help="Apply together with your soulmate, who signs too.")
    ] = False,
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Apply to sever your own bond. On a sole application your partner is told only that one concerns them.

    Example: [bold]soulbond foundation apply iruka --reasons "I want to choose for myself"[/]
    """

    def show(filed: CaseFiled) -> None:
        console.print(f"Your application is case {filed.case}.")

    act(
        casework.ApplyForSeverance(person, reasons, jointly, key),
        casework.apply_for_severance,
        as_json=as_json,
        show=show,
    )


def _on_case(
    name: str, use_case: Callable[[casework.OnCase, UnitOfWork], Done], doc: str, example: str
) -> None:
    def command(person: Who, case: Case, key: Key = None, as_json: Json = False) -> None:
        act(casework.OnCase(person, case, "", key), use_case, as_json=as_json, show=_done)

    command.__doc__ = f"{doc}\n\nExample: [bold]soulbond foundation {name} {example}[/]"
    foundation_app.command(name)(command)


@foundation_app.command("statement")
def statement(
    person: Who,
    case: Case,
    text: Annotated[str, typer.Option("--statement", help="Your side, in writing.")],
    key: Key = None,
    as_json: Json = False,
) -> None:
    """As the partner who did not apply: put your side in writing.

    Example: [bold]soulbond foundation statement jonas 1 --statement "I never asked for this"[/]
    """
    act(casework.OnCase(person, case, text, key), casework.submit_statement, as_json=as_json, show=_done)


@foundation_app.command("sign")
def sign(person: Who, case: Case, reasons: Reasons, key: Key = None, as_json: Json = False) -> None:
    """Sign the joint application your soulmate started, with your own reasons; only then is it filed.

    Example: [bold]soulbond foundation sign jonas 1 --reasons "we both want to choose"[/]
    """
    act(casework.OnCase(person, case, reasons, key), casework.sign_application, as_json=as_json, show=_done)


@foundation_app.command("appeal")
def appeal(person: Who, case: Case, reasons: Reasons, key: Key = None, as_json: Json = False) -> None:
    """Appeal a decision on your bond's case; each case can be appealed once.

    Example: [bold]soulbond foundation appeal jonas 1 --reasons "my statement was not read"[/]
    """
    act(casework.OnCase(person, case, reasons, key), casework.appeal, as_json=as_json, show=_done)


_on_case("withdraw", casework.withdraw, "Withdraw your application, any time before severance.", "iruka 1")
_on_case("take", casework.take_case, "As a caseworker: take a case into your own queue.", "kari 1")
_on_case(
    "open",
    casework.open_case_file,
    "As the caseworker who holds it: open a case's file. Every look is recorded.",
    "kari 1",
)
_on_case(
    "declare-conflict",
    casework.declare_conflict,
    "As a caseworker: declare a conflict, and never decide that case.",
    "kari 1",
)
_on_case(
    "hear-appeal",
    appeals.hear_appeal,
    "As the director or a senior caseworker: take an appealed case to hear it, then decide it.",
    "tsunade 1",
)


@foundation_app.command("decide")
def decide(
    caseworker: Who,
    case: Case,
    reasons: Reasons,
    approve: Annotated[
        bool, typer.Option("--approve/--reject", help="Approve the severance, or reject it.")
    ] = False,
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Decide a case in your queue, with written reasons; an approval takes effect after the cooling-off.

    Example: [bold]soulbond foundation decide kari 1 --approve --reasons "both asked, and meant it"[/]
    """
    act(
        casework.Decide(caseworker, case, approve, reasons, key), casework.decide, as_json=as_json, show=_done
    )


@foundation_app.command("apply-for-job")
def apply_for_job(person: Who, key: Key = None, as_json: Json = False) -> None:
    """Apply for a caseworker's job; anyone may.

    Example: [bold]soulbond foundation apply-for-job kari[/]
    """
    act(casework.Staffing(person, idempotency_key=key), casework.apply_for_job, as_json=as_json, show=_done)


@foundation_app.command("hire")
def hire(
    director: Who,
    person: Annotated[str, typer.Argument(help="Who is hired: someone who applied.")],
    senior: Annotated[bool, typer.Option("--senior", help="A senior caseworker, who hears appeals.")] = False,
    key: Key = None,
    as_json: Json = False,
) -> None:
    """As the Foundation's director: hire someone who applied for a caseworker's job.

    Example: [bold]soulbond foundation hire tsunade kari --senior[/]
    """
    act(casework.Staffing(person, director, senior, key), casework.hire, as_json=as_json, show=_done)


@foundation_app.command("queue")
def queue_command(caseworker: Who, as_json: Json = False) -> None:
    """As a caseworker: the cases in your queue, and how many wait for anyone to take them.

    Example: [bold]soulbond foundation queue kari[/]
    """

    def show(found: queue.Queue) -> None:
        if not found.mine:
            console.print("Your queue is empty.")
        for case in found.mine:
            extra = ", joint" if case.joint else ""
            extra += ", with the partner's statement" if case.statement else ""
            console.print(f"case {case.case}: {case.state} (filed {case.filed[:10]}{extra})", highlight=False)
        waiting = ", ".join(f"{n} {state}" for state, n in found.waiting.items())
        console.print(f"Waiting for anyone to take them: {waiting}.", highlight=False)

    act(queue.ForCaseworker(caseworker), queue.queue, as_json=as_json, show=show)
