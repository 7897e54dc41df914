"""Errors the use cases add to the core's tree (``soulbond.core.errors``).

SoulbondError
├── NotFound
│   ├── UnknownDelivery
│   └── UnknownStory           (no shipped story by that name)
├── InvalidInput
│   ├── IdempotencyKeyReused   (a key its actor already sent with a different request)
│   ├── NotDueYet              (a delivery asked for before its wake time)
│   └── StoryUnreadable        (a scenario file that cannot be read: its line and what was wrong)
└── RuleBroken
    ├── NothingToDeliver       (delivered already, or it stayed where it fell)
    └── ChangedMeanwhile       (others kept changing the same things at the same moment: try again)
"""

from __future__ import annotations

from soulbond.core.errors import InvalidInput, NotFound, RuleBroken


class UnknownDelivery(NotFound):
    pass


class UnknownStory(NotFound):
    pass


class IdempotencyKeyReused(InvalidInput):
    pass


class NotDueYet(InvalidInput):
    pass


class NothingToDeliver(RuleBroken):
    pass


class ChangedMeanwhile(RuleBroken):
    pass


class StoryUnreadable(InvalidInput):
    """A scenario that cannot be read; ``line`` (1-based, when known) and ``problem`` say where and what."""

    def __init__(self, message: str, *, line: int | None, problem: str) -> None:
        super().__init__(message)
        self.line = line
        self.problem = problem
