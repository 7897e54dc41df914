"""The registrar's routes: people, bonds, homes, traits, deaths, the clock, deliveries, accounts."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path

from soulbond.http.deps import GuardedInPool, Key, Served, Uow
from soulbond.http.schemas import (
    AccountLink,
    AccountName,
    Appointment,
    Bond,
    ClockSetting,
    ClockStep,
    Id,
    NewHome,
    NewPerson,
    Number,
    Placement,
    StoryName,
    StoryText,
    Traits,
)
from soulbond.service import accounts, archive, casework, clock, deliveries, fate, pairing, registry
from soulbond.service.account_ports import Role
from soulbond.service.results import (
    Clock,
    Delivered,
    Done,
    Exported,
    FateRan,
    Imported,
    MadeHappen,
    Paired,
)

# The registrar's work is over the whole world: never on the event loop, where it would hold up everyone.
router = APIRouter(route_class=GuardedInPool, prefix="/registry", tags=["the registrar"])
PersonPath = Annotated[Id, Path(description="A person, by id.")]


@router.put("/accounts/{name}", summary="Give an account its role and the person it acts as")
def link(name: Annotated[AccountName, Path()], body: AccountLink, served: Served) -> Done:
    return accounts.link(accounts.Link(name, Role(body.role), body.person), served.store.accounts())


@router.post("/people", summary="Register a person (a newcomer, or a birth into a known pair)")
def register(body: NewPerson, uow: Uow, key: Key = None) -> Done:
    command = registry.RegisterPerson(
        body.id,
        body.given_name,
        body.family_name,
        body.born,
        body.place,
        body.tz,
        body.wakes,
        body.carefulness,
        {t.key: frozenset(t.values) for t in body.traits},
        body.soulmate,
        key,
    )
    return registry.register_person(command, uow)


@router.put("/foundation/director", summary="Appoint the Foundation's director")
def appoint(body: Appointment, uow: Uow, key: Key = None) -> Done:
    return registry.appoint_director(registry.AppointDirector(body.person, key), uow)


@router.post("/bonds", summary="Declare two people soulmates")
def bond(body: Bond, uow: Uow, key: Key = None) -> Done:
    return registry.declare_bond(registry.DeclareBond(body.first, body.second, key), uow)


@router.post("/people/{person}/fated-pairing", summary="Pair someone by fate with an unpaired person")
def pair(person: PersonPath, uow: Uow, key: Key = None) -> Paired:
    return pairing.pair_newcomer(registry.PairByFate(person, key), uow)


@router.post("/people/{person}/death", summary="Record a death")
def death(person: PersonPath, uow: Uow, key: Key = None) -> Done:
    return registry.record_death(registry.RecordDeath(person, key), uow)


@router.put("/people/{person}/home", summary="Record a move")
def move(person: PersonPath, body: NewHome, uow: Uow, key: Key = None) -> Done:
    return registry.move(registry.Move(person, body.place, body.tz, body.wakes, key), uow)


@router.post("/people/{person}/traits", summary="Record changed traits")
def traits(person: PersonPath, body: Traits, uow: Uow, key: Key = None) -> Done:
    values = {t.key: frozenset(t.values) for t in body.traits}
    return registry.change_traits(registry.ChangeTraits(person, values, key), uow)


@router.post("/people/{person}/notoriety", summary="Put a family name in the papers")
def notoriety(person: PersonPath, uow: Uow, key: Key = None) -> Done:
    return registry.make_notorious(registry.MakeNotorious(person, key), uow)


@router.post("/items/{item}/placement", summary="Put a thing lost for good somewhere")
def place(item: Annotated[Id, Path()], body: Placement, uow: Uow, key: Key = None) -> Done:
    return registry.place_item(registry.PlaceItem(item, body.place, key), uow)


@router.post("/cases/{case}/settlement", summary="Let whatever is due on a case happen")
def settle(case: Annotated[Number, Path()], uow: Uow, key: Key = None) -> Done:
    return casework.settle_case(casework.SettleCase(case, key), uow)


@router.post("/deliveries/due", summary="Make every delivery and severance that fell due happen now")
def deliver_all(uow: Uow, key: Key = None) -> MadeHappen:
    return deliveries.deliver_all_due(deliveries.DeliverAllDue(10_000, key), uow)


@router.post("/deliveries/{delivery}", summary="Make one due delivery happen now")
def deliver(delivery: Annotated[Number, Path()], uow: Uow, key: Key = None) -> Delivered:
    return deliveries.deliver(deliveries.DeliverDue(delivery, key), uow)


@router.get("/clock", summary="The world's moment, whether it is simulated, and what is due")
def show_clock(uow: Uow) -> Clock:
    return clock.show_clock(uow)


@router.post("/clock/advance", summary="Move a simulated clock forward (never back); fate runs on the way")
def advance(body: ClockStep, uow: Uow, key: Key = None) -> Clock:
    return clock.advance_clock(
        clock.AdvanceClock(timedelta(days=body.days, hours=body.hours, minutes=body.minutes), key), uow
    )


@router.put("/clock", summary="Run the world on a simulated clock set to a moment, or on the real clock")
def set_clock(body: ClockSetting, uow: Uow, key: Key = None) -> Clock:
    return clock.set_clock(clock.SetClock(body.at, key), uow)


@router.post("/fate", summary="Let fate catch up with the world's clock (the worker does this too)")
def run_fate(uow: Uow, key: Key = None) -> FateRan:
    return fate.run_fate(uow, fate.RunFate(key))


@router.post("/world/import", summary="Import a shipped story as the live world (an empty database only)")
def import_world(body: StoryName, uow: Uow, served: Served, key: Key = None) -> Imported:
    return archive.import_world(archive.ImportWorld(body.story, key), uow, served.story_book())


@router.post("/world/story", summary="Import a story's text as the live world (an empty database only)")
def import_story(body: StoryText, uow: Uow, served: Served, key: Key = None) -> Imported:
    command = archive.ImportStory(body.story, body.name, key)
    return archive.import_story(command, uow, served.story_book())


@router.get("/world/export", summary="The live world as a scenario file that import reads back")
def export_world(uow: Uow, served: Served) -> Exported:
    return archive.export_world(uow, served.story_book())
