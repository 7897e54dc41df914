"""The registrar imports a story's text (an upload) as a live world; a broken story stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from soulbond.bootstrap import bootstrap
from soulbond.core.errors import InvalidInput
from soulbond.scenario.live import StoryFiles
from soulbond.service import archive
from soulbond.service.errors import StoryUnreadable
from soulbond.settings import Settings

ROOT = Path(__file__).parents[2]


def test_a_story_text_imports_as_a_live_world_and_a_broken_or_hostile_one_stores_nothing(
    tmp_path: Path,
) -> None:
    live = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'world.db'}"))
    live.upgrade()
    book = StoryFiles()
    try:
        broken = (ROOT / "tests" / "fixtures" / "broken" / "two-places.yaml").read_text(encoding="utf-8")
        with pytest.raises(InvalidInput, match=r"two-places\.yaml contradicts the laws \(2 contradictions\)"):
            archive.import_story(archive.ImportStory(broken, "two-places.yaml"), live.uow(), book)
        bomb = (ROOT / "tests" / "fixtures" / "hostile" / "alias-bomb.yaml").read_text(encoding="utf-8")
        with pytest.raises(StoryUnreadable, match="line 8: aliases repeat"):
            archive.import_story(archive.ImportStory(bomb, "bomb.yaml"), live.uow(), book)
        with live.uow() as uow:
            assert uow.archive.is_empty()
        text = (ROOT / "src" / "soulbond" / "scenario" / "library" / "the-foundation.yaml").read_text(
            encoding="utf-8"
        )
        done = archive.import_story(archive.ImportStory(text, "my/the-foundation.yaml"), live.uow(), book)
        assert (done.name, done.people) == ("the-foundation.yaml", 4)
        with live.uow() as uow:
            assert not uow.archive.is_empty()
    finally:
        live.close()
