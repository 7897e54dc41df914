"""How typical is a story? A population shaped like a scenario's world, and the story's figures placed in it.

The scenario is replayed through the core (``soulbond.scenario``) to read its own
figures: for each person who finds anything, the age at which they identified
their soulmate (or that they had not by the story's end), how many things arrived
on their floor and how many people still fitted what those things told. The
simulated world has the scenario's size (its strangers and its people), its birth
years, its towns and its name culture; the laws (carefulness, the item mix by age,
mortality, the Foundation) come from a base config. Each run covers every birth
year from birth, so a simulated person of a finder's age has lived the same span
of their life as the finder when the story ends.

A finder is compared with the simulated people born in their year, give or take
one, whose soulmate was born within two years of the finder's soulmate, and who
were alive at the story's end if the finder was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from soulbond.scenario.actions import Die
from soulbond.scenario.model import Scenario
from soulbond.scenario.replay import replay
from soulbond.simulator.config import SimulationConfig, validate

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

BORN_WITHIN = 1
"""A finder's simulated peers were born this many years either side of them."""
PARTNER_WITHIN = 2
"""... and their soulmates this many years either side of the finder's soulmate."""
NEVER = 1_000_000
"""Stands for 'not identified by the end': later than any age."""


@dataclass(frozen=True)
class StoryFinder:
    """One person of the story who found something, as the story leaves them."""

    name: str
    born: date
    partner_born: date
    alive_at_end: bool
    received: int
    identified_age: int | None
    """Age at the arrival that left one candidate; None if the story ends before."""
    candidates: int
    """How many fitted what had arrived, at the last arrival."""


@dataclass(frozen=True)
class Story:
    title: str
    end: datetime
    finders: list[StoryFinder]


def _age(born: date, at: date) -> int:
    return at.year - born.year - ((at.month, at.day) < (born.month, born.day))


def story_of(scenario: Scenario) -> Story:
    """The story's own figures, read from its replay through the core."""
    result = replay(scenario)
    arrivals = [line for line in result.lines if line.kind == "arrival" and line.finder is not None]
    end = max([line.at for line in result.lines], default=scenario.start)
    partner = {a: b for a, b, _ in scenario.bonds} | {b: a for a, b, _ in scenario.bonds}
    dead = {step.person for step in scenario.events if isinstance(step, Die)}
    finders: list[StoryFinder] = []
    for who in dict.fromkeys(line.finder for line in arrivals):
        assert who is not None
        spec = scenario.people[who]
        mine = [line for line in arrivals if line.finder == who]
        first_one = next((line for line in mine if line.candidates == 1), None)
        finders.append(
            StoryFinder(
                name=f"{spec.given_name} {spec.family_name}",
                born=spec.born,
                partner_born=scenario.people[partner[who]].born,
                alive_at_end=who not in dead,
                received=len(mine),
                identified_age=None if first_one is None else _age(spec.born, first_one.at.date()),
                candidates=int(mine[-1].candidates or 0),
            )
        )
    return Story(scenario.title, end, finders)


def like_config(
    base: SimulationConfig, scenario: Scenario, story: Story, size: int | None = None
) -> SimulationConfig:
    """The base config's laws in a world of the scenario's size, birth years, towns and names."""
    people = list(scenario.people.values())
    strangers = scenario.strangers
    births = [p.born.year for p in people]
    if strangers is not None:
        births += [strangers.born_from.year, strangers.born_to.year]
    end_year = story.end.year
    first, last = min(births), min(max(births), end_year)
    counted = len(people) + (strangers.count if strangers is not None else 0)
    people_size = size if size is not None else max(2, counted + counted % 2)
    zones = Counter(p.home.tz for p in people)
    common = zones.most_common()
    weights = [n / len(people) for _, n in common]
    # Rounding must not leave the weights a hair off 1.
    weights[0] = 1 - sum(weights[1:])
    towns = [
        {"name": tz.rsplit("/", 1)[-1].replace("_", " "), "tz": tz, "weight": w}
        for (tz, _), w in zip(common, weights, strict=True)
    ]
    raw: dict[str, Any] = base.model_dump(exclude={"names"})
    names = strangers.names if strangers is not None else base.names
    if names is not None:
        # The names come from the culture's data, whatever the base config counted.
        raw["attributes"] = {
            k: v for k, v in raw["attributes"].items() if k not in ("given_name", "family_name")
        }
    raw.update(
        name=f"like {scenario.title}",
        start_year=first,
        years=end_year - first + 1,
        towns=towns,
        names=names,
    )
    # Everyone is born during the run, in the scenario's birth years, evenly (as its strangers are).
    raw["population"] = {
        **raw["population"],
        "size": people_size,
        "age_pyramid": [{"ages": [first - last, 0], "weight": 1.0}],
    }
    if raw["names"] is None:
        raw.pop("names")
    return validate(raw)


