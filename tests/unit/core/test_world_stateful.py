"""Random lives in one world: every law holds after every step, whatever people try.

Rules mostly pick actions that could succeed (a finder keeping what is on their
own floor), and now and then ones that should not (keeping what lies on someone
else's floor). A refused action must raise a specific SoulbondError and
leave the world as it was.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from soulbond.core import (
    BondState,
    CaseId,
    CaseState,
    Confirmation,
    Foundation,
    Home,
    Item,
    ItemId,
    Kind,
    PersonId,
    SoulbondError,
    TellsAge,
    TellsNote,
    TellsTrait,
    Whereabouts,
    World,
    check_conservation,
    next_wake,
)
from soulbond.core.items import Disclosure, HasTrait
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE
from soulbond.core.privacy import privacy_problems
from soulbond.core.transference import DeliveryState, is_wake_time
from tests.unit.core.factories import make_person

T = TypeVar("T")

DIRECTOR = PersonId("director")
ZONES = (
    "Europe/London",
    "America/New_York",
    "Asia/Tokyo",
    "Pacific/Auckland",
    "Australia/Lord_Howe",  # clocks move by half an hour
    "Pacific/Kiritimati",  # fourteen hours ahead of UTC
    "UTC",
)
WAKES = (time(7, 0), time(1, 30), time(2, 30), time(6, 45))
# Weeks before clocks spring forward or fall back in London, New York and the south.
STARTS = (
    datetime(2021, 3, 10, 12, tzinfo=UTC),
    datetime(2021, 3, 26, 12, tzinfo=UTC),
    datetime(2021, 10, 28, 12, tzinfo=UTC),
    datetime(2021, 11, 5, 12, tzinfo=UTC),
)
GIVEN_NAMES = ("Kakashi", "Iruka", "Gai", "Kurenai")
FAMILY_NAMES = ("Hatake", "Umino", "Maito")
TRAITS = {"interest": ("rocks", "dogs", "chess"), "handwriting": ("cramped", "neat")}
TELLS: tuple[tuple[Disclosure, ...], ...] = (
    (),
    (TellsAge(),),
    (TellsAge(within=2), TellsTrait("handwriting")),
    (TellsTrait("interest", only="rocks", carried=True),),
    (TellsTrait("interest", carried=True), TellsNote("sketches dogs in the margins")),
    (TellsTrait(HANDLE), TellsAge(within=1, carried=True)),
    (TellsTrait(FAMILY_NAME),),
    (TellsTrait(GIVEN_NAME), TellsTrait(FAMILY_NAME), TellsAge()),
    (TellsTrait(HANDLE),),
)
STEPS = (timedelta(minutes=30), timedelta(hours=5), timedelta(hours=23), timedelta(days=1), timedelta(days=4))
TEXTS = ("I have your folder", "coffee?", "I found a rock", " ")
MOST_PEOPLE = 12
BIRTHS = st.fixed_dictionaries(
    {
        "zone": st.sampled_from(ZONES),
        "wakes": st.sampled_from(WAKES),
        "days_old": st.sampled_from((0, 1, 400, 3000, 9000, 20000)),  # 0: born today, where they live
        "interest": st.sampled_from(TRAITS["interest"]),
        "with_handle": st.sampled_from((True, True, True, False)),
    }
)


class WorldMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world = World(Foundation(director=DIRECTOR))
        self.rng = random.Random(0)
        self.born = 0
        self.made = 0

    # -- helpers ------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        assert self.world.now is not None
        return self.world.now

    def people(self) -> list[PersonId]:
        return sorted(self.world.people)

    def living(self) -> list[PersonId]:
        return [p for p in self.people() if self.world.people[p].is_alive_at(self.now)]

    def items_at(self, *wheres: Whereabouts) -> list[ItemId]:
        return [i for i in sorted(self.world.items) if self.world.where(i).where in wheres]

    def handles(self) -> list[str]:
        return sorted(h for p in self.world.people.values() if (h := p.handle) is not None)

    @staticmethod
    def pick(data: st.DataObject, likely: Sequence[T], anything: Sequence[T]) -> T | None:
        """Mostly something from ``likely``; sometimes, or when there is none, anything at all."""
        if likely and (not anything or data.draw(st.integers(0, 4), label="likely?") > 0):
            return data.draw(st.sampled_from(likely))
        return data.draw(st.sampled_from(anything)) if anything else None

    def snapshot(self) -> tuple[object, ...]:
        world = self.world
        return (
            {item: world.where(item) for item in world.items},
            len(world.events),
            [(d.id, d.due, d.state) for d in world.deliveries],
            {
                case.id: (case.state, case.caseworker, case.appeal_judge)
                for case in world.foundation.cases.values()
            },
            {person: bond.state for person, bond in world.bonds.items()},
            {person: (p.home, p.died, dict(p.traits)) for person, p in world.people.items()},
            {person: len(k.learnt) for person, k in world.knowledge.items()},
            len(world.contacts.messages),
            {person: set(handles) for person, handles in world.contacts.blocked.items()},
            {pair: set(askers) for pair, askers in world.contacts.asked.items()},
            set(world.foundation.job_applications),
        )

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run ``action``; a refusal must be a SoulbondError that changed nothing."""
        before = self.snapshot()
        try:
            action()
        except SoulbondError as refused:
            assert type(refused) is not SoulbondError, "refusals must say which rule was broken"
            assert self.snapshot() == before, f"{type(refused).__name__} left the world changed"
            return False
        return True

    # -- people and bonds ---------------------------------------------------------

    @initialize(
        data=st.data(),
        start=st.sampled_from(STARTS),
        seed=st.integers(0, 2**32 - 1),
        population=st.integers(2, 6),
        strangers=st.integers(0, 6),
        staffed=st.booleans(),
    )
    def begin(
        self, data: st.DataObject, start: datetime, seed: int, population: int, strangers: int, staffed: bool
    ) -> None:
        """A director, a few people (paired off two by two) with a thing or two each, and strangers."""
        self.rng = random.Random(seed)
        self.world.register(make_person(DIRECTOR, family="Senju", tz="Asia/Tokyo"), start)
        for _ in range(population):
            self.birth(data, **data.draw(BIRTHS))
        people = self.people()
        people.remove(DIRECTOR)
        for a, b in zip(people[::2], people[1::2], strict=False):
            self.world.declare_bond(a, b, start)
        for person in people:
            for tells in data.draw(st.lists(st.sampled_from(TELLS), min_size=1, max_size=2)):
                self.add_item(data, tells, owner=person)
        if staffed:
            self.world.apply_for_job(people[0], start)
            self.world.hire(DIRECTOR, people[0], start, senior=data.draw(st.booleans()))
        for n in range(strangers):
            family = FAMILY_NAMES[n % len(FAMILY_NAMES)]
            born = start.date() - timedelta(days=2000 * n + 400)
            self.world.add_stranger(PersonId(f"stranger-{n}"), born, {FAMILY_NAME: frozenset({family})})

    @precondition(lambda self: len(self.world.people) < MOST_PEOPLE)
    @rule(data=st.data(), birth=BIRTHS)
    def born_or_registered(self, data: st.DataObject, birth: dict[str, Any]) -> None:
        self.birth(data, **birth)

    def birth(
        self, data: st.DataObject, zone: str, wakes: time, days_old: int, interest: str, with_handle: bool
    ) -> None:
        self.born += 1
        local_today = self.now.astimezone(ZoneInfo(zone)).date()
        person = make_person(
            f"p{self.born}",
            given=data.draw(st.sampled_from(GIVEN_NAMES)),
            family=data.draw(st.sampled_from(FAMILY_NAMES)),
            born=local_today - timedelta(days=days_old),
            tz=zone,
            wakes=wakes,
            handle=f"+{self.born}-555" if with_handle else None,
            carefulness=data.draw(st.sampled_from((0.1, 1.0, 4.0))),
            interest=interest,
            handwriting=data.draw(st.sampled_from(TRAITS["handwriting"])),
        )
        self.attempt(lambda: self.world.register(person, self.now))

    @rule(data=st.data())
    def register_someone_twice(self, data: st.DataObject) -> None:
        again = data.draw(st.sampled_from(self.people()))
        assert not self.attempt(lambda: self.world.register(make_person(again), self.now))

    @rule(data=st.data())
    def declare_bond(self, data: st.DataObject) -> None:
        unpaired = self.world.unpaired(self.now)
        a = self.pick(data, unpaired, self.people())
        b = self.pick(data, unpaired, self.people())
        assert a is not None and b is not None
        self.attempt(lambda: self.world.declare_bond(a, b, self.now))

    @rule(data=st.data())
    def pair_by_fate(self, data: st.DataObject) -> None:
        newcomer = self.pick(data, self.world.unpaired(self.now), self.people())
        assert newcomer is not None
        if self.attempt(lambda: self.world.pair_by_fate(newcomer, self.rng, self.now)):
            partner = self.world.soulmate_of(newcomer)
            assert partner is not None and newcomer in self.world.bonds and partner != newcomer

    @rule(data=st.data(), zone=st.sampled_from(ZONES), wakes=st.sampled_from(WAKES))
    def move(self, data: st.DataObject, zone: str, wakes: time) -> None:
        mover = self.pick(data, self.living(), self.people())
        assert mover is not None
        home = Home(zone, zone, wakes)
        if self.attempt(lambda: self.world.move(mover, home, self.now)):
            for delivery in self.world.pending_deliveries():
                if delivery.recipient == mover:
                    assert delivery.due == next_wake(home, self.now)

    @rule(data=st.data(), key=st.sampled_from(("interest", "handwriting", HANDLE)))
    def change_trait(self, data: st.DataObject, key: str) -> None:
        person = self.pick(data, self.living(), self.people())
        assert person is not None
        choices = (*self.handles(), "+0-new") if key == HANDLE else TRAITS[key]
        values = frozenset(data.draw(st.lists(st.sampled_from(choices), max_size=1)))
        self.attempt(lambda: self.world.change_trait(person, key, values, self.now))

    @rule(data=st.data())
    def become_notorious(self, data: st.DataObject) -> None:
        person = data.draw(st.sampled_from(self.people()))
        self.attempt(lambda: self.world.make_notorious(person, self.now))

    @precondition(lambda self: len(self.living()) > 4)
    @rule(data=st.data())
    def die(self, data: st.DataObject) -> None:
        dying = self.pick(data, [p for p in self.living() if p != DIRECTOR], self.people())
        assert dying is not None
        if self.attempt(lambda: self.world.die(dying, self.now)):
            bond = self.world.bond_of(dying)
            assert bond is None or not bond.carries()
            # What they lost while alive still arrives; nothing is on its way to them any more.
            assert all(d.recipient != dying for d in self.world.pending_deliveries())

    # -- possessions -----------------------------------------------------------------

    @rule(data=st.data(), tells=st.sampled_from(TELLS))
    def add_item(
        self, data: st.DataObject, tells: tuple[Disclosure, ...], owner: PersonId | None = None
    ) -> None:
        owner = owner or data.draw(st.sampled_from(self.people()))
        self.made += 1
        item = Item(ItemId(f"i{self.made}"), f"thing {self.made}", tells)
        self.attempt(lambda: self.world.add_item(item, owner, self.now))

    @rule(data=st.data(), how=st.sampled_from(("", "dropped", "thrown out of a window")), sleep=st.booleans())
    def lose(self, data: st.DataObject, how: str, sleep: bool) -> None:
        """A loss, and perhaps a night's sleep until it arrives."""
        item = self.pick(data, self.items_at(Whereabouts.HELD), sorted(self.world.items))
        if item is None:
            return
        loser = self.world.holder_of(item)
        bond = self.world.bond_of(loser) if loser else None
        if self.attempt(lambda: self.world.lose(item, self.now, how=how)):
            place = self.world.where(item)
            if bond is not None and bond.carries() and loser is not None:
                partner = bond.partner_of(loser)
                if not self.world.people[partner].is_born_by(self.now):
                    # No floor before birth: it stays where it fell.
                    assert place.where is Whereabouts.LOST_FOR_GOOD
                    return
                assert place.where is Whereabouts.IN_TRANSIT and place.person == partner
                due = next((d.due for d in self.world.pending_deliveries() if d.item == item), None)
                assert due is not None and due == next_wake(self.world.people[partner].home, self.now)
                if sleep:
                    self.world.advance(due)
                    assert self.world.where(item).where is Whereabouts.ON_FLOOR
            else:
                assert place.where is Whereabouts.LOST_FOR_GOOD and place.person == loser

    @rule(data=st.data())
    def fated_loss(self, data: st.DataObject) -> None:
        person = self.pick(data, self.living(), self.people())
        assert person is not None
        self.attempt(lambda: self.world.fated_loss(person, self.now, self.rng))

    @rule(step=st.sampled_from(STEPS))
    def advance(self, step: timedelta) -> None:
        to = self.now + step
        for event in self.world.advance(to):
            if event.kind is Kind.ARRIVED:
                assert event.actor is not None and event.item is not None
                assert is_wake_time(self.world.people[event.actor].home, event.at)
        assert all(d.due > to for d in self.world.pending_deliveries())

    @precondition(lambda self: bool(self.world.due_severances()))
    @rule()
    def advance_past_cooling_off(self) -> None:
        due, case = self.world.due_severances()[0]
        self.world.advance(max(due, self.now) + timedelta(seconds=1))
        assert case.state is CaseState.SEVERED
        assert all(self.world.bonds[p].state is BondState.SEVERED for p in case.parties)

    @rule(data=st.data(), step=st.sampled_from((timedelta(seconds=-1), timedelta(days=40))))
    def act_at_the_wrong_moment(self, data: st.DataObject, step: timedelta) -> None:
        """Earlier than the last change, or past something due, is refused; later is fine."""
        person = data.draw(st.sampled_from(self.people()))
        due = self.world._first_due()
        at = self.now + step
        acted = self.attempt(lambda: self.world.empty_bin(person, at))
        assert acted == (step > timedelta(0) and (due is None or due >= at))

    # -- what finders do -----------------------------------------------------------

    def finder_and_item(self, data: st.DataObject, *wheres: Whereabouts) -> tuple[PersonId, ItemId] | None:
        item = self.pick(data, self.items_at(*wheres), sorted(self.world.items))
        if item is None:
            return None
        where = self.world.where(item)
        person = self.pick(data, [where.person], self.people())
        assert person is not None
        return person, item

    @rule(data=st.data(), tucked=st.sampled_from(("", "in a book", "in a pocket")))
    def keep(self, data: st.DataObject, tucked: str) -> None:
        if chosen := self.finder_and_item(data, Whereabouts.ON_FLOOR):
            person, item = chosen
            if self.attempt(lambda: self.world.keep(person, item, self.now, where=tucked)):
                assert self.world.holder_of(item) == person

    @rule(data=st.data())
    def discard(self, data: st.DataObject) -> None:
        if chosen := self.finder_and_item(data, Whereabouts.ON_FLOOR, Whereabouts.HELD):
            person, item = chosen
            if self.attempt(lambda: self.world.discard(person, item, self.now)):
                assert self.world.where(item).where is Whereabouts.IN_BIN

    @rule(data=st.data())
    def recover(self, data: st.DataObject) -> None:
        if chosen := self.finder_and_item(data, Whereabouts.IN_BIN):
            person, item = chosen
            if self.attempt(lambda: self.world.recover(person, item, self.now)):
                assert self.world.holder_of(item) == person

    @rule(data=st.data())
    def empty_bin(self, data: st.DataObject) -> None:
        person = data.draw(st.sampled_from(self.people()))
        binned = self.world.contents(Whereabouts.IN_BIN, person)
        if self.attempt(lambda: self.world.empty_bin(person, self.now)):
            assert all(self.world.where(i).where is Whereabouts.DISCARDED for i in binned)

    @rule(data=st.data())
    def pick_up(self, data: st.DataObject) -> None:
        item = self.pick(data, self.items_at(Whereabouts.LOST_FOR_GOOD), sorted(self.world.items))
        person = self.pick(data, self.living(), self.people())
        if item is not None and person is not None:
            self.attempt(lambda: self.world.pick_up(person, item, self.now))

    @rule(data=st.data())
    def return_by_hand(self, data: st.DataObject) -> None:
        found = [
            i
            for i in self.items_at(Whereabouts.ON_FLOOR, Whereabouts.HELD)
            if (d := self.world.last_delivery(i)) is not None and d.recipient == self.world.where(i).person
        ]
        item = self.pick(data, found, sorted(self.world.items))
        if item is not None:
            finder = self.pick(data, [self.world.where(item).person], self.people())
            assert finder is not None
            if self.attempt(lambda: self.world.return_item(finder, item, self.now)):
                loser = self.world.holder_of(item)
                assert loser is not None and loser != finder
                told = {f.value for f in self.world.knowledge_of(finder).facts() if isinstance(f, HasTrait)}
                assert (
                    self.world.people[loser].handle in told
                    or self.world.contacts.in_contact(finder, loser)
                    or self.world.is_identified(finder, self.now)
                ), "returned by someone who did not know how to reach the loser"

    @rule(data=st.data())
    def give(self, data: st.DataObject) -> None:
        if chosen := self.finder_and_item(data, Whereabouts.HELD):
            giver, item = chosen
            receiver = self.pick(data, self.living(), self.people())
            assert receiver is not None
            self.attempt(lambda: self.world.give(item, giver, receiver, self.now))

    @rule(data=st.data())
    def check_exposure(self, data: st.DataObject) -> None:
        if chosen := self.finder_and_item(data, Whereabouts.HELD):
            person, item = chosen
            before = self.snapshot()
            try:
                exposure = self.world.exposure(person, item, self.now)
            except SoulbondError:
                pass
            else:
                bond = self.world.bond_of(person)
                if bond is None or not bond.carries():
                    assert not exposure.travels and exposure.candidates_now is None
                else:
                    assert exposure.candidates_now is not None and exposure.candidates_if_lost is not None
                    assert exposure.candidates_if_lost <= exposure.candidates_now
            assert self.snapshot() == before

    # -- contact ----------------------------------------------------------------------

    def handle_of_soulmate(self, person: PersonId) -> list[str]:
        soulmate = self.world.soulmate_of(person)
        handle = self.world.people[soulmate].handle if soulmate else None
        return [handle] if handle else []

    @rule(data=st.data(), text=st.sampled_from(TEXTS))
    def message(self, data: st.DataObject, text: str) -> None:
        sender = self.pick(data, self.living(), self.people())
        assert sender is not None
        handle = self.pick(data, self.handle_of_soulmate(sender) or self.handles(), ["+0-nobody"])
        assert handle is not None
        if self.attempt(lambda: self.world.send_message(sender, handle, text, self.now)):
            sent = self.world.contacts.messages[-1]
            if sent.recipient is None:
                assert not sent.delivered
                return
            blocked = sent.sender_handle in self.world.contacts.blocked.get(sent.recipient, set())
            assert sent.delivered is not blocked
            assert (sent in self.world.contacts.inbox(sent.recipient)) is sent.delivered

    @rule(data=st.data(), unblock=st.booleans())
    def block(self, data: st.DataObject, unblock: bool) -> None:
        person = data.draw(st.sampled_from(self.people()))
        handle = self.pick(data, self.handles(), ["+0-nobody"])
        assert handle is not None
        action = self.world.unblock if unblock else self.world.block
        self.attempt(lambda: action(person, handle, self.now))

    @rule(data=st.data())
    def ask_the_registry(self, data: st.DataObject) -> None:
        asker = self.pick(data, self.living(), self.people())
        assert asker is not None
        in_touch = sorted(
            {m.sender_handle for m in self.world.contacts.messages if m.recipient == asker and m.delivered}
        )
        handle = self.pick(data, in_touch, [*self.handles(), "+0-nobody"])
        assert handle is not None
        answers: list[Confirmation] = []
        if self.attempt(lambda: answers.append(self.world.ask_if_soulmates(asker, handle, self.now))):
            other = self.world.person_with_handle(handle)
            if other is None or other.id == asker:
                # A number no one has (or one's own) waits forever, like one whose owner never asks.
                assert answers == [Confirmation.WAITING]
                return
            both_asked = self.world.contacts.asked[frozenset({asker, other.id})] == {asker, other.id}
            if not both_asked:
                assert answers == [Confirmation.WAITING]
            else:
                soulmates = self.world.soulmate_of(asker) == other.id
                assert answers == [Confirmation.SOULMATES if soulmates else Confirmation.NOT_SOULMATES]

    @rule(data=st.data())
    def prove_custody(self, data: st.DataObject) -> None:
        if chosen := self.finder_and_item(data, Whereabouts.HELD, Whereabouts.ON_FLOOR):
            person, item = chosen
            if self.world.proves_custody(person, item):
                assert any(d.item == item and d.recipient == person for d in self.world.deliveries)

    # -- the Foundation ---------------------------------------------------------------

    def cases(self) -> list[CaseId]:
        return sorted(self.world.foundation.cases)

    def caseworkers(self) -> list[PersonId]:
        return sorted({*self.world.foundation.caseworkers, DIRECTOR})

    def case_and_party(self, data: st.DataObject) -> tuple[CaseId, PersonId] | None:
        case = self.pick(data, self.cases(), self.cases())
        if case is None:
            return None
        person = self.pick(data, list(self.world.case(case).parties), self.people())
        assert person is not None
        return case, person

    @rule(data=st.data(), joint=st.booleans(), reasons=st.sampled_from(("we never met", "")))
    def apply_for_severance(self, data: st.DataObject, joint: bool, reasons: str) -> None:
        bonded = [p for p in self.living() if (bond := self.world.bond_of(p)) is not None and bond.carries()]
        applicant = self.pick(data, bonded, self.people())
        assert applicant is not None
        partner = self.world.soulmate_of(applicant) if joint else None
        self.attempt(
            lambda: self.world.apply_for_severance(applicant, reasons, self.now, jointly_with=partner)
        )

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data(), reasons=st.sampled_from(("I agree", "")))
    def sign_application(self, data: st.DataObject, reasons: str) -> None:
        if chosen := self.case_and_party(data):
            case, partner = chosen
            found = self.world.case(case)
            was_unsigned = found.state is CaseState.UNSIGNED
            if self.attempt(lambda: self.world.sign_application(partner, case, reasons, self.now)):
                assert was_unsigned and found.applicants == frozenset(found.parties)
                assert found.reasons[partner] == reasons and len(found.reasons) == 2

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data())
    def submit_statement(self, data: st.DataObject) -> None:
        if chosen := self.case_and_party(data):
            case, partner = chosen
            self.attempt(
                lambda: self.world.submit_statement(partner, case, "please let us meet first", self.now)
            )

    @rule(data=st.data())
    def apply_for_job(self, data: st.DataObject) -> None:
        person = data.draw(st.sampled_from(self.people()))
        self.attempt(lambda: self.world.apply_for_job(person, self.now))

    @rule(data=st.data(), senior=st.booleans())
    def hire(self, data: st.DataObject, senior: bool) -> None:
        hirer = self.pick(data, [DIRECTOR], self.people())
        person = self.pick(data, sorted(self.world.foundation.job_applications), self.people())
        assert hirer is not None and person is not None
        if self.attempt(lambda: self.world.hire(hirer, person, self.now, senior=senior)):
            assert hirer == DIRECTOR

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data())
    def declare_conflict(self, data: st.DataObject) -> None:
        worker = self.pick(data, self.caseworkers(), self.people())
        case = self.pick(data, self.cases(), [CaseId(99)])
        assert worker is not None and case is not None
        self.attempt(lambda: self.world.declare_conflict(worker, case, self.now))

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data())
    def take_case(self, data: st.DataObject) -> None:
        worker = self.pick(data, self.caseworkers(), self.people())
        open_cases = [
            c for c in self.cases() if self.world.case(c).state in (CaseState.FILED, CaseState.APPEALED)
        ]
        case = self.pick(data, open_cases, self.cases())
        if worker is None or case is None:
            return
        found = self.world.case(case)
        if self.attempt(lambda: self.world.take_case(worker, case, self.now)):
            assert (
                worker not in found.parties
                and case not in self.world.foundation.caseworkers[worker].conflicts
            )

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data())
    def open_case_file(self, data: st.DataObject) -> None:
        worker = self.pick(data, self.caseworkers(), self.people())
        case = self.pick(data, self.cases(), [CaseId(99)])
        assert worker is not None and case is not None
        self.attempt(lambda: self.world.open_case_file(worker, case, self.now))

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data(), approve=st.booleans(), reasons=st.sampled_from(("sincere reasons", "")))
    def decide(self, data: st.DataObject, approve: bool, reasons: str) -> None:
        reviewing = [
            c
            for c in self.cases()
            if self.world.case(c).state in (CaseState.UNDER_REVIEW, CaseState.APPEAL_UNDER_REVIEW)
        ]
        case = self.pick(data, reviewing, self.cases())
        if case is None:
            return
        found = self.world.case(case)
        holder = found.appeal_judge if found.state is CaseState.APPEAL_UNDER_REVIEW else found.caseworker
        worker = self.pick(data, [holder] if holder else [], self.people())
        assert worker is not None
        if self.attempt(lambda: self.world.decide(worker, case, approve, reasons, self.now)):
            assert reasons.strip() and worker not in found.parties
            assert (found.cooling_off_ends is not None) == approve

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        if chosen := self.case_and_party(data):
            case, applicant = chosen
            unsigned = self.world.case(case).state is CaseState.UNSIGNED
            if self.attempt(lambda: self.world.withdraw(applicant, case, self.now)):
                # An applicant, or the partner asked to sign who declines instead.
                found = self.world.case(case)
                assert applicant in found.applicants or (unsigned and applicant in found.parties)

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data(), reasons=st.sampled_from(("the caseworker misread us", "")))
    def appeal(self, data: st.DataObject, reasons: str) -> None:
        if chosen := self.case_and_party(data):
            case, party = chosen
            if self.attempt(lambda: self.world.appeal(party, case, reasons, self.now)):
                assert self.world.case(case).appealed_by == party

    @precondition(lambda self: bool(self.world.foundation.cases))
    @rule(data=st.data(), steps=st.integers(1, 4))
    def move_a_case_along(self, data: st.DataObject, steps: int) -> None:
        """Whoever may take the next steps on a case takes them: take, decide, appeal."""
        case = self.world.case(data.draw(st.sampled_from(self.cases())))
        for _ in range(steps):
            if case.state in (CaseState.FILED, CaseState.APPEALED):
                worker = data.draw(st.sampled_from(self.caseworkers()))
                self.attempt(partial(self.world.take_case, worker, case.id, self.now))
            elif case.state in (CaseState.UNDER_REVIEW, CaseState.APPEAL_UNDER_REVIEW):
                holder = case.appeal_judge if case.state is CaseState.APPEAL_UNDER_REVIEW else case.caseworker
                assert holder is not None
                approve = data.draw(st.booleans())
                self.attempt(
                    partial(self.world.decide, holder, case.id, approve, "reasons in writing", self.now)
                )
            elif case.state is CaseState.APPROVED and data.draw(st.booleans(), label="let it cool off?"):
                assert case.cooling_off_ends is not None
                self.world.advance(max(case.cooling_off_ends, self.now))
                assert case.state is CaseState.SEVERED
            elif case.state in (CaseState.APPROVED, CaseState.REJECTED):
                party = data.draw(st.sampled_from(case.parties))
                self.attempt(partial(self.world.appeal, party, case.id, "please look again", self.now))

    # -- the laws ---------------------------------------------------------------------

    @invariant()
    def conservation_holds(self) -> None:
        check_conservation(self.world)

    @invariant()
    def no_one_is_told_who_their_soulmate_is(self) -> None:
        if self.world.now is not None:
            assert privacy_problems(self.world, self.now) == []

    @invariant()
    def only_active_bonds_between_the_living_carry(self) -> None:
        for delivery in self.world.pending_deliveries():
            bond = self.world.bond_of(delivery.loser)
            assert bond is not None and bond.partner_of(delivery.loser) == delivery.recipient
            # Lost across an active bond; only the loser's own death since may have widowed it.
            assert self.world.people[delivery.recipient].died is None
            assert bond.state is BondState.ACTIVE or (
                bond.state is BondState.WIDOWED and self.world.people[delivery.loser].died is not None
            )
            assert delivery.due >= self.now, "a delivery was left behind by the clock"
        for bond in self.world.bonds.values():
            if bond.state is BondState.ACTIVE:
                assert all(self.world.people[p].died is None for p in bond.people)

    @invariant()
    def the_dead_lose_nothing(self) -> None:
        dead: set[PersonId | None] = set()
        for event in self.world.events:
            if event.kind is Kind.DIED:
                dead.add(event.actor)
            assert event.kind is not Kind.LOST or event.actor not in dead, "the dead lost something"

    @invariant()
    def each_finders_soulmate_still_fits_what_they_learnt(self) -> None:
        world = self.world
        for finder, knowledge in world.knowledge.items():
            if not knowledge.learnt:
                continue
            soulmate = world.soulmate_of(finder)
            losers = {
                d.loser
                for d in world.deliveries
                if d.recipient == finder and d.state is DeliveryState.DELIVERED
            }
            assert losers == {soulmate}, "something arrived from someone other than the soulmate"
            assert soulmate is not None
            # What is on a thing the soulmate did not make describes its maker, so only their
            # own things (and what carrying any thing suggests) must still fit them.
            own = [
                fact
                for entry in knowledge.learnt
                if world.items[entry.item].first_owner == soulmate
                for fact in entry.facts
            ]
            if soulmate in world.census.candidates(own, self.now, exclude=finder):
                continue
            # The one documented exception: a notorious family name points a finder at the
            # people in the papers, so an unknown namesake who lost the item drops out.
            names = {f.value for f in own if isinstance(f, HasTrait) and f.key == FAMILY_NAME}
            notorious = {
                p.id
                for p in world.people.values()
                if p.family_name in names and p.notorious_since is not None and p.notorious_since <= self.now
            }
            assert notorious and soulmate not in notorious, (
                f"{finder}'s soulmate no longer fits what they learnt"
            )


TestWorld = WorldMachine.TestCase
