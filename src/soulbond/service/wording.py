"""What an item tells, from the words a registrar or player types (the scenario format's words)."""

from __future__ import annotations

from collections.abc import Iterable

from soulbond.core.errors import InvalidInput
from soulbond.core.items import Disclosure, TellsAge, TellsNote, TellsTrait
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, PHOTO

WORDS: dict[str, tuple[str, ...]] = {
    "full name": (GIVEN_NAME, FAMILY_NAME),
    "name": (GIVEN_NAME, FAMILY_NAME),
    "given name": (GIVEN_NAME,),
    "family name": (FAMILY_NAME,),
    "phone": (HANDLE,),
    "handle": (HANDLE,),
    "photo": (PHOTO,),
}
HOW_TO = "write it like 'full name', 'phone', 'age', 'age:2', 'handwriting', 'interest:rocks' or 'note:...'"


def tells_from_words(words: Iterable[str]) -> tuple[Disclosure, ...]:
    """``age`` / ``age:2``, ``full name``, ``phone``, a trait key, ``key:value``, ``note:text``."""
    told: list[Disclosure] = []
    for raw in words:
        word = raw.strip()
        key, _, value = word.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not key:
            raise InvalidInput(f"'{raw}' says nothing an item could tell; {HOW_TO}")
        if key == "age":
            if value and not value.isdigit():
                raise InvalidInput(f"'{raw}': give or take how many years? {HOW_TO}")
            told.append(TellsAge(int(value or 0)))
        elif key == "note":
            if not value:
                raise InvalidInput(f"'{raw}' is an empty note; {HOW_TO}")
            told.append(TellsNote(value))
        elif not value:
            told.extend(TellsTrait(k) for k in WORDS.get(key, (key.replace(" ", "_"),)))
        else:
            told.append(TellsTrait(key.replace(" ", "_"), value))
    return tuple(told)
