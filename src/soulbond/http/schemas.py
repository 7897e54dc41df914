"""What requests carry and lists return: Pydantic models with every length documented and checked."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from soulbond.service import lengths


def _storable(text: str) -> str:
    bad = lengths.unsafe_character(text)
    if bad is not None:
        raise ValueError(f"contains {bad}, which cannot be stored")
    return text


Id = Annotated[str, AfterValidator(_storable), Field(min_length=1, max_length=lengths.ID)]
Handle = Annotated[
    str,
    AfterValidator(_storable),
    Field(min_length=1, max_length=lengths.ID, description="A phone number or other handle."),
]
Name = Annotated[str, AfterValidator(_storable), Field(max_length=lengths.NAME)]
Written = Annotated[str, AfterValidator(_storable), Field(max_length=lengths.WRITTEN)]
Number = Annotated[int, Field(ge=1, le=lengths.CASE_NUMBER)]
IdempotencyKey = Annotated[
    str | None,
    Field(
        max_length=lengths.IDEMPOTENCY_KEY,
        description="Send the same request again with the same key and it happens once; "
        "reuse a key for a different request and it is refused.",
    ),
]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


AccountName = Annotated[
    str, AfterValidator(_storable), Field(min_length=1, max_length=lengths.ACCOUNT_NAME, pattern=r"^\S+$")
]


class Credentials(Body):
    name: AccountName
    password: Annotated[
        str,
        AfterValidator(_storable),
        Field(min_length=lengths.PASSWORD_MIN, max_length=lengths.PASSWORD_MAX),
    ]


class NewPossession(Body):
    item: Id
    description: Annotated[Written, Field(min_length=1)]
    looks: Written = ""
    tells: Annotated[list[Annotated[Name, Field(min_length=1)]], Field(max_length=20)] = []
    """What it tells whoever finds it, in the scenario format's words: 'full name', 'phone', 'age',
    'age:2', 'handwriting', 'interest:rocks', 'note:...'."""


class Loss(Body):
    how: Written = ""


class Keeping(Body):
    where: Written = ""


class Gift(Body):
    to: Id


class Message(Body):
    to_handle: Handle
    text: Annotated[Written, Field(min_length=1)]


class HandleBody(Body):
    handle: Handle


class Application(Body):
    reasons: Annotated[Written, Field(min_length=1)]
    jointly: bool = False


class CaseText(Body):
    text: Written = ""


class Decision(Body):
    approve: bool
    reasons: Written


class Hiring(Body):
    person: Id
    senior: bool = False


class TraitValues(Body):
    key: Annotated[str, AfterValidator(_storable), Field(min_length=1, max_length=lengths.ID)]
    values: Annotated[list[Annotated[Name, Field(min_length=1)]], Field(max_length=20)]


class NewPerson(Body):
    id: Id
    given_name: Annotated[Name, Field(min_length=1)]
    family_name: Annotated[Name, Field(min_length=1)]
    born: Annotated[date, Field(ge=date(1800, 1, 1), le=date(2200, 12, 31))]
    place: Annotated[Written, Field(min_length=1)]
    tz: Annotated[str, Field(min_length=1, max_length=lengths.TIME_ZONE)]
    wakes: time = time(7, 0)
    carefulness: Annotated[float, Field(ge=0, le=1000)] = 1.0
    traits: Annotated[list[TraitValues], Field(max_length=50)] = []
    soulmate: Id | None = None


class Appointment(Body):
    person: Id


class Bond(Body):
    first: Id
    second: Id


class NewHome(Body):
    place: Annotated[Written, Field(min_length=1)]
    tz: Annotated[str, Field(min_length=1, max_length=lengths.TIME_ZONE)]
    wakes: time = time(7, 0)


class Traits(Body):
    traits: Annotated[list[TraitValues], Field(min_length=1, max_length=50)]


class Placement(Body):
    place: Annotated[Written, Field(min_length=1)]


class ClockSetting(Body):
    at: datetime | None
    """A moment with its offset, for a simulated clock; null for the real clock."""


class StoryName(Body):
    story: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """A story shipped with soulbond, such as 'lost-things' (files on the server are not read)."""


class StoryText(Body):
    story: Annotated[str, AfterValidator(_storable), Field(min_length=1, max_length=lengths.STORY)]
    """The scenario file's text (YAML, as docs/scenarios.md describes it), at most 1 MiB."""
    name: Annotated[str, Field(max_length=lengths.ID)] = "story.yaml"
    """The file's name, shown in messages and the import's answer; nothing is read or written by it."""


class ClockStep(Body):
    days: Annotated[int, Field(ge=0, le=3650)] = 0
    hours: Annotated[int, Field(ge=0, le=24 * 3650)] = 0
    minutes: Annotated[int, Field(ge=0, le=60 * 24 * 3650)] = 0


class AccountLink(Body):
    role: Literal["person", "caseworker", "director", "registrar"]
    person: Id | None = None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit`` of them, out of ``total``."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next_offset: int | None
    """Where the next page starts, or null on the last one."""


def page(entries: list[T], limit: int, offset: int) -> Page[T]:
    chosen = entries[offset : offset + limit]
    following = offset + limit if offset + limit < len(entries) else None
    return Page[T](items=chosen, total=len(entries), limit=limit, offset=offset, next_offset=following)


Limit = Annotated[int, Field(ge=1, le=lengths.PAGE_MAX, description="How many entries per page.")]
Offset = Annotated[int, Field(ge=0, le=10_000_000, description="How many entries to skip.")]


class KnownPage(BaseModel):
    """What the things a person found told them (a page of it), and how many people still fit."""

    candidates: int
    identified: bool
    facts: Page[str]
