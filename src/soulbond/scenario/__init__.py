"""Scenarios: a story's timeline as a file, replayed and checked against the laws."""

from soulbond.scenario.errors import ScenarioError
from soulbond.scenario.library import resolve
from soulbond.scenario.parse import load_scenario
from soulbond.scenario.replay import Replay, replay

__all__ = ["Replay", "ScenarioError", "load_scenario", "replay", "resolve"]
