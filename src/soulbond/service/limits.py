"""How long a command's words may be, checked before any use case runs.

A name, id or handle fits a database column of 200 characters; anything a
person writes (a message, reasons, a description) fits on a page of 4,000.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from soulbond.core.errors import InvalidInput

SHORT = 200
LONG = 4_000
WRITTEN = frozenset({"text", "reasons", "how", "where", "description", "looks", "what", "place"})
"""Fields a person writes freely; every other text field is a name, an id or a handle."""


def check(command: Any) -> None:
    """Refuse a command with an empty id or a text longer than its limit, saying which."""
    if not is_dataclass(command):
        return
    for f in fields(command):
        value = getattr(command, f.name)
        if not isinstance(value, str):
            continue
        limit = LONG if f.name in WRITTEN else SHORT
        if len(value) > limit:
            raise InvalidInput(
                f"the {f.name.replace('_', ' ')} is {len(value):,} characters long; at most {limit:,} fit"
            )
