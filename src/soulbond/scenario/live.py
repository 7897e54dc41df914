"""Story files for a live world: the story `world import` replays, the file `world export` writes.

Bootstrap hands this to the service as its ``StoryBook`` port, so the service
never reads or writes the scenario format itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from soulbond.core.errors import InvalidInput
from soulbond.core.people import Home
from soulbond.scenario.bounds import UPLOAD
from soulbond.scenario.errors import ScenarioError
from soulbond.scenario.library import resolve, shipped
from soulbond.scenario.parse import load_scenario, parse_scenario
from soulbond.scenario.replay import Replay, replay
from soulbond.scenario.report import story_report
from soulbond.scenario.writing import dump, home, home_history, strangers_entry, strangers_json, tells, when
from soulbond.service.errors import StoryUnreadable, UnknownStory
from soulbond.service.ports import ExportedPerson, ExportedWorld, ImportedStory
from soulbond.service.story_report import ShippedStory, StoryReport


class StoryFiles:
    def read(self, source: str) -> ImportedStory:
        try:
            path, name = resolve(source)
            result = replay(load_scenario(path, name=name))
        except ScenarioError as exc:
            raise _unreadable(exc) from None
        return _importable(result, name, f"run `soulbond check {source}`")

    def read_text(self, text: str, name: str) -> ImportedStory:
        result = _replayed_text(text, name)
        return _importable(result, name, "check it on the writers' page")

    def shipped(self) -> list[ShippedStory]:
        return list(_shipped_stories())

    def report_shipped(self, name: str) -> StoryReport:
        if name not in shipped():
            raise UnknownStory(f"no story called '{name}' is shipped; shipped: {', '.join(shipped())}")
        path, _ = resolve(name)
        try:
            return story_report(replay(load_scenario(path, name=name)), name)
        except ScenarioError as exc:  # pragma: no cover - the shipped stories are checked by their tests
            raise _unreadable(exc) from None

    def report_text(self, text: str, name: str) -> StoryReport:
        return story_report(_replayed_text(text, name), name)

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


def _replayed_text(text: str, name: str) -> Replay:
    try:
        return replay(parse_scenario(text, name, bounds=UPLOAD))
    except ScenarioError as exc:
        raise _unreadable(exc) from None


def _unreadable(exc: ScenarioError) -> StoryUnreadable:
    return StoryUnreadable(str(exc), line=exc.line, problem=exc.problem)


def _importable(result: Replay, name: str, hint: str) -> ImportedStory:
    if not result.ok:
        count = len(result.contradictions)
        raise InvalidInput(
            f"{name} contradicts the laws ({count} contradiction{'s' if count != 1 else ''}); {hint}"
        )
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


@cache
def _shipped_stories() -> tuple[ShippedStory, ...]:
    found = []
    for name in shipped():
        story = load_scenario(resolve(name)[0], name=name)
        found.append(ShippedStory(name, story.title, story.summary))
    return tuple(found)


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
