"""How much a scenario may ask of whoever replays it, so that no file can hold a reader for long.

A story of a real town fits the defaults with room to spare (the 100,000-person
benchmark story is about 33 MB, 100,000 items and 300,000 steps). ``UPLOAD`` is
for files from strangers, such as the web page's: small enough that reading and
replaying any file that passes takes seconds, not minutes, and still large
enough for the shipped stories (150,000 strangers in lost-things).

Counted while the file is read, before anything is built from a count: items
after ``count`` copies, strangers, and timeline steps after fate's draws.
Each limit is refused at the line that passes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from soulbond.service.stories import UPLOAD_BYTES
from soulbond.yaml_tree import MAX_BYTES

# The calendar soulbond reads: wide enough for any story, narrow enough that a
# span added to a moment (a cooling-off, a delivery) never leaves Python's dates.
FIRST_YEAR = 1000
LAST_YEAR = 8999
# Losses a year at most: three a day is already a person who can keep nothing.
MAX_CAREFULNESS = 1000.0
MAX_COOLING_OFF_DAYS = 36_525.0
MAX_AGE_SPREAD_YEARS = 150
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Bounds:
    max_bytes: int = MAX_BYTES
    max_strangers: int = 1_000_000
    max_items: int = 1_000_000
    max_steps: int = 2_000_000


DEFAULT = Bounds()
UPLOAD = Bounds(max_bytes=UPLOAD_BYTES, max_strangers=200_000, max_items=5_000, max_steps=5_000)