@dataclass(frozen=True)
class Figure:
    """One of a finder's figures among their simulated peers."""

    what: str
    story: float
    """NEVER for 'not identified'."""
    peers: I64
    percentile: float
    """Mid-rank: the share of peers below the story's value, plus half of those equal to it."""
    spread: tuple[float, float]
    """The lowest and highest percentile over the replications."""


@dataclass(frozen=True)
class Placement:
    finder: StoryFinder
    peers: int
    identified: Figure
    received: Figure
    candidates: Figure
    not_identified: float
    """Share of peers who had not identified their soulmate by the story's end."""


def percentile(values: I64, value: float) -> float:
    if values.size == 0:
        return float("nan")
    below = np.count_nonzero(values < value)
    equal = np.count_nonzero(values == value)
    return float(100 * (below + equal / 2) / values.size)


def _read_people(folder: Path) -> pa.Table:
    files = sorted((folder / "people").glob("part-*.parquet"))
    return pa.concat_tables(
        pq.read_table(f, columns=["born", "died", "items_received", "identified_age", "candidates"])
        for f in files
    )


def _peer_values(table: pa.Table, finder: StoryFinder, end_year: int, everyone: int) -> dict[str, I64]:
    born = table["born"].to_numpy()
    partner_born = born.reshape(-1, 2)[:, ::-1].reshape(-1)
    died = table["died"].fill_null(np.iinfo(np.int32).max).to_numpy()
    keep = (np.abs(born - finder.born.year) <= BORN_WITHIN) & (
        np.abs(partner_born - finder.partner_born.year) <= PARTNER_WITHIN
    )
    if finder.alive_at_end:
        keep &= died >= end_year
    identified = table["identified_age"].fill_null(NEVER).to_numpy().astype(np.int64)
    candidates = table["candidates"].fill_null(everyone).to_numpy().astype(np.int64)
    received = table["items_received"].to_numpy().astype(np.int64)
    return {"identified": identified[keep], "received": received[keep], "candidates": candidates[keep]}


def place(config: SimulationConfig, story: Story, folders: list[Path]) -> list[Placement]:
    """Each finder's figures among their simulated peers, pooled over the replications' tables."""
    tables = [_read_people(folder) for folder in folders]
    everyone = config.population.size
    out: list[Placement] = []
    for finder in story.finders:
        runs = [_peer_values(t, finder, story.end.year, everyone) for t in tables]
        pooled = {key: np.concatenate([r[key] for r in runs]) for key in runs[0]}
        values = {
            "identified": float(NEVER if finder.identified_age is None else finder.identified_age),
            "received": float(finder.received),
            "candidates": float(finder.candidates),
        }
        figures = {
            key: Figure(
                key,
                values[key],
                pooled[key],
                percentile(pooled[key], values[key]),
                (
                    min(percentile(r[key], values[key]) for r in runs),
                    max(percentile(r[key], values[key]) for r in runs),
                ),
            )
            for key in values
        }
        peers = pooled["identified"]
        share = float(np.count_nonzero(peers == NEVER) / peers.size) if peers.size else float("nan")
        out.append(
            Placement(
                finder,
                int(peers.size),
                figures["identified"],
                figures["received"],
                figures["candidates"],
                share,
            )
        )
    return out


def describe(story: Story, placements: list[Placement]) -> list[str]:
    """One plain paragraph per finder: the story's figures and where they fall."""
    year = story.end.year
    paragraphs: list[str] = []
    for p in placements:
        f = p.finder
        age_now = _age(f.born, story.end.date())
        if p.peers == 0:
            paragraphs.append(
                f"{f.name}: no simulated person was born near {f.born.year} with a soulmate like theirs."
            )
            continue
        if f.identified_age is None:
            when = (
                f"had not identified their soulmate when the story ends ({year}, aged {age_now}); "
                f"{100 * p.not_identified:.0f}% of their simulated peers had not either"
            )
        else:
            identified = p.identified.peers[p.identified.peers != NEVER]
            median = f"median {np.median(identified):.0f}" if identified.size else "none did"
            when = (
                f"identified their soulmate at {f.identified_age}: percentile {_pct(p.identified)} of the "
                f"ages at which peers identified theirs, those who had not by {year} counting as later "
                f"({100 * (1 - p.not_identified):.0f}% had, at a {median})"
            )
        paragraphs.append(
            f"{f.name} (born {f.born.year}, soulmate born {f.partner_born.year}; {p.peers:,} simulated peers) "
            f"{when}. They had received {f.received} item(s): percentile {_pct(p.received)} "
            f"(peers' median {np.median(p.received.peers):.0f}). {_people(f.candidates)} still fitted what "
            f"had arrived: percentile {_pct(p.candidates)} (peers' median {np.median(p.candidates.peers):,.0f})."
        )
    return paragraphs


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count:,} people"


def _pct(figure: Figure) -> str:
    low, high = figure.spread
    return f"{figure.percentile:.0f} (replications {low:.0f} to {high:.0f})"
