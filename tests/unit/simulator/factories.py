"""Small configurations for simulator tests, built from the shipped village."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from soulbond.simulator.config import SimulationConfig, validate


def village_raw() -> dict[str, Any]:
    text = (resources.files("soulbond.simulator") / "configs" / "village.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return raw


def make_config(size: int = 400, years: int = 20, **changes: Any) -> SimulationConfig:
    raw = village_raw()
    raw["years"] = years
    raw["population"]["size"] = size
    raw.update(changes)
    return validate(raw)
