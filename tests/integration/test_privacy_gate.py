"""No answer and no refusal names or locates anyone the asker has not learnt of.

Random sequences of what people do, through the very use cases every entry
point calls, with both partners, bystanders, a caseworker, the dead and the
severed acting. After each step, every string the asker is shown (the answer,
or the refusal's message) is searched for every id, name, number, home, time
zone and wake time of everyone else that the asker has not learnt, and for
their dates of death in refusals. What the asker has learnt is read from the
world itself: the facts on what they found, the numbers they wrote to or heard
from, and the case files they hold.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soulbond.adapters.memory import MemoryLive
from soulbond.bootstrap import in_memory
from soulbond.core.errors import SoulbondError
from soulbond.core.items import HasTrait, TellsAge, TellsNote, TellsTrait
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, PHOTO, PersonId
from soulbond.core.world import World
from soulbond.service import casework, contact, possessions, registry, views
from soulbond.service.ports import Wanted
from soulbond.service.transaction import look
from tests.integration.factories import T0, advance, drain
from tests.integration.peek import AnyLive, set_director


@dataclass(frozen=True)
class Resident:
    id: str
    given: str
    family: str
    handle: str
    place: str
    tz: str
    wakes: time


# Every word distinctive, so a hit is a leak and never a coincidence; no one's UTC
# wake time reads like anyone's local one.
PEOPLE = (
    Resident("p-aoi", "Aoizel", "Zephyrine", "+10-111", "Quillmoor", "Pacific/Chatham", time(6, 47)),
    Resident("p-bram", "Bramwick", "Xanthos", "+20-222", "Vellmarsh", "America/Halifax", time(5, 13)),
    Resident("p-cato", "Catoren", "Wyvernell", "+30-333", "Ostrawick", "Europe/Tallinn", time(8, 29)),
    Resident("p-dara", "Darisse", "Yorwick", "+40-444", "Pellucid Row", "Asia/Kathmandu", time(9, 41)),
    Resident("p-eda", "Edalind", "Umbrelle", "+50-555", "Thornaby Reach", "Africa/Nairobi", time(4, 37)),
    Resident("p-fenn", "Fennick", "Quarrow", "+60-666", "Marrowgate", "America/Bogota", time(7, 19)),
)
BY_ID = {p.id: p for p in PEOPLE}
IDS = [p.id for p in PEOPLE]
# Aoi and Bram are soulmates, and so are Cato and Dara; Eda, unpaired, is a caseworker; Fenn directs.
BONDS = (("p-aoi", "p-bram"), ("p-cato", "p-dara"))
TELLS = (
    (TellsTrait(GIVEN_NAME), TellsTrait(FAMILY_NAME), TellsTrait(HANDLE), TellsTrait(PHOTO)),
    (TellsTrait(GIVEN_NAME),),
    (TellsAge(), TellsNote("written in a hurry")),
    (),
)


def _items(person: Resident) -> list[tuple[str, str, tuple[object, ...], str]]:
    """Each person's things: one whose owner's label names them, one whose look is neutral, and so on."""
    n = IDS.index(person.id)
    return [
        (f"i{n}a", f"{person.given}'s notebook from {person.place}", TELLS[0], ""),
        (f"i{n}b", f"a scarf {person.given} knitted", TELLS[1], "a knitted scarf"),
        (f"i{n}c", "a pebble", TELLS[2], "a smooth pebble"),
        (f"i{n}d", f"{person.family} family's spare key", TELLS[3], ""),
    ]


ITEMS = [item for p in PEOPLE for item, *_ in _items(p)]


def build(live: AnyLive) -> None:
    for person in PEOPLE:
        registry.register_person(
            registry.RegisterPerson(
                person.id,
                person.given,
                person.family,
                date(1990 + IDS.index(person.id), 3, 3),
                person.place,
                person.tz,
                person.wakes,
                traits={HANDLE: frozenset({person.handle}), "interest": frozenset({"rocks"})},
            ),
            live.uow(),
        )
        for item, description, tells, seen in _items(person):
            possessions.add_possession(
                possessions.AddPossession(item, person.id, description, tells, looks=seen),  # type: ignore[arg-type]
                live.uow(),
            )
    for first, second in BONDS:
        registry.declare_bond(registry.DeclareBond(first, second), live.uow())
    set_director(live, "p-fenn")
    casework.apply_for_job(casework.Staffing("p-eda"), live.uow())
    casework.hire(casework.Staffing("p-eda", director="p-fenn"), live.uow())


Act = Callable[[AnyLive], object]

# Some messages tell the recipient who wrote them; a name told in a message is the recipient's to read.
texts = st.sampled_from(["hello", "I have your folder", "who are you?", "it is Aoizel, from Quillmoor"])
handles = st.sampled_from([p.handle for p in PEOPLE] + ["+99-000"])
actors = st.sampled_from(IDS)
things = st.sampled_from(ITEMS)
cases = st.integers(min_value=1, max_value=3)


def person_acts(who: str) -> st.SearchStrategy[Act]:
    """Everything a person can do or look at, as one step."""
    finder = st.sampled_from(
        [
            possessions.keep,
            possessions.discard,
            possessions.recover,
            possessions.pick_up,
            possessions.return_item,
        ]
    )
    return st.one_of(
        things.map(lambda i: lambda lv: possessions.report_loss(possessions.ReportLoss(who, i), lv.uow())),
        st.tuples(finder, things).map(lambda a: lambda lv: a[0](possessions.FinderAct(who, a[1]), lv.uow())),
        st.tuples(things, actors).map(
            lambda a: lambda lv: possessions.give(possessions.Give(a[0], who, a[1]), lv.uow())
        ),
        st.tuples(handles, texts).map(
            lambda a: lambda lv: contact.send_message(contact.SendMessage(who, a[0], a[1]), lv.uow())
        ),
        handles.map(lambda h: lambda lv: contact.block(contact.BlockHandle(who, h), lv.uow())),
        handles.map(lambda h: lambda lv: contact.ask_registry(contact.AskRegistry(who, h), lv.uow())),
        things.map(lambda i: lambda lv: views.prove_custody(views.ProveCustody(who, i), lv.uow())),
        st.sampled_from(
            [
                views.floor_view,
                views.possessions_view,
                views.inbox_view,
                views.knowledge_view,
                views.exposure_audit,
            ]
        ).map(lambda view: lambda lv: view(views.ForPerson(who), lv.uow())),
        st.booleans().map(
            lambda joint: (
                lambda lv: casework.apply_for_severance(
                    casework.ApplyForSeverance(who, "we are strangers", jointly=joint), lv.uow()
                )
            )
        ),
        st.tuples(
            st.sampled_from(
                [
                    casework.submit_statement,
                    casework.withdraw,
                    casework.appeal,
                    casework.take_case,
                    casework.open_case_file,
                ]
            ),
            cases,
        ).map(lambda a: lambda lv: a[0](casework.OnCase(who, a[1], "my reasons"), lv.uow())),
        st.tuples(cases, st.booleans()).map(
            lambda a: (
                lambda lv: casework.decide(casework.Decide(who, a[0], a[1], "as the file shows"), lv.uow())
            )
        ),
    )


steps = st.one_of(
    actors.flatmap(lambda who: person_acts(who).map(lambda act: (who, act))),
    st.just(("registrar", "a day passes")),
    st.sampled_from(["p-bram", "p-dara", "p-eda"]).map(lambda who: ("registrar", f"death:{who}")),
)


def registrar_step(live: AnyLive, what: str) -> None:
    if what.startswith("death:"):
        with contextlib.suppress(SoulbondError):  # the dead die once
            registry.record_death(registry.RecordDeath(what.removeprefix("death:")), live.uow())
        return
    advance(live, timedelta(days=1))
    drain(live)


def secrets_for(live: AnyLive, asker: str) -> tuple[set[str], set[str]]:
    """Words about others that ``asker`` has not learnt, and others' dates of death."""

    def see(world: World, at: object) -> tuple[set[str], set[str]]:
        learnt: set[str] = set()
        for fact in world.knowledge_of(PersonId(asker)).facts():
            if isinstance(fact, HasTrait):
                learnt.add(fact.value)
        learnt |= world.contacts.blocked.get(PersonId(asker), set())
        for m in world.contacts.messages:
            if m.sender == asker:
                learnt.add(m.recipient_handle)
            elif m.recipient == asker and m.delivered:
                learnt.add(m.sender_handle)
        files = set()
        if asker == world.foundation.director:  # the director sees who applied for jobs and whom they hired
            files |= set(world.foundation.job_applications) | set(world.foundation.caseworkers)
        for case in world.foundation.cases.values():
            if asker in (case.caseworker, case.appeal_judge, world.foundation.director):
                files |= set(case.parties)
        me = BY_ID[asker]
        words: set[str] = set()
        deaths: set[str] = set()
        for other in PEOPLE:
            if other.id == asker or other.id in files:
                continue
            words |= {other.id, other.given, other.family, other.handle} - learnt
            if other.place != me.place:
                words.add(other.place)
            if other.tz != me.tz:
                words.add(other.tz)
            words.add(other.wakes.strftime("%H:%M"))
            died = world.people[PersonId(other.id)].died
            if died is not None:
                deaths.add(died.date().isoformat())
        # What a message sent to them said, they were told.
        for m in world.contacts.inbox(PersonId(asker)):
            words -= {w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", m.text)}
        # Their own date of death is theirs to be told, whoever else died that day.
        own = world.people[PersonId(asker)].died
        return words, deaths - ({own.date().isoformat()} if own else set())

    wanted = Wanted(people=set(IDS), knowledge=True, contacts=True, casework=True)
    return look(live.uow(), wanted, see)


def leaks(text: str, words: set[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def run_story(live: AnyLive, story: list[tuple[str, object]]) -> None:
    for who, step in story:
        if who == "registrar":
            registrar_step(live, str(step))
            continue
        act: Act = step  # type: ignore[assignment]
        try:
            shown = json.dumps(asdict(act(live)), ensure_ascii=False)  # type: ignore[call-overload]
            refused = False
        except SoulbondError as exc:
            shown = f"{exc.public_message}\n{exc.message}\n{exc}"
            refused = True
        words, deaths = secrets_for(live, who)
        found = leaks(shown, words | (deaths if refused else set()))
        assert not found, f"{who} was shown {found}: {shown}"


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(story=st.lists(steps, min_size=1, max_size=25))
def test_no_answer_or_refusal_tells_anyone_what_they_have_not_learnt(story: list[tuple[str, object]]) -> None:
    live = in_memory()
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    build(live)
    run_story(live, story)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(story=st.lists(steps, min_size=1, max_size=15))
def test_the_gate_holds_the_same_on_a_database(
    story: list[tuple[str, object]], sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil

    from soulbond.bootstrap import bootstrap
    from soulbond.settings import Settings

    path = tmp_path_factory.mktemp("gate") / "world.db"
    shutil.copy(sqlite_template, path)
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    try:
        with live.uow() as uow:
            uow.use_clock(T0)
            uow.commit()
        build(live)
        run_story(live, story)
    finally:
        live.close()


def test_a_finder_sees_what_is_on_a_thing_and_no_name_they_have_not_learnt() -> None:
    live: MemoryLive = in_memory()
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    build(live)
    for item in ("i0b", "i0d"):
        possessions.report_loss(possessions.ReportLoss("p-aoi", item), live.uow())
    advance(live, timedelta(days=1))
    drain(live)
    floor = views.floor_view(views.ForPerson("p-bram"), live.uow())
    shown = {f.item: f.description for f in floor.items}
    assert shown == {"i0b": "a knitted scarf", "i0d": "(withheld) family's spare key"}
    assert next(f for f in floor.items if f.item == "i0b").tells == ["given name: Aoizel"]


def test_a_name_told_in_a_message_reaches_the_recipient_as_written() -> None:
    live: MemoryLive = in_memory()
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    build(live)
    text = "You never asked my family name. It is Xanthos."
    contact.send_message(contact.SendMessage("p-bram", "+10-111", text), live.uow())
    inbox = views.inbox_view(views.ForPerson("p-aoi"), live.uow())
    assert [m.text for m in inbox.messages] == [text]
