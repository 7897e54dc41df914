"""Photos of possessions: checked by their first bytes and size, kept for whoever added them only."""

from __future__ import annotations

import pytest

from soulbond.core.errors import InvalidInput, ItemNotThere
from soulbond.service import photos, possessions
from tests.integration.factories import add_item, make_pair
from tests.integration.peek import AnyLive

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 32


def test_a_photo_is_kept_for_the_person_who_added_it_and_shown_to_no_one_else(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, iruka, "folder")
    photos.add_photo(photos.AddPhoto(iruka, "folder", PNG), live.uow(), live.photos())
    mine = photos.photo_of(photos.PhotoOf(iruka, "folder"), live.photos())
    assert (mine.media_type, mine.content) == ("image/png", PNG)
    assert photos.photographed(iruka, live.photos()) == {"folder"}
    with pytest.raises(photos.NoSuchPhoto):
        photos.photo_of(photos.PhotoOf(kakashi, "folder"), live.photos())
    # Once it is lost and found, its finder still sees no photo of it.
    possessions.report_loss(possessions.ReportLoss(iruka, "folder"), live.uow())
    with pytest.raises(photos.NoSuchPhoto):
        photos.photo_of(photos.PhotoOf(kakashi, "folder"), live.photos())


def test_only_the_holder_may_add_a_photo_of_a_thing(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, iruka, "folder")
    with pytest.raises(ItemNotThere):
        photos.add_photo(photos.AddPhoto(kakashi, "folder", PNG), live.uow(), live.photos())
    assert photos.photographed(kakashi, live.photos()) == set()


@pytest.mark.parametrize(
    "content, refused",
    [
        (b"", "empty"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "not a PNG, JPEG, GIF or WebP image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * photos.PHOTO_BYTES, "at most 1,048,576 are kept"),
    ],
)
def test_a_photo_is_refused_unless_its_first_bytes_say_image_and_it_is_small_enough(
    content: bytes, refused: str
) -> None:
    with pytest.raises(InvalidInput, match=refused):
        photos.media_type_of(content)


def test_each_kind_of_image_is_told_by_its_first_bytes() -> None:
    assert photos.media_type_of(PNG) == "image/png"
    assert photos.media_type_of(b"\xff\xd8\xff\xe0" + b"\x00" * 8) == "image/jpeg"
    assert photos.media_type_of(b"GIF89a" + b"\x00" * 8) == "image/gif"
    assert photos.media_type_of(WEBP) == "image/webp"
