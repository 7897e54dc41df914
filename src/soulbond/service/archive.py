"""A whole world in and out: import a story as a live world, export a live world as a story."""

from __future__ import annotations

from dataclasses import dataclass, replace

from soulbond.core.errors import InvalidInput
from soulbond.service.ports import REGISTRAR, ImportedStory, StoryBook, UnitOfWork
from soulbond.service.results import Exported, Imported
from soulbond.service.stories import story_name
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


@dataclass(frozen=True)
class ImportStory:
    story: str
    """A scenario's text, such as an uploaded file's; read within the bounds for strangers' files."""
    name: str = "story.yaml"
    """The file's name, only shown (``stories.story_name`` makes it safe)."""
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def import_world(cmd: ImportWorld, uow: UnitOfWork, stories: StoryBook) -> Imported:
    """Replay the story through the laws and store its end state; the clock becomes simulated at its end."""
    return _import(uow, "import_world", cmd, stories.read(cmd.source))


def import_story(cmd: ImportStory, uow: UnitOfWork, stories: StoryBook) -> Imported:
    """``import_world`` for a story's text rather than a file on the server (an upload)."""
    cmd = replace(cmd, name=story_name(cmd.name))
    return _import(uow, "import_story", cmd, stories.read_text(cmd.story, cmd.name))


def _import(uow: UnitOfWork, use_case: str, cmd: ImportWorld | ImportStory, story: ImportedStory) -> Imported:
    with uow:
        imported = once(uow, use_case, cmd, Imported, lambda: _store(story, uow))
        uow.commit()
        return imported


def _store(story: ImportedStory, uow: UnitOfWork) -> Imported:
    if not uow.archive.is_empty():
        raise InvalidInput("this database already holds a world; point SOULBOND_DATABASE_URL at a fresh one")
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


def export_world(uow: UnitOfWork, stories: StoryBook) -> Exported:
    """The live world as a scenario file that `import_world` reads back into the same state."""
    with uow:
        uow.now()  # a clear error if the database holds no world
        exported = uow.archive.export()
    return Exported(stories.write(exported, header=HEADER), exported.left_out)
