"""Each timeline action's handler: do it to the world and say so; a returned text is a broken law."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, TypeVar

from soulbond.core.items import Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.transference import DeliveryState
from soulbond.scenario import actions as a
from soulbond.scenario.stage import Stage

S = TypeVar("S", bound=a.Step)
Handler = Callable[[Stage, Any], str]
HANDLERS: dict[type[a.Step], Handler] = {}


def handles(kind: type[S]) -> Callable[[Callable[[Stage, S], str]], Callable[[Stage, S], str]]:
    def register(handler: Callable[[Stage, S], str]) -> Callable[[Stage, S], str]:
        HANDLERS[kind] = handler
        return handler

    return register


def apply_step(stage: Stage, step: a.Step) -> str:
    """Do ``step`` to the world and say so; return why it breaks the laws, or ''."""
    return HANDLERS[type(step)](stage, step)


def _at(step: a.Step) -> Any:
    assert step.at is not None
    return step.at


# -- possessions ---------------------------------------------------------------


@handles(a.Lose)
def _lose(s: Stage, e: a.Lose) -> str:
    w, name = s.world, s.world.name_of
    holder = w.holder_of(e.item)
    if e.by is not None and holder != e.by:
        place = w.where(e.item)
        return f"{name(e.by)} does not have '{e.item}' then: it is {place.describe(name(place.person))}"
    delivery = w.lose(e.item, _at(e), how=e.how, noticed=e.noticed)
    loser = name(holder) if holder else "someone"
    how = f" ({e.how})" if e.how else ""
    told = "" if e.noticed else ", without noticing"
    where = "it is on its way to a floor" if delivery is not None else "it stays where it fell"
    s.say(e, f"{loser} loses {w.items[e.item].description}{how}{told}; {where}")
    return ""


@handles(a.Find)
def _find(s: Stage, e: a.Find) -> str:
    """The writer says a person found an item: the laws must agree on who, when and where."""
    w = s.world
    at = _at(e)
    finder = w._living(e.by, at, "find things")
    delivery = next((d for d in reversed(w.deliveries) if d.item == e.item and d.lost_at <= at), None)
    arrived_here = delivery is not None and delivery.recipient == e.by and delivery.due == at
    bond = w.bond_of(e.by)
    if not arrived_here and (bond is None or not bond.carries()):
        state = "absent" if bond is None else bond.state
        return f"{finder.name}'s bond is {state} by then: nothing arrives on {finder.given_name}'s floor"
    if delivery is None:
        place = w.where(e.item)
        if place.where is Whereabouts.LOST_FOR_GOOD:
            return f"'{e.item}' stayed where it fell ({place.how}); it never travelled"
        return f"'{e.item}' has not been lost by {s.result.local(at, e.by)}, so it cannot be found yet"
    if delivery.state is DeliveryState.STAYED:
        return f"'{e.item}' never arrived: {w.where(e.item).how}"
    if delivery.recipient != e.by:
        return f"'{e.item}' goes to {w.name_of(delivery.recipient)}'s floor, not {finder.name}'s"
    if delivery.due != at:
        due = s.result.local(delivery.due, e.by)
        return (
            f"'{e.item}' arrives at {finder.given_name}'s next wake time after the loss, {due}, "
            f"not at {s.result.local(at, e.by)}"
        )
    return wrong_place(s, e, finder.home.place)


def wrong_place(s: Stage, e: a.Find, home: str) -> str:
    """A find that names its place must name the home the finder woke in."""
    if not e.place or e.place == home:
        return ""
    at = _at(e) if e.at is not None else s.world.now
    assert at is not None
    name = s.world.name_of(e.by)
    left = s.home_left(e.by, e.place, at)
    if left is not None:
        return (
            f"'{e.item}' arrives on {name}'s floor at {home}: {name} had left {e.place} "
            f"on {s.result.local(left, e.by)}"
        )
    return f"'{e.item}' arrives on {name}'s floor at {home}, not at {e.place}"


@handles(a.Keep)
def _keep(s: Stage, e: a.Keep) -> str:
    s.world.keep(e.by, e.item, _at(e), where=e.where)
    tucked = f", tucked away {e.where}" if e.where else ""
    s.say(e, f"{s.world.name_of(e.by)} keeps {s.world.items[e.item].description}{tucked}")
    return ""


@handles(a.Discard)
def _discard(s: Stage, e: a.Discard) -> str:
    s.world.discard(e.by, e.item, _at(e))
    s.say(e, f"{s.world.name_of(e.by)} throws {s.world.items[e.item].description} in the bin")
    return ""


@handles(a.Recover)
def _recover(s: Stage, e: a.Recover) -> str:
    s.world.recover(e.by, e.item, _at(e))
    s.say(e, f"{s.world.name_of(e.by)} fishes {s.world.items[e.item].description} back out of the bin")
    return ""


@handles(a.PickUp)
def _pick_up(s: Stage, e: a.PickUp) -> str:
    s.world.pick_up(e.by, e.item, _at(e))
    s.say(e, f"{s.world.name_of(e.by)} picks up {s.world.items[e.item].description} where it fell")
    return ""


@handles(a.Return)
def _return(s: Stage, e: a.Return) -> str:
    loser = s.world.return_item(e.by, e.item, _at(e))
    name, what = s.world.name_of, s.world.items[e.item].description
    s.say(e, f"{name(e.by)} returns {what} to {name(loser)} by hand")
    return ""


@handles(a.Give)
def _give(s: Stage, e: a.Give) -> str:
    s.world.give(e.item, e.from_, e.to, _at(e))
    name = s.world.name_of
    s.say(e, f"{name(e.from_)} gives {s.world.items[e.item].description} to {name(e.to)}")
    return ""


@handles(a.EmptyBin)
def _empty_bin(s: Stage, e: a.EmptyBin) -> str:
    gone = s.world.empty_bin(e.person, _at(e))
    lost = f": {', '.join(gone)} gone for good" if gone else ""
    s.say(e, f"{s.world.name_of(e.person)} empties the bin{lost}")
    return ""


# -- people --------------------------------------------------------------------


@handles(a.Die)
def _die(s: Stage, e: a.Die) -> str:
    s.world.die(e.person, _at(e))
    s.say(e, f"{s.world.name_of(e.person)} dies")
    return ""


@handles(a.Move)
def _move(s: Stage, e: a.Move) -> str:
    s.world.move(e.person, e.home, _at(e))
    s.homes[e.person].append((_at(e), e.home.place))
    s.say(e, f"{s.world.name_of(e.person)} moves to {e.home.place} ({e.home.tz})")
    return ""


@handles(a.Become)
def _become(s: Stage, e: a.Become) -> str:
    for key, values in e.traits.items():
        s.world.change_trait(e.person, key, values, _at(e))
    changes = "; ".join(f"{k}: {', '.join(sorted(v)) or 'none'}" for k, v in e.traits.items())
    s.say(e, f"{s.world.name_of(e.person)} changes: {changes}")
    return ""


@handles(a.Notorious)
def _notorious(s: Stage, e: a.Notorious) -> str:
    s.world.make_notorious(e.person, _at(e))
    family, name = s.world.people[e.person].family_name, s.world.name_of(e.person)
    s.say(e, f"the {family} name is in the papers: {name} is notorious")
    return ""


@handles(a.Bond)
def _bond(s: Stage, e: a.Bond) -> str:
    s.world.declare_bond(e.person, e.with_, _at(e))
    s.say(e, f"the registry records {s.world.name_of(e.person)} and {s.world.name_of(e.with_)} as soulmates")
    return ""


@handles(a.Meet)
def _meet(s: Stage, e: a.Meet) -> str:
    s.world._living(e.person, _at(e), "meet anyone")
    s.world._living(e.with_, _at(e), "meet anyone")
    s.acquainted.add(frozenset({e.person, e.with_}))
    s.say(e, f"{s.world.name_of(e.person)} and {s.world.name_of(e.with_)} meet and swap numbers")
    return ""


@handles(a.PairByFate)
def _pair_by_fate(s: Stage, e: a.PairByFate) -> str:
    partner = s.world.pair_by_fate(e.person, random.Random(e.seed), _at(e))
    s.say(e, f"fate pairs {s.world.name_of(e.person)} with {s.world.name_of(partner)}")
    return ""


@handles(a.FatedLoss)
def _fated_loss(s: Stage, e: a.FatedLoss) -> str:
    """Fate stops at death: a fated loss drawn for after it takes nothing."""
    w, at = s.world, _at(e)
    died = w.people[e.person].died
    if died is not None and died <= at:
        return ""
    delivery = w.fated_loss(e.person, at, random.Random(e.seed))
    if delivery is not None:
        lost = w.items[delivery.item].description
        s.say(e, f"{w.name_of(e.person)} loses {lost} without noticing (fate); it is on its way to a floor")
    elif (stayed := _last_stayed(s, e.person)) is not None:
        s.say(e, f"{w.name_of(e.person)} loses {stayed} without noticing (fate); it stays where it fell")
    return ""


def _last_stayed(s: Stage, person: PersonId) -> str | None:
    """The item a fated loss just left where it fell, if it took one."""
    last = s.world.events[-1] if s.world.events else None
    if last is None or last.item is None or last.actor != person or last.at != s.world.now:
        return None
    return s.world.items[last.item].description


# -- contact -------------------------------------------------------------------


@handles(a.Message)
def _message(s: Stage, e: a.Message) -> str:
    name = s.world.name_of
    if not s.knows_handle(e.from_, e.to):
        return (
            f"{name(e.from_)} has no way to know {e.to}: no item they found carried it, no message "
            "came from it, and its holder is not among their acquaintances ('knows', 'meet')"
        )
    message = s.world.send_message(e.from_, e.to, e.text, _at(e))
    if message.recipient is None:
        s.say(e, f"{name(e.from_)} messages {e.to}, a number no one has: “{e.text}” reaches no one")
        return ""
    if message.delivered:
        s.heard.setdefault(message.recipient, set()).add(message.sender_handle)
    blocked = "" if message.delivered else " (blocked; the sender is not told)"
    s.say(e, f"{name(e.from_)} messages {e.to} ({name(message.recipient)}): “{e.text}”{blocked}")
    return ""


@handles(a.Block)
def _block(s: Stage, e: a.Block) -> str:
    s.world.block(e.person, s.world.people[e.handle_of].handle or "", _at(e))
    s.say(e, f"{s.world.name_of(e.person)} blocks {s.world.name_of(e.handle_of)}'s number")
    return ""


@handles(a.Unblock)
def _unblock(s: Stage, e: a.Unblock) -> str:
    s.world.unblock(e.person, s.world.people[e.handle_of].handle or "", _at(e))
    s.say(e, f"{s.world.name_of(e.person)} unblocks {s.world.name_of(e.handle_of)}'s number")
    return ""


@handles(a.AskRegistry)
def _ask_registry(s: Stage, e: a.AskRegistry) -> str:
    answer = s.world.ask_if_soulmates(e.person, s.world.people[e.about].handle or "", _at(e))
    s.say(e, f"{s.world.name_of(e.person)} asks the registry about {s.world.name_of(e.about)}: {answer}")
    return ""


# -- the Foundation ------------------------------------------------------------


@handles(a.ApplyToSever)
def _apply_to_sever(s: Stage, e: a.ApplyToSever) -> str:
    if e.case in s.cases:
        return f"there is already an application called '{e.case}'"
    jointly = s.world.soulmate_of(e.person) if e.jointly else None
    case = s.world.apply_for_severance(e.person, e.reasons, _at(e), jointly_with=jointly)
    s.cases[e.case] = case.id
    how = "asks their soulmate to sign a joint application" if e.jointly else "applies to the Foundation"
    s.say(e, f"{s.world.name_of(e.person)} {how} to sever the bond ('{e.case}')")
    return ""


@handles(a.Sign)
def _sign(s: Stage, e: a.Sign) -> str:
    s.world.sign_application(e.person, s.case_id(e.case), e.reasons, _at(e))
    s.say(e, f"{s.world.name_of(e.person)} signs the joint application '{e.case}'")
    return ""


@handles(a.Statement)
def _statement(s: Stage, e: a.Statement) -> str:
    s.world.submit_statement(e.person, s.case_id(e.case), e.text, _at(e))
    s.say(e, f"{s.world.name_of(e.person)} submits a statement on '{e.case}'")
    return ""


@handles(a.ApplyForJob)
def _apply_for_job(s: Stage, e: a.ApplyForJob) -> str:
    s.world.apply_for_job(e.person, _at(e))
    s.say(e, f"{s.world.name_of(e.person)} applies for a caseworker's job")
    return ""


@handles(a.Hire)
def _hire(s: Stage, e: a.Hire) -> str:
    s.world.hire(e.by, e.person, _at(e), senior=e.senior)
    senior = "senior " if e.senior else ""
    s.say(e, f"{s.world.name_of(e.by)} hires {s.world.name_of(e.person)} as a {senior}caseworker")
    return ""


@handles(a.DeclareConflict)
def _declare_conflict(s: Stage, e: a.DeclareConflict) -> str:
    s.world.declare_conflict(e.person, s.case_id(e.case), _at(e))
    s.say(e, f"{s.world.name_of(e.person)} declares a conflict on '{e.case}'")
    return ""


@handles(a.TakeCase)
def _take_case(s: Stage, e: a.TakeCase) -> str:
    s.world.take_case(e.person, s.case_id(e.case), _at(e))
    s.say(e, f"{s.world.name_of(e.person)} takes '{e.case}' into their queue")
    return ""


@handles(a.OpenCase)
def _open_case(s: Stage, e: a.OpenCase) -> str:
    s.world.open_case_file(e.person, s.case_id(e.case), _at(e))
    s.say(e, f"{s.world.name_of(e.person)} opens the file of '{e.case}' (recorded)")
    return ""


@handles(a.Decide)
def _decide(s: Stage, e: a.Decide) -> str:
    s.world.decide(e.by, s.case_id(e.case), e.approve, e.reasons, _at(e))
    verdict = "approves" if e.approve else "rejects"
    s.say(e, f"{s.world.name_of(e.by)} {verdict} '{e.case}': {e.reasons}")
    return ""


@handles(a.Withdraw)
def _withdraw(s: Stage, e: a.Withdraw) -> str:
    s.world.withdraw(e.person, s.case_id(e.case), _at(e))
    s.say(e, f"{s.world.name_of(e.person)} withdraws '{e.case}'")
    return ""


@handles(a.Appeal)
def _appeal(s: Stage, e: a.Appeal) -> str:
    s.world.appeal(e.person, s.case_id(e.case), e.reasons or "(no reasons given)", _at(e))
    s.say(e, f"{s.world.name_of(e.person)} appeals '{e.case}'")
    return ""


@handles(a.Severed)
def _severed(s: Stage, e: a.Severed) -> str:
    problem = s.severed_problem(e.case)
    if not problem:
        s.say(e, f"the severance '{e.case}' holds")
    return problem


@handles(a.Note)
def _note(s: Stage, e: a.Note) -> str:
    s.say(e, e.text, "note")
    return ""
