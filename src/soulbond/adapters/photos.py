"""Photos of possessions (the ``PhotoStore`` port): in the database, or in memory for tests."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, delete, insert, select

from soulbond.adapters import tables as t
from soulbond.adapters.errors import translated
from soulbond.service.photos import Photo


class SqlPhotoStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, photo: Photo) -> None:
        with translated(), self.engine.begin() as connection:
            connection.execute(delete(t.photos).where(t.photos.c.item == photo.item))
            connection.execute(
                insert(t.photos).values(
                    item=photo.item,
                    owner=photo.owner,
                    media_type=photo.media_type,
                    content=photo.content,
                    added=photo.added,
                )
            )

    def get(self, item: str) -> Photo | None:
        with translated(), self.engine.connect() as connection:
            row = connection.execute(select(t.photos).where(t.photos.c.item == item)).first()
        if row is None:
            return None
        return Photo(row.item, row.owner, row.media_type, bytes(row.content), row.added)

    def items_of(self, owner: str) -> set[str]:
        with translated(), self.engine.connect() as connection:
            query = select(t.photos.c.item).where(t.photos.c.owner == owner)
            return set(connection.execute(query).scalars())


class MemoryPhotoStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._photos: dict[str, Photo] = {}

    def put(self, photo: Photo) -> None:
        with self._lock:
            self._photos[photo.item] = photo

    def get(self, item: str) -> Photo | None:
        return self._photos.get(item)

    def items_of(self, owner: str) -> set[str]:
        return {item for item, photo in self._photos.items() if photo.owner == owner}
