"""Photos of possessions: what a thing looks like, kept for the person who added it and shown to no one else.

A photo is checked before anything is kept: at most ``PHOTO_BYTES``, and an
image by its first bytes (PNG, JPEG, GIF or WebP), whatever name or type the
upload claims. Only the person who holds a thing may add its photo; only the
person who added it is ever shown it (a finder learns what is on a thing,
never its owner's picture of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Protocol

from soulbond.core.errors import InvalidInput, ItemNotThere, NotFound
from soulbond.core.items import ItemId
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.results import Done
from soulbond.service.transaction import look

PHOTO_BYTES: Final = 1024 * 1024
"""The largest photo kept: 1 MiB."""

# The first bytes of each kind of image kept, and its media type.
SIGNATURES: Final = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


class NoSuchPhoto(NotFound):
    pass


@dataclass(frozen=True)
class Photo:
    item: str
    owner: str
    media_type: str
    content: bytes
    added: datetime


class PhotoStore(Protocol):
    """Where photos are kept: beside the world, in the same database."""

    def put(self, photo: Photo) -> None:
        """Keeps ``photo``, in place of any photo of the same item."""
        ...

    def get(self, item: str) -> Photo | None: ...

    def items_of(self, owner: str) -> set[str]:
        """The items ``owner`` added photos of."""
        ...


def media_type_of(content: bytes) -> str:
    """The image's media type, read from its first bytes; refuses anything else, and anything too large."""
    if not content:
        raise InvalidInput("the photo is empty: choose an image file")
    if len(content) > PHOTO_BYTES:
        raise InvalidInput(f"the photo is {len(content):,} bytes; at most {PHOTO_BYTES:,} are kept")
    for signature, media_type in SIGNATURES:
        if content.startswith(signature):
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    raise InvalidInput("that file is not a PNG, JPEG, GIF or WebP image")


@dataclass(frozen=True)
class AddPhoto:
    person: str
    item: str
    content: bytes


@dataclass(frozen=True)
class Holds:
    holds: bool


def add_photo(cmd: AddPhoto, uow: UnitOfWork, photos: PhotoStore) -> Done:
    media_type = media_type_of(cmd.content)
    person, item = PersonId(cmd.person), ItemId(cmd.item)

    def see(world: World, at: datetime) -> Holds:
        world.person(person)
        return Holds(item in world.items and world.holder_of(item) == person)

    if not look(uow, Wanted(people={person}, items={item}), see, asker=cmd.person).holds:
        raise ItemNotThere(f"'{cmd.item}' is not with you, so you cannot add its photo")
    with uow:
        added = uow.now()
    photos.put(Photo(cmd.item, cmd.person, media_type, cmd.content, added))
    return Done(f"a photo of '{cmd.item}' is kept")


@dataclass(frozen=True)
class PhotoOf:
    person: str
    item: str


def photo_of(query: PhotoOf, photos: PhotoStore) -> Photo:
    """The photo, for the person who added it; anyone else is told there is none."""
    found = photos.get(query.item)
    if found is None or found.owner != query.person:
        raise NoSuchPhoto(f"you keep no photo of '{query.item}'")
    return found


def photographed(person: str, photos: PhotoStore) -> set[str]:
    return photos.items_of(person)
