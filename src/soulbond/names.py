"""Given and family names as common as they are in a real population.

The frequencies come from Faker's person providers (the ``faker`` package, MIT
licence), one per locale such as ``ja_JP`` or ``en_US``: where a locale lists a
name with a weight (how many people carry it, or its share of them) the weight
is used as it stands; where it lists names alone, they count as equally common.
A name listed twice (two spellings with one romanisation) adds up. Faker lists
only a locale's common names, so every stranger carries one of them and a name
tells a finder a little less than it would in a real population, never more.

Loading a locale imports part of Faker (a quarter of a second), so it happens
only when strangers are drawn, once per process.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DEFAULT_CULTURE = "en_US"
"""The name culture of a population that does not choose one."""


class UnknownCulture(ValueError):
    """A name culture Faker has no person names for."""


@dataclass(frozen=True)
class Names:
    """Names and their weights, most common first."""

    names: tuple[str, ...]
    weights: tuple[float, ...]

    def shares(self) -> list[float]:
        total = sum(self.weights)
        return [w / total for w in self.weights]


@dataclass(frozen=True)
class NameFrequencies:
    culture: str
    given: Names
    family: Names


def cultures() -> list[str]:
    """Every locale Faker has person names for, without importing Faker."""
    spec = importlib.util.find_spec("faker")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a pinned dependency
        return []
    folder = Path(next(iter(spec.submodule_search_locations))) / "providers" / "person"
    return sorted(p.name for p in folder.iterdir() if (p / "__init__.py").is_file())


def check_culture(culture: str) -> str:
    """``culture`` if Faker has person names for it, else a clear error naming some that it has."""
    known = cultures()
    if culture not in known:
        near = [c for c in known if c.split("_")[0] == culture.split("_")[0]] or ["en_US", "ja_JP", "de_DE"]
        raise UnknownCulture(f"no name data for '{culture}'; use a locale such as {', '.join(near[:6])}")
    return culture


@cache
def name_frequencies(culture: str) -> NameFrequencies:
    """The given and family names of ``culture`` with how common each is."""
    check_culture(culture)
    provider: Any = importlib.import_module(f"faker.providers.person.{culture}").Provider
    given = _first(provider, "first_romanized_names", "first_names")
    family = _family(provider)
    return NameFrequencies(culture, _weighted(given), _weighted(family))


def _first(provider: Any, *names: str) -> Any:
    return next(getattr(provider, name) for name in names if getattr(provider, name, None))


def _family(provider: Any) -> Any:
    pairs = getattr(provider, "last_name_pairs", None)
    if isinstance(pairs, Mapping):
        # (written, kana, romanised) with a weight: the story's names are romanised.
        return {pair[-1]: weight for pair, weight in pairs.items()}
    return _first(provider, "last_romanized_names", "last_names")


def _weighted(source: Mapping[str, float] | Iterable[str]) -> Names:
    weights: dict[str, float] = {}
    pairs = source.items() if isinstance(source, Mapping) else ((name, 1.0) for name in source)
    for name, weight in pairs:
        if isinstance(name, str) and name.strip() and float(weight) > 0:
            weights[name] = weights.get(name, 0.0) + float(weight)
    ranked = sorted(weights.items(), key=lambda pair: (-pair[1], pair[0]))
    return Names(tuple(n for n, _ in ranked), tuple(w for _, w in ranked))
