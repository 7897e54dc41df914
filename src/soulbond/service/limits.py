"""How long a command's words may be, checked before any use case runs, the same whatever the store.

A name, id or handle fits a database column of 200 characters; anything a
person writes (a message, reasons, a description) fits on a page of 4,000;
an idempotency key and a time zone have their own limits (``lengths``).
SQLite would keep a longer text, PostgreSQL would refuse it with a message
about a column: so the service refuses it first, on every store, and names
the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from soulbond.core.errors import InvalidInput
from soulbond.service import lengths

SHORT = lengths.ID
LONG = lengths.WRITTEN
WRITTEN = frozenset({"text", "reasons", "how", "where", "description", "looks", "what", "place", "note"})
"""Fields a person writes freely; every other text field is a name, an id or a handle."""
NUMBERED = frozenset({"case", "delivery"})
"""Fields holding a case's or a delivery's number, which a database integer must hold."""
_OWN_LIMIT = {
    "idempotency_key": lengths.IDEMPOTENCY_KEY,
    "story": lengths.STORY,
    "tz": lengths.TIME_ZONE,
    "password": lengths.PASSWORD_MAX,
}


def check(command: Any) -> None:
    """Refuse a command with a text too long to keep, a character no store keeps, or a number out of range.

    Every field is looked at, and inside it every trait, tell and nested
    record; the refusal names the field (``the given name is ...``).
    """
    if not is_dataclass(command) or isinstance(command, type):
        return
    for f in fields(command):
        _check_value(f.name, f.name.replace("_", " "), getattr(command, f.name))


def _check_value(field: str, label: str, value: Any) -> None:
    if isinstance(value, str):
        _check_text(field, label, value)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if field in NUMBERED and not 0 <= value <= lengths.CASE_NUMBER:
            raise InvalidInput(f"the {label} is {value:,}; numbers run from 1 to {lengths.CASE_NUMBER:,}")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"the {label} is {value}; give a finite number")
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            if isinstance(key, str):
                _check_text("trait", f"{label} key", key)
            _check_value("trait", f"{label} '{str(key)[:40]}'", inner)
    elif isinstance(value, list | tuple | set | frozenset):
        for inner in value:
            _check_value(field, label, inner)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            _check_value(f.name, f"{label} {f.name.replace('_', ' ')}", getattr(value, f.name))


def _check_text(field: str, label: str, value: str) -> None:
    limit = _OWN_LIMIT.get(field, LONG if field in WRITTEN else SHORT)
    if len(value) > limit:
        raise InvalidInput(f"the {label} is {len(value):,} characters long; at most {limit:,} fit")
    bad = lengths.unsafe_character(value)
    if bad is not None:
        raise InvalidInput(f"the {label} holds the character {bad}, which no store keeps; leave it out")
