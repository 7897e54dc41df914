"""What a simulated person can be recognised by, and the item kinds the simulator knows.

Traits split in two. *Categorical* traits (names, occupation, interest, handwriting)
are shared by many people, so knowing one narrows the candidate set by counting.
*Unique* traits (a phone number, a photo) belong to one person only, so knowing one
identifies the loser at once, as WORLD.md section 5 says.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORICAL_TRAITS: tuple[str, ...] = ("given_name", "family_name", "occupation", "interest", "handwriting")
UNIQUE_TRAITS: tuple[str, ...] = ("handle", "photo")
TRAITS: tuple[str, ...] = CATEGORICAL_TRAITS + UNIQUE_TRAITS
AGE = "age"

# One bit per trait in a finder's knowledge mask; the order is part of the
# Parquet schema (documented in docs/simulate.md), so only ever append.
TRAIT_BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(TRAITS)}
UNIQUE_MASK = sum(TRAIT_BIT[name] for name in UNIQUE_TRAITS)


@dataclass(frozen=True)
class KindTells:
    """What one item kind discloses about whoever loses it."""

    traits: tuple[str, ...] = ()
    age_within: int | None = None
    """The loser's age, give or take this many years; None: no age at all."""

    @property
    def mask(self) -> int:
        return sum(TRAIT_BIT[t] for t in self.traits)


# Modelled on the things WORLD.md's story has people lose.
BUILT_IN_KINDS: dict[str, KindTells] = {
    "drawing": KindTells(("handwriting",), age_within=2),
    "rock": KindTells(("interest",)),
    "sock": KindTells(),
    "shoe": KindTells(),
    "class_notes": KindTells(("handwriting", "interest")),
    "essay": KindTells((), age_within=0),
    "beanie": KindTells(),
    "watch": KindTells(("family_name",)),
    "letter": KindTells(("given_name", "handwriting")),
    "keys": KindTells(),
    # A toy is made for children of an age: it says roughly how old its owner is.
    "toy": KindTells((), age_within=3),
    "interview_folder": KindTells(
        ("given_name", "family_name", "occupation", "handle", "photo"), age_within=0
    ),
}
