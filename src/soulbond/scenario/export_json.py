"""A replay as plain JSON: the same timeline and end state the terminal and the web page show, for tools."""

from __future__ import annotations

from typing import Any

from soulbond.scenario.replay import Replay
from soulbond.scenario.report import story_report


def replay_as_json(result: Replay) -> dict[str, Any]:
    return story_report(result, result.scenario.file).as_json
