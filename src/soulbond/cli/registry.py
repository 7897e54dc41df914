"""``soulbond registry``: the registrar (the game master) records people, births, deaths, moves and bonds.

The registrar sees the world whole, so a refusal here gives the full reason.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

import typer

from soulbond.bootstrap import Live
from soulbond.cli.common import Json, Key, act, bad_input, plain, run
from soulbond.service import pairing, registry
from soulbond.service.results import Done, Paired

registry_app = typer.Typer(
    help="The registrar's book of the world: people, births, deaths, moves, traits and bonds.",
    no_args_is_help=True,
)

Id = Annotated[str, typer.Argument(help="The person, by id.")]
Name = Annotated[str, typer.Option("--name", help="Given and family name: 'Iruka Umino'.")]
Born = Annotated[str, typer.Option("--born", help="Birth date, YYYY-MM-DD.")]
Place = Annotated[str, typer.Option("--place", help="Where they live: 'Konoha, the teachers' flats'.")]
Zone = Annotated[str, typer.Option("--tz", help="Their IANA time zone: 'Asia/Tokyo'.")]
Wakes = Annotated[str, typer.Option("--wakes", help="When they usually wake, HH:MM.")]
Carefulness = Annotated[
    float, typer.Option("--carefulness", help="Things lost per year, on average.", min=0.0, max=1000.0)
]
Phone = Annotated[str | None, typer.Option("--phone", help="Their contact handle (a phone number).")]
Traits = Annotated[
    list[str] | None,
    typer.Option("--trait", help="key=value, once per value: 'occupation=teacher', 'interest=rocks'."),
]


def _done(result: Done) -> None:
    plain(result.text[:1].upper() + result.text[1:] + ".")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        bad_input(f"'{text}' is not a date such as 1995-05-26")


def _clock_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        bad_input(f"'{text}' is not a time of day such as 07:00")


def _traits(pairs: list[str] | None, phone: str | None = None) -> dict[str, frozenset[str]]:
    traits: dict[str, set[str]] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            bad_input(f"'{pair}' is not key=value, such as occupation=teacher")
        traits.setdefault(key.strip(), set()).add(value.strip())
    if phone is not None:
        traits.setdefault("handle", set()).add(phone)
    return {key: frozenset(values) for key, values in traits.items()}


def _names(name: str) -> tuple[str, str]:
    given, _, family = name.strip().partition(" ")
    if not given or not family.strip():
        bad_input(f"'{name}' needs a given and a family name, such as 'Iruka Umino'")
    return given, family.strip()


def _register(
    person: str,
    name: str,
    born: str,
    place: str,
    tz: str,
    wakes: str,
    carefulness: float,
    phone: str | None,
    traits: list[str] | None,
    soulmate: str | None,
    key: str | None,
    as_json: bool,
) -> None:
    given, family = _names(name)
    command = registry.RegisterPerson(
        person,
        given,
        family,
        _day(born),
        place,
        tz,
        _clock_time(wakes),
        carefulness,
        _traits(traits, phone),
        soulmate,
        key,
    )
    act(command, registry.register_person, as_json=as_json, show=_done, public=False)


@registry_app.command("register")
def register(
    person: Id,
    name: Name,
    born: Born,
    place: Place,
    tz: Zone,
    wakes: Wakes = "07:00",
    carefulness: Carefulness = 1.0,
    phone: Phone = None,
    trait: Traits = None,
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Register a newcomer; pair them with `registry bond` or `registry pair`.

    Example: [bold]soulbond registry register lee --name "Rock Lee" --born 2010-11-27 --place Konoha --tz Asia/Tokyo[/]
    """
    _register(person, name, born, place, tz, wakes, carefulness, phone, trait, None, key, as_json)


@registry_app.command("birth")
def birth(
    person: Id,
    soulmate: Annotated[str, typer.Option("--soulmate", help="The known partner they are born bound to.")],
    name: Name,
    born: Born,
    place: Place,
    tz: Zone,
    wakes: Wakes = "07:00",
    carefulness: Carefulness = 1.0,
    phone: Phone = None,
    trait: Traits = None,
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Record a birth into a known pair: the newborn is bound to SOULMATE from the start.

    Example: [bold]soulbond registry birth mirai --soulmate lee --name "Mirai Sarutobi" --born 2012-03-01 --place Konoha --tz Asia/Tokyo[/]
    """
    _register(person, name, born, place, tz, wakes, carefulness, phone, trait, soulmate, key, as_json)


@registry_app.command("death")
def death(person: Id, key: Key = None, as_json: Json = False) -> None:
    """Record a death: the dead lose nothing further, and their bond is widowed.

    Example: [bold]soulbond registry death sakumo[/]
    """
    act(registry.RecordDeath(person, key), registry.record_death, as_json=as_json, show=_done, public=False)


@registry_app.command("move")
def move(
    person: Id, place: Place, tz: Zone, wakes: Wakes = "07:00", key: Key = None, as_json: Json = False
) -> None:
    """Move someone to a new home: what their soulmate loses lands there from now on.

    Example: [bold]soulbond registry move iruka --place "Suna, by the gate" --tz Asia/Tokyo --wakes 06:30[/]
    """
    command = registry.Move(person, place, tz, _clock_time(wakes), key)
    act(command, registry.move, as_json=as_json, show=_done, public=False)


@registry_app.command("traits")
def traits(
    person: Id,
    trait: Annotated[
        list[str], typer.Option("--set", help="key=value; give a key several times for several values.")
    ],
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Change what someone can be recognised by (each key named is replaced whole).

    Example: [bold]soulbond registry traits iruka --set occupation=teacher --set interest=rocks[/]
    """
    command = registry.ChangeTraits(person, _traits(trait), key)
    act(command, registry.change_traits, as_json=as_json, show=_done, public=False)


@registry_app.command("notorious")
def notorious(person: Id, key: Key = None, as_json: Json = False) -> None:
    """Put a family name in the papers: from now on the name alone tells a finder who it is.

    Example: [bold]soulbond registry notorious kakashi[/]
    """
    command = registry.MakeNotorious(person, key)
    act(command, registry.make_notorious, as_json=as_json, show=_done, public=False)


@registry_app.command("director")
def director(person: Id, key: Key = None, as_json: Json = False) -> None:
    """Appoint the Foundation's director, who hires caseworkers and hears appeals.

    Example: [bold]soulbond registry director izumi[/]
    """
    command = registry.AppointDirector(person, key)
    act(command, registry.appoint_director, as_json=as_json, show=_done, public=False)


@registry_app.command("bond")
def bond(
    first: Id,
    second: Annotated[str, typer.Argument(help="The other person, by id.")],
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Declare two unpaired people soulmates.

    Example: [bold]soulbond registry bond kurenai asuma[/]
    """
    act(
        registry.DeclareBond(first, second, key),
        registry.declare_bond,
        as_json=as_json,
        show=_done,
        public=False,
    )


@registry_app.command("pair")
def pair(person: Id, key: Key = None, as_json: Json = False) -> None:
    """Let fate pair a newcomer with someone unpaired, by the world's seed. Nobody is told who.

    Example: [bold]soulbond registry pair lee[/]
    """

    def show(paired: Paired) -> None:
        plain(f"Fate paired {paired.newcomer} with {paired.partner}.")

    def call(live: Live) -> Paired:
        command = registry.PairByFate(person, key)
        return pairing.pair_newcomer(command, live.uow())

    run(call, as_json=as_json, show=show, public=False)
