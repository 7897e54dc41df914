"""Errors the use cases add to the core's tree (``soulbond.core.errors``).

SoulbondError
├── NotFound
│   └── UnknownDelivery
├── InvalidInput
│   ├── IdempotencyKeyReused   (a key its actor already sent with a different request)
│   └── NotDueYet              (a delivery asked for before its wake time)
└── RuleBroken
    ├── NothingToDeliver       (delivered already, or it stayed where it fell)
    └── ChangedMeanwhile       (others kept changing the same things at the same moment: try again)
"""

from __future__ import annotations

from soulbond.core.errors import InvalidInput, NotFound, RuleBroken


class UnknownDelivery(NotFound):
    pass


class IdempotencyKeyReused(InvalidInput):
    pass


class NotDueYet(InvalidInput):
    pass


class NothingToDeliver(RuleBroken):
    pass


class ChangedMeanwhile(RuleBroken):
    pass
