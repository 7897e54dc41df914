"""Every way an action can break the world's laws, as one exception tree.

    SoulbondError
    ├── NotFound
    │   ├── UnknownPerson
    │   ├── UnknownItem
    │   └── UnknownCase
    ├── InvalidInput
    │   ├── UnknownTimeZone
    │   ├── TimeWentBackwards
    │   ├── TimeSkipped         (a delivery or severance falls due first: advance to it)
    │   └── HandleTaken
    └── RuleBroken
        ├── NotAlive            (the dead act no more; the unborn not yet)
        ├── ItemNotThere        (an item can only be acted on where it is)
        ├── BondRuleBroken      (self-bonds, second soulmates, no one unpaired)
        ├── CannotReturn        (the finder does not know how to reach the loser)
        ├── NotInContact
        └── CaseworkRuleBroken
            ├── NotACaseworker
            ├── NotPermitted
            ├── ConflictOfInterest
            ├── WrongCaseState
            └── ReasonsRequired

A message is written for the person who reads it. Where the full reason would
tell a person who their soulmate is, ``public_message`` carries a version that
does not, and only that version may be shown to the person who acted.
"""

from __future__ import annotations


class SoulbondError(Exception):
    """Root of every error soulbond raises on purpose."""

    def __init__(self, message: str, *, public_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.public_message = public_message if public_message is not None else message


class NotFound(SoulbondError):
    pass


class UnknownPerson(NotFound):
    pass


class UnknownItem(NotFound):
    pass


class UnknownCase(NotFound):
    pass


class InvalidInput(SoulbondError):
    pass


class UnknownTimeZone(InvalidInput):
    pass


class TimeWentBackwards(InvalidInput):
    pass


class TimeSkipped(InvalidInput):
    pass


class HandleTaken(InvalidInput):
    pass


class RuleBroken(SoulbondError):
    pass


class NotAlive(RuleBroken):
    pass


class ItemNotThere(RuleBroken):
    pass


class BondRuleBroken(RuleBroken):
    pass


class CannotReturn(RuleBroken):
    pass


class NotInContact(RuleBroken):
    pass


class CaseworkRuleBroken(RuleBroken):
    pass


class NotACaseworker(CaseworkRuleBroken):
    pass


class NotPermitted(CaseworkRuleBroken):
    pass


class ConflictOfInterest(CaseworkRuleBroken):
    pass


class WrongCaseState(CaseworkRuleBroken):
    pass


class ReasonsRequired(CaseworkRuleBroken):
    pass


class ConservationBroken(AssertionError):
    """Raised by the invariant checks: a bug in soulbond, never a user's mistake."""
