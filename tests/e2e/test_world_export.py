"""A live world out to a scenario file and back: `world import`, `world export`, `world import` again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from soulbond.adapters import tables
from soulbond.bootstrap import Live, bootstrap
from soulbond.cli.app import app
from soulbond.core.items import TellsAge, TellsTrait
from soulbond.service import contact, possessions, registry, views
from soulbond.settings import Settings
from tests.integration.factories import add_item, advance, drain, register

SURROGATE = {"id", "delivery", "request_id", "idempotency_key", "version", "fate_until"}
# How far fate has run is the live world's bookkeeping, not the story's: an imported file's fate
# starts where its clock reads.
KEYED = {"people", "items", "cases"}
"""Tables whose ids are the world's own names, not row numbers."""


def soulbond(url: str, *args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={"SOULBOND_DATABASE_URL": url, "COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'story.db'}"
    soulbond(url, "world", "import", "lost-things")
    live = bootstrap(Settings(database_url=url))
    yield live
    live.close()


AT_THE_START = {"registered", "bonded", "item added"}
"""A file registers everyone, and adds what exists from the start, two days before its
earliest birth or event; people registered later can move that moment."""


def normalised(live: Live) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, as stored, without row numbers or the moment the world began, in order."""
    dumped = {}
    with live.engine.connect() as connection:
        for table in tables.metadata.sorted_tables:
            columns = []
            for c in table.c:
                if (c.name in SURROGATE and not (c.name == "id" and table.name in KEYED)) or (
                    table.name == "bonds" and c.name == "since"
                ):
                    continue
                column = f'"{c.name}"'
                if table.name == "ledger" and c.name == "at":
                    starts = ", ".join(f"'{kind}'" for kind in sorted(AT_THE_START))
                    column = f"CASE WHEN kind IN ({starts}) THEN NULL ELSE at END"
                columns.append(column)
            order = ", ".join(str(n + 1) for n in range(len(columns)))
            query = f'SELECT {", ".join(columns)} FROM "{table.name}" ORDER BY {order}'
            dumped[table.name] = [tuple(row) for row in connection.exec_driver_sql(query)]
    return dumped


def candidates(live: Live) -> dict[str, tuple[int | None, bool]]:
    with live.engine.connect() as connection:
        people = connection.execute(select(tables.people.c.id).where(tables.people.c.stranger.is_(False)))
        ids = sorted(people.scalars())
    counts = {}
    for person in ids:
        known = views.knowledge_view(views.ForPerson(person), live.uow())
        counts[person] = (known.candidates, known.identified)
    return counts


def test_importing_the_reference_story_gives_its_end_state(imported: Live) -> None:
    with imported.engine.connect() as connection:
        items = {row.id: row for row in connection.execute(select(tables.items))}
    assert (items["folder"].where, items["folder"].person) == ("held", "iruka")
    assert (items["obsidian"].where, items["obsidian"].person) == ("held", "kakashi")
    assert "pocket" in items["obsidian"].how
    assert (items["watch"].where, items["watch"].person) == ("held", "iruka")
    counts = candidates(imported)
    assert counts["kakashi"] == (1, True)
    kakashi_count, iruka_identified = counts["iruka"]
    assert not iruka_identified and kakashi_count is not None and kakashi_count > 1


def test_an_exported_world_imports_back_into_the_same_state(imported: Live, tmp_path: Path) -> None:
    story = tmp_path / "exported.yaml"
    soulbond(str(imported.engine.url), "world", "export", "--out", str(story))
    assert "kakashi" in story.read_text(encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'again.db'}"
    soulbond(url, "world", "import", str(story))
    again = bootstrap(Settings(database_url=url))
    try:
        assert normalised(again) == normalised(imported)
        assert candidates(again) == candidates(imported)
    finally:
        again.close()


def test_export_of_a_database_without_a_world_says_what_to_do_and_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(
        app, ["world", "export", "--out", str(tmp_path / "out.yaml")], env={"SOULBOND_DATABASE_URL": url}
    )
    assert result.exit_code == 1
    assert "soulbond db upgrade" in result.output
    assert not (tmp_path / "out.yaml").exists()


UMBRELLA = """
title: The umbrella
people:
  mika:
    name: Mika Sato
    born: 1996-04-02
    home: {place: Osaka, tz: Asia/Tokyo, wakes: "06:30"}
    phone: "+81 90 1111 2222"
    traits: {interest: [rocks]}
  jonas:
    name: Jonas Berg
    born: 1994-11-20
    home: {place: Oslo, tz: Europe/Oslo, wakes: "07:15"}
    phone: "+47 400 00 000"
bonds:
  - [mika, jonas]
items:
  umbrella:
    owner: mika
    what: a red umbrella with her name inked on the handle
    tells: [given name]
timeline:
  - when: 2024-06-01 18:00
    lose: umbrella
  - {when: 2024-06-02 08:00, keep: umbrella, by: jonas, where: by the front door}
"""


def test_what_the_use_cases_did_after_an_import_survives_export_and_import(tmp_path: Path) -> None:
    story = tmp_path / "umbrella.yaml"
    story.write_text(UMBRELLA, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'live.db'}"
    soulbond(url, "world", "import", str(story))
    live = bootstrap(Settings(database_url=url))
    try:
        register(live, "gai", family="Maito", interest="training")
        advance(live, timedelta(hours=5))
        registry.move(registry.Move("jonas", "Bergen", "Europe/Oslo", time(6, 0)), live.uow())
        registry.change_traits(
            registry.ChangeTraits("mika", {"interest": frozenset({"rocks", "dogs"})}), live.uow()
        )
        add_item(live, "mika", "rock", TellsTrait("interest"), TellsAge(1))
        advance(live, timedelta(days=3))
        possessions.report_loss(possessions.ReportLoss("mika", "rock", "fell out of a pocket"), live.uow())
        advance(live, timedelta(days=1))
        drain(live)
        possessions.keep(possessions.FinderAct("jonas", "rock", "on the windowsill"), live.uow())
        contact.send_message(
            contact.SendMessage("jonas", "+81 90 1111 2222", "Is this your rock?"), live.uow()
        )
        contact.block(contact.BlockHandle("mika", "+47 400 00 000"), live.uow())
        exported = tmp_path / "exported.yaml"
        soulbond(url, "world", "export", "--out", str(exported))
        again_url = f"sqlite:///{tmp_path / 'again.db'}"
        soulbond(again_url, "world", "import", str(exported))
        again = bootstrap(Settings(database_url=again_url))
        try:
            assert normalised(again) == normalised(live)
            assert candidates(again) == candidates(live)
        finally:
            again.close()
    finally:
        live.close()
