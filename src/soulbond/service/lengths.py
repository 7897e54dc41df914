"""The longest text each field of a request may hold, the same whatever store keeps the world.

Ids and handles fit the database's ``String(200)`` columns; PostgreSQL would
refuse a longer one and SQLite would keep it, so every entry point checks
these before a use case runs, and names the field it refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

ID: Final = 200
"""A person's, an item's or an account's id, and a phone number or other handle."""
ACCOUNT_NAME: Final = 64
PASSWORD_MIN: Final = 8
PASSWORD_MAX: Final = 256
NAME: Final = 200
"""A given or family name, a trait's value."""
WRITTEN: Final = 4_000
"""Anything a person writes freely: a message, reasons, a statement, what a thing is or looks like,
how it was lost, where it is kept, a place. The command line allows the same."""
TIME_ZONE: Final = 64
IDEMPOTENCY_KEY: Final = 200
CASE_NUMBER: Final = 2**31 - 1
"""The largest case or delivery number a database integer holds."""
BODY_BYTES: Final = 64 * 1024
"""The largest request body the HTTP API reads (a story's text excepted: ``STORY``)."""
STORY: Final = 1024 * 1024
"""The most a story from someone else (pasted, uploaded, sent) may be, in bytes of UTF-8: the scenario
reader holds it to this, and a command holds its text to as many characters."""
PAGE_MAX: Final = 200
"""The most entries one page of a list holds."""
SPAN_DAYS: Final = 3650
"""The furthest one advance moves a world's clock: ten years, on every face."""
LATEST: Final = datetime(9000, 1, 1, tzinfo=UTC)
"""No world's clock runs past this moment, so that whatever falls due after it (a delivery, the end
of a cooling-off) still has a date the calendar holds."""


def unsafe_character(text: str) -> str | None:
    """A character no store keeps the same way (NUL, or half of a surrogate pair), if ``text`` has one."""
    for char in text:
        if char == "\x00" or "\ud800" <= char <= "\udfff":
            return repr(char)
    return None
