"""Story files for a live world: the story `world import` replays, the file `world export` writes.

Bootstrap hands this to the service as its ``StoryBook`` port, so the service
never reads or writes the scenario format itself.
"""

from __future__ import annotations

from typing import Any

from soulbond.core.errors import InvalidInput
from soulbond.core.people import Home
from soulbond.scenario.errors import ScenarioError
from soulbond.scenario.library import resolve
from soulbond.scenario.parse import load_scenario
from soulbond.scenario.replay import replay
from soulbond.scenario.writing import dump, home, home_history, strangers_entry, strangers_json, tells, when
from soulbond.service.ports import ExportedPerson, ExportedWorld, ImportedStory


class StoryFiles:
    def read(self, source: str) -> ImportedStory:
        try:
            path, name = resolve(source)
            result = replay(load_scenario(path, name=name))
        except ScenarioError as exc:
            raise InvalidInput(str(exc)) from None
        if not result.ok:
            raise InvalidInput(f"{name} contradicts the laws; run `soulbond check {source}`")
        story = result.scenario
        assert result.world.now is not None
        return ImportedStory(
            name=name,
            title=story.title,
            world=result.world,
            clock_at=result.world.now,
            homes=home_history(story),
            strangers=strangers_json(story.strangers) if story.strangers else None,
            # A story's own seed, so that importing it twice gives two worlds with the same fate.
            seed=story.strangers.seed if story.strangers else 0,
        )

    def write(self, exported: ExportedWorld, *, header: str) -> str:
        document: dict[str, Any] = {"title": exported.title}
        settings: dict[str, Any] = {}
        if exported.strangers:
            settings["strangers"] = strangers_entry(exported.strangers)
        if exported.director:
            settings["director"] = exported.director
        settings["cooling_off_days"] = exported.cooling_off_days
        document["world"] = settings
        document["people"] = {p.id: _person(p) for p in exported.people}
        if exported.bonds:
            document["bonds"] = [list(pair) for pair in exported.bonds]
        if exported.items:
            document["items"] = {
                item.id: {
                    "owner": item.owner,
                    "what": item.what,
                    **({"looks": item.looks} if item.looks else {}),
                    **({"tells": tells(item.tells)} if tells(item.tells) else {}),
                    **(
                        {"suggests": tells(item.tells, carried=True)}
                        if tells(item.tells, carried=True)
                        else {}
                    ),
                    **({"since": when(item.since)} if item.since is not None else {}),
                }
                for item in exported.items
            }
        document["timeline"] = [
            {"when": when(entry.at), **{key: _value(v) for key, v in entry.fields.items()}}
            for entry in exported.timeline
        ]
        return dump(document, header=header)


def _person(p: ExportedPerson) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": p.name,
        "born": p.born,
        "home": home(p.home),
        "carefulness": p.carefulness,
    }
    if p.phone is not None:
        spec["phone"] = p.phone
    if p.traits:
        spec["traits"] = p.traits
    if p.knows:
        spec["knows"] = p.knows
    return spec


def _value(value: Any) -> Any:
    return home(value) if isinstance(value, Home) else value
