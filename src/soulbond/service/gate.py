"""The one gate every answer to a person passes through, refusals included.

WORLD.md's privacy rule: nothing the system tells a person names or locates
their soulmate, or anyone else they have not learnt of, unless an item or a
message told them. Use cases build their answers from the asker's own things,
so this gate should find nothing; it is the one place that makes sure, for
every use case, whatever a rule or a message template forgets:

- a refusal keeps only its ``public_message``, and falls back to a plain
  sentence for its kind of error when even that would tell a secret;
- an answer has every secret word in it withheld.

A secret word is anything that identifies or locates another person in the
slice of the world the use case loaded (their id, names, number, home, time
zone; for refusals their date of death too) that the asker has not learnt:
from the facts on what they found, what messages sent to them said, the
numbers they have typed or heard from, their own cases as a caseworker, or
being the Foundation's director.
The registrar (``asker`` None) runs the world and is told everything.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TypeVar, cast

from soulbond.core.errors import (
    CannotReturn,
    CaseworkRuleBroken,
    InvalidInput,
    ItemNotThere,
    NotFound,
    NotInContact,
    SoulbondError,
)
from soulbond.core.items import HasTrait
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, Person, PersonId
from soulbond.core.world import World

WITHHELD = "(withheld)"

R = TypeVar("R")

# Checked in order: the first class an error belongs to gives its plain sentence.
PLAIN_REFUSALS: tuple[tuple[type[SoulbondError], str], ...] = (
    (ItemNotThere, "that is not with you"),
    (CannotReturn, "you do not know yet how to reach whoever lost it"),
    (NotInContact, "the registry only answers people who are in contact"),
    (CaseworkRuleBroken, "that case is not yours to act on"),
    (NotFound, "there is nothing by that name within your reach"),
    (InvalidInput, "that request cannot be carried out as written; check its values"),
)
PLAIN_REFUSAL = "that is not within your reach"


@dataclass(frozen=True)
class Secrets:
    """The words one asker must not be shown, and the same for refusals (with dates of death)."""

    words: frozenset[str]
    dates: frozenset[str]

    def found_in(self, text: str, *, refusal: bool = False) -> bool:
        return _pattern(self.words | (self.dates if refusal else frozenset())).search(text) is not None

    def withhold(self, text: str) -> str:
        return _pattern(self.words).sub(WITHHELD, text) if self.words else text


NOTHING = Secrets(frozenset(), frozenset())

Learning = Callable[[], World | None]
"""Loads what the asker has learnt (their knowledge, contacts and inbox), only when it is needed."""


def secrets_for(world: World | None, asker: PersonId | None, learnt_in: World | None = None) -> Secrets:
    """The secrets of ``world`` for ``asker``; what they learnt is read from ``world`` and ``learnt_in``."""
    if world is None or asker is None or asker not in world.people:
        return NOTHING
    me = world.people[asker]
    sources = [w for w in (world, learnt_in) if w is not None and asker in w.people]
    learnt = set().union(*(_learnt_words(w, me) for w in sources))
    words, dates = _unknown_words(world, me, learnt)
    # What someone wrote to them is theirs to read: a message is one of the ways a person learns.
    told = [m.text for w in sources for m in w.contacts.inbox(asker)]
    if told and words:
        heard = _pattern(frozenset(words))
        words -= {found for text in told for found in heard.findall(text)}
    return Secrets(frozenset(w for w in words if w.strip()), frozenset(dates))


def answer(world: World | None, asker: PersonId | None, value: R, learning: Learning | None = None) -> R:
    """``value`` with every secret word withheld; the same value when there is none.

    What the asker learnt is loaded (``learning``) only when ``value`` holds a word
    about someone else at all: most answers hold none, and cost nothing more.
    """
    if world is None or asker is None or asker not in world.people:
        return value
    candidates, _ = _unknown_words(world, world.people[asker], set())
    if not candidates or not any(_pattern(frozenset(candidates)).search(t) for t in _strings(value)):
        return value
    secrets = secrets_for(world, asker, learning() if learning else None)
    if not secrets.words:
        return value
    return cast(R, _withheld(value, secrets))


def refusal(
    world: World | None, asker: PersonId | None, exc: SoulbondError, learning: Learning | None = None
) -> SoulbondError:
    """The error as the asker may see it: its public message, or a plain one if even that tells."""
    if asker is None:
        return exc
    text = exc.public_message
    if world is None or secrets_for(world, asker, learning() if learning else None).found_in(
        text, refusal=True
    ):
        text = next((plain for kind, plain in PLAIN_REFUSALS if isinstance(exc, kind)), PLAIN_REFUSAL)
    told = copy.copy(exc)
    told.args = (text,)
    told.message = text
    told.public_message = text
    return told


def _unknown_words(world: World, me: Person, learnt: set[str]) -> tuple[set[str], set[str]]:
    """Words identifying or locating everyone else in ``world`` but ``learnt``, and their dates of death."""
    fully_known = _fully_known(world, me.id)
    words: set[str] = set()
    dates: set[str] = set()
    for other in world.people.values():
        if other.id == me.id or other.id in fully_known:
            continue
        words |= {w for w in _identifying(other, me) if w not in learnt}
        if other.died is not None:
            dates.add(other.died.date().isoformat())
    if me.died is not None:
        dates.discard(me.died.date().isoformat())
    return words, dates


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if is_dataclass(value) and not isinstance(value, type):
        return [s for f in fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _identifying(other: Person, me: Person) -> set[str]:
    found = {str(other.id), other.name, other.given_name, other.family_name}
    if other.handle:
        found |= set(other.traits.get(HANDLE, frozenset()))
    if other.home.place != me.home.place:
        found.add(other.home.place)
    if other.home.tz != me.home.tz:
        found.add(other.home.tz)
    # A name the asker shares says nothing about anyone else.
    return found - {str(me.id), me.given_name, me.family_name}


def _learnt_words(world: World, me: Person) -> set[str]:
    learnt: set[str] = set()
    facts = world.knowledge_of(me.id).facts()
    told = {f.key: set[str]() for f in facts if isinstance(f, HasTrait)}
    for fact in facts:
        if isinstance(fact, HasTrait):
            told[fact.key].add(fact.value)
            learnt.add(fact.value)
    for given in told.get(GIVEN_NAME, set()):
        for family in told.get(FAMILY_NAME, set()):
            learnt.add(f"{given} {family}")
    # Numbers they typed themselves: blocked, or written to.
    learnt |= world.contacts.blocked.get(me.id, set())
    for message in world.contacts.messages:
        if message.sender == me.id:
            learnt.add(message.recipient_handle)
        elif message.recipient == me.id and message.delivered:
            learnt.add(message.sender_handle)
    return learnt


def _fully_known(world: World, asker: PersonId) -> set[PersonId]:
    """People whose case file the asker holds as caseworker; when they direct, every party and applicant."""
    foundation = world.foundation
    known: set[PersonId] = set()
    if asker == foundation.director:
        known |= set(foundation.job_applications) | set(foundation.caseworkers)
    for case in foundation.cases.values():
        if asker in (foundation.director, case.caseworker, case.appeal_judge):
            known |= set(case.parties)
    return known


@functools.lru_cache(maxsize=1024)
def _pattern(words: frozenset[str]) -> re.Pattern[str]:
    # The same asker's answers search for the same few words request after request: built once each.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)" if alternatives else r"(?!)")


def _withheld(value: object, secrets: Secrets) -> object:
    if isinstance(value, str):
        return secrets.withhold(value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _withheld(getattr(value, f.name), secrets) for f in fields(value)}
        return replace(value, **changes)
    if isinstance(value, list):
        return [_withheld(v, secrets) for v in value]
    if isinstance(value, tuple):
        return tuple(_withheld(v, secrets) for v in value)
    return value
