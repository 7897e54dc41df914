"""Scenarios shipped with soulbond, found by name."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from soulbond.scenario.errors import ScenarioError


def shipped() -> list[str]:
    folder = resources.files("soulbond.scenario") / "library"
    return sorted(
        entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml")
    )


def resolve(name_or_path: str) -> tuple[Path, str]:
    """A path to a scenario file and the name to call it by in messages."""
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return path, name_or_path
    if name_or_path in shipped():
        found = resources.files("soulbond.scenario") / "library" / f"{name_or_path}.yaml"
        return Path(str(found)), name_or_path
    names = ", ".join(shipped())
    raise ScenarioError(
        name_or_path, None, f"no such file, and no shipped scenario by that name (shipped: {names})"
    )
