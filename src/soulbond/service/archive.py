"""A whole world in and out: import a story as a live world, export a live world as a story."""

from __future__ import annotations

from dataclasses import dataclass

from soulbond.core.errors import InvalidInput
from soulbond.service.ports import REGISTRAR, StoryBook, UnitOfWork
from soulbond.service.results import Exported, Imported
from soulbond.service.transaction import once

HEADER = "Exported by `soulbond world export`; import it with `soulbond world import FILE`."


@dataclass(frozen=True)
class ImportWorld:
    source: str
    """A shipped story's name, such as 'lost-things', or a scenario file's path."""
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def import_world(cmd: ImportWorld, uow: UnitOfWork, stories: StoryBook) -> Imported:
    """Replay the story through the laws and store its end state; the clock becomes simulated at its end."""
    story = stories.read(cmd.source)

    def run() -> Imported:
        if not uow.archive.is_empty():
            raise InvalidInput(
                "this database already holds a world; point SOULBOND_DATABASE_URL at a fresh one"
            )
        uow.archive.store(story)
        world = story.world
        return Imported(
            name=story.name,
            people=len(world.people),
            strangers=len(world.census) - len(world.people),
            items=len(world.items),
            ledger_entries=len(world.events),
            clock=story.clock_at.isoformat(),
        )

    with uow:
        imported = once(uow, "import_world", cmd, Imported, run)
        uow.commit()
        return imported


def export_world(uow: UnitOfWork, stories: StoryBook) -> Exported:
    """The live world as a scenario file that `import_world` reads back into the same state."""
    with uow:
        uow.now()  # a clear error if the database holds no world
        exported = uow.archive.export()
    return Exported(stories.write(exported, header=HEADER), exported.left_out)
