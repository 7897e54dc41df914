"""Each timeline action, done to the world; a returned text is a broken law."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from soulbond.core.errors import SoulbondError
from soulbond.core.items import ItemId, Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.transference import DeliveryState
from soulbond.scenario.model import EventSpec

if TYPE_CHECKING:
    from soulbond.scenario.replay import Replayer


def apply_event(r: Replayer, e: EventSpec) -> str:
    """Do ``e`` to the world and say so; return why it breaks the laws, or ''."""
    w = r.world
    at, actor, other, item = e.at, e.actor, e.other, e.item
    assert at is not None
    name = w.name_of

    def who() -> PersonId:
        assert actor is not None
        return actor

    def thing() -> ItemId:
        assert item is not None
        return item

    def described() -> str:
        return w.items[thing()].description

    match e.action:
        case "lose":
            holder = w.holder_of(thing())
            if actor is not None and holder != actor:
                place = w.where(thing())
                return (
                    f"{name(actor)} does not have '{item}' then: it is {place.describe(name(place.person))}"
                )
            delivery = w.lose(thing(), at, how=e.text, noticed=not e.flag)
            loser = name(holder) if holder else "someone"
            how = f" ({e.text})" if e.text else ""
            told = "" if not e.flag else ", without noticing"
            if delivery is not None:
                r.say(e, f"{loser} loses {described()}{how}{told}; it is on its way to a floor")
            else:
                r.say(e, f"{loser} loses {described()}{how}{told}; it stays where it fell")
        case "find":
            return _check_find(r, e)
        case "keep":
            w.keep(who(), thing(), at, where=e.text)
            r.say(e, f"{name(who())} keeps {described()}" + (f", tucked away {e.text}" if e.text else ""))
        case "discard":
            w.discard(who(), thing(), at)
            r.say(e, f"{name(who())} throws {described()} in the bin")
        case "recover":
            w.recover(who(), thing(), at)
            r.say(e, f"{name(who())} fishes {described()} back out of the bin")
        case "pick-up":
            w.pick_up(who(), thing(), at)
            r.say(e, f"{name(who())} picks up {described()} where it fell")
        case "return":
            loser = w.return_item(who(), thing(), at)
            r.say(e, f"{name(who())} returns {described()} to {name(loser)} by hand")
        case "give":
            assert other is not None
            w.give(thing(), who(), other, at)
            r.say(e, f"{name(who())} gives {described()} to {name(other)}")
        case "empty-bin":
            gone = w.empty_bin(who(), at)
            r.say(
                e, f"{name(who())} empties the bin" + (f": {', '.join(gone)} gone for good" if gone else "")
            )
        case "die":
            w.die(who(), at)
            r.say(e, f"{name(who())} dies")
        case "move":
            assert e.home is not None
            w.move(who(), e.home, at)
            r.say(e, f"{name(who())} moves to {e.home.place} ({e.home.tz})")
        case "become":
            for key, values in e.traits.items():
                w.change_trait(who(), key, values, at)
            changes = "; ".join(f"{k}: {', '.join(sorted(v)) or 'none'}" for k, v in e.traits.items())
            r.say(e, f"{name(who())} changes: {changes}")
        case "notorious":
            w.make_notorious(who(), at)
            r.say(e, f"the {w.people[who()].family_name} name is in the papers: {name(who())} is notorious")
        case "bond":
            assert other is not None
            w.declare_bond(who(), other, at)
            r.say(e, f"the registry records {name(who())} and {name(other)} as soulmates")
        case "message":
            assert other is not None
            handle = w.people[other].handle
            if handle is None:
                return f"{name(other)} has no phone number, so cannot be messaged"
            message = w.send_message(who(), handle, e.text, at)
            blocked = "" if message.delivered else " (blocked; the sender is not told)"
            r.say(e, f"{name(who())} messages {name(other)}: “{e.text}”{blocked}")
        case "block" | "unblock":
            assert other is not None
            handle = w.people[other].handle or ""
            (w.block if e.action == "block" else w.unblock)(who(), handle, at)
            r.say(e, f"{name(who())} {e.action}s {name(other)}'s number")
        case "ask-registry":
            assert other is not None
            answer = w.ask_if_soulmates(who(), w.people[other].handle or "", at)
            r.say(e, f"{name(who())} asks the registry about {name(other)}: {answer}")
        case "apply-to-sever":
            assert e.case is not None
            if e.case in r.cases:
                return f"there is already an application called '{e.case}'"
            jointly = w.soulmate_of(who()) if e.flag else None
            case = w.apply_for_severance(who(), e.text, at, jointly_with=jointly)
            r.cases[e.case] = case.id
            r.say(e, f"{name(who())} applies to the Foundation to sever the bond ('{e.case}')")
        case "statement":
            w.submit_statement(who(), r.case_id(e.case or ""), e.text, at)
            r.say(e, f"{name(who())} submits a statement on '{e.case}'")
        case "apply-for-job":
            w.apply_for_job(who(), at)
            r.say(e, f"{name(who())} applies for a caseworker's job")
        case "hire":
            assert other is not None
            w.hire(other, who(), at, senior=e.flag)
            r.say(e, f"{name(other)} hires {name(who())} as a {'senior ' if e.flag else ''}caseworker")
        case "declare-conflict":
            w.declare_conflict(who(), r.case_id(e.case or ""), at)
            r.say(e, f"{name(who())} declares a conflict on '{e.case}'")
        case "take-case":
            w.take_case(who(), r.case_id(e.case or ""), at)
            r.say(e, f"{name(who())} takes '{e.case}' into their queue")
        case "open-case":
            w.open_case_file(who(), r.case_id(e.case or ""), at)
            r.say(e, f"{name(who())} opens the file of '{e.case}' (recorded)")
        case "decide":
            w.decide(who(), r.case_id(e.case or ""), e.flag, e.text, at)
            verdict = "approves" if e.flag else "rejects"
            r.say(e, f"{name(who())} {verdict} '{e.case}': {e.text}")
        case "withdraw":
            w.withdraw(who(), r.case_id(e.case or ""), at)
            r.say(e, f"{name(who())} withdraws '{e.case}'")
        case "appeal":
            w.appeal(who(), r.case_id(e.case or ""), e.text or "(no reasons given)", at)
            r.say(e, f"{name(who())} appeals '{e.case}'")
        case "severed":
            problem = r.severed_problem(e.case or "")
            if problem:
                return problem
            r.say(e, f"the severance '{e.case}' holds")
        case "note":
            r.say(e, e.text, "note")
        case "pair-by-fate":
            partner = w.pair_by_fate(who(), random.Random(e.seed), at)
            r.say(e, f"fate pairs {name(who())} with {name(partner)}")
        case "fated-loss":
            delivery = w.fated_loss(who(), at, random.Random(e.seed))
            if delivery is not None:
                lost = w.items[delivery.item].description
                r.say(e, f"{name(who())} loses {lost} without noticing (fate); it is on its way to a floor")
            elif (stayed := _last_stayed(r, who())) is not None:
                r.say(e, f"{name(who())} loses {stayed} without noticing (fate); it stays where it fell")
        case _:  # pragma: no cover - the parser admits only known actions
            raise SoulbondError(f"unknown action {e.action}")
    return ""


def _check_find(r: Replayer, e: EventSpec) -> str:
    """The writer says a person found an item: the laws must agree on who and when."""
    w = r.world
    assert e.at is not None and e.actor is not None and e.item is not None
    finder = w._living(e.actor, e.at, "find things")
    delivery = next((d for d in reversed(w.deliveries_of(e.item)) if d.lost_at <= e.at), None)
    arrived_here = delivery is not None and delivery.recipient == e.actor and delivery.due == e.at
    bond = w.bond_of(e.actor)
    if not arrived_here and (bond is None or not bond.carries()):
        state = "absent" if bond is None else bond.state
        return f"{finder.name}'s bond is {state} by then: nothing arrives on {finder.given_name}'s floor"
    if delivery is None:
        place = w.where(e.item)
        if place.where is Whereabouts.LOST_FOR_GOOD:
            return f"'{e.item}' stayed where it fell ({place.how}); it never travelled"
        return f"'{e.item}' has not been lost by {r.result.local(e.at, e.actor)}, so it cannot be found yet"
    if delivery.state is DeliveryState.STAYED:
        place = w.where(e.item)
        return f"'{e.item}' never arrived: {place.how}"
    if delivery.recipient != e.actor:
        return f"'{e.item}' goes to {w.name_of(delivery.recipient)}'s floor, not {finder.name}'s"
    if delivery.due != e.at:
        due = r.result.local(delivery.due, e.actor)
        return (
            f"'{e.item}' arrives at {finder.given_name}'s next wake time after the loss, {due}, "
            f"not at {r.result.local(e.at, e.actor)}"
        )
    return ""


def _last_stayed(r: Replayer, person: PersonId) -> str | None:
    """The item a fated loss just left where it fell, if it took one."""
    last = r.world.events[-1] if r.world.events else None
    if last is None or last.item is None or last.actor != person or last.at != r.world.now:
        return None
    return r.world.items[last.item].description
