"""The simulation's configuration: one typed model of the YAML file, checked on load.

Every problem is reported as one ``ConfigError`` whose message names the key
(``foundation.application_rate``) and says what is wrong with it, so the CLI can
print it and exit 2 without a traceback.
"""

from __future__ import annotations

import math
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from soulbond.names import UnknownCulture, name_frequencies
from soulbond.simulator.kinds import AGE, BUILT_IN_KINDS, CATEGORICAL_TRAITS, TRAITS, KindTells
from soulbond.yaml_tree import YamlRefused, read_tree, size_problem

SUM_TOLERANCE = 1e-6
NAME_KEYS = ("given_name", "family_name")
MAX_AGE = 120
MAX_YEARS = 300
# A config is a page of settings (the shipped ones are about 2 kB); a megabyte is far past any real one.
MAX_CONFIG_BYTES = 1024 * 1024

NonNegative = Annotated[float, Field(ge=0)]
Probability = Annotated[float, Field(ge=0, le=1)]


class ConfigError(ValueError):
    """A configuration that cannot be simulated; the message names the key."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _sums_to_one(weights: list[float], what: str) -> None:
    total = math.fsum(weights)
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"{what} must sum to 1, but they sum to {total:g}")


class AgeBand(Strict):
    ages: tuple[int, int]
    weight: Probability

    @field_validator("ages")
    @classmethod
    def _ordered(cls, ages: tuple[int, int]) -> tuple[int, int]:
        low, high = ages
        if not -MAX_YEARS < low <= high <= MAX_AGE:
            raise ValueError(
                f"an age band must be two ages -{MAX_YEARS} < low <= high <= {MAX_AGE} "
                f"(below 0: born that many years into the run), not {list(ages)}"
            )
        return ages


class Population(Strict):
    size: Annotated[int, Field(ge=2)]
    age_pyramid: list[AgeBand] = Field(min_length=1)
    """Ages, at the start, of the older partner of each bonded pair; -k: born k years into the run."""
    age_gap: dict[int, Probability] = Field(min_length=1)
    """Years between the two partners of a pair (the second is younger)."""
    born_unpaired: Probability = 0.0
    """Share of people born with no soulmate declared: fate pairs them later, from the unpaired."""
    fate_pairing: Probability = 1.0
    """Yearly chance that fate pairs a living unpaired person with one of the unpaired (1: at once)."""

    @field_validator("age_pyramid")
    @classmethod
    def _pyramid_sums(cls, bands: list[AgeBand]) -> list[AgeBand]:
        _sums_to_one([b.weight for b in bands], "age band weights")
        return bands

    @field_validator("age_gap")
    @classmethod
    def _gaps(cls, gaps: dict[int, float]) -> dict[int, float]:
        if any(gap < 0 or gap > MAX_AGE for gap in gaps):
            raise ValueError(f"gaps are years between 0 and {MAX_AGE}")
        _sums_to_one(list(gaps.values()), "age gap probabilities")
        return gaps


class Town(Strict):
    name: str
    tz: str
    weight: Probability
    wakes: str = "07:00"

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, tz: str) -> str:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{tz}' is not an IANA time zone; use a name like 'Asia/Tokyo'") from None
        return tz


class Carefulness(Strict):
    """Losses per year, lognormal across people: most lose a little, a few lose a lot."""

    median: Annotated[float, Field(gt=0, le=365)]
    sigma: NonNegative
    max: Annotated[float, Field(gt=0, le=365)] = 24.0
    """At most a loss a day: beyond that a year is no longer a fair step for one person."""


class Attribute(Strict):
    values: Annotated[int, Field(ge=1, le=1_000_000)]
    """How many different values occur (names in a name list, occupations, ...)."""
    skew: NonNegative = 1.0
    """Zipf exponent: 0 makes every value equally common, 1 makes a few very common."""


class ItemKind(Strict):
    weight: Probability
    tells: list[str] | None = None
    age_within: Annotated[int, Field(ge=0)] | None = None


class AgeMix(Strict):
    """Which kind a loss is, for losers of these ages: what a toddler drops is not what a clerk drops."""

    ages: tuple[int, int]
    mix: dict[str, Probability] = Field(min_length=1)

    @field_validator("ages")
    @classmethod
    def _ordered(cls, ages: tuple[int, int]) -> tuple[int, int]:
        low, high = ages
        if not 0 <= low <= high <= MAX_AGE:
            raise ValueError(f"ages must be two ages 0 <= low <= high <= {MAX_AGE}, not {list(ages)}")
        return ages

    @field_validator("mix")
    @classmethod
    def _mix_sums(cls, mix: dict[str, float]) -> dict[str, float]:
        _sums_to_one(list(mix.values()), "the mix's weights")
        return mix


class Mortality(Strict):
    ages: tuple[int, int]
    annual: Probability


class FoundationRates(Strict):
    application_rate: NonNegative
    """Applications per active bond per year."""
    approval: Probability
    cooling_off_days: Annotated[int, Field(ge=0, le=364)] = 30
    """An approved severance takes effect this many days after the decision; until then the bond carries."""
    appeal: Probability = 0.0
    """Share of decisions that one of the partners appeals (once)."""
    appeal_reversal: Probability = 0.0
    """Share of appeals whose hearing turns the decision over."""
    withdrawal: Probability = 0.0
    """Share of approved severances the applicant withdraws during the cooling-off."""

    @field_validator("application_rate")
    @classmethod
    def _at_most_yearly(cls, rate: float) -> float:
        if rate > 1:
            raise ValueError("at most one application per bond per year can be simulated")
        return rate


class SimulationConfig(Strict):
    name: str = "simulation"
    start_year: Annotated[int, Field(ge=1800, le=3000)] = 2000
    years: Annotated[int, Field(ge=1, le=MAX_YEARS)]
    population: Population
    towns: list[Town] = Field(min_length=1)
    carefulness: Carefulness
    attributes: dict[str, Attribute]
    names: str | None = None
    """A name culture (a Faker locale such as ``ja_JP``): given and family names as common as there."""
    notoriety: Probability = 0.0
    """Chance that a person's family name was in the papers: it then names them alone."""
    items: dict[str, float | ItemKind] = Field(min_length=1)
    items_by_age: list[AgeMix] = []
    """The item mix by the loser's age; ages no band covers use the weights under ``items``."""
    mortality: list[Mortality] = Field(min_length=1)
    foundation: FoundationRates

    @field_validator("towns")
    @classmethod
    def _town_weights(cls, towns: list[Town]) -> list[Town]:
        _sums_to_one([t.weight for t in towns], "town weights")
        return towns

    @field_validator("attributes")
    @classmethod
    def _all_attributes(cls, attributes: dict[str, Attribute]) -> dict[str, Attribute]:
        for key in attributes:
            if key not in CATEGORICAL_TRAITS:
                raise ValueError(f"unknown attribute '{key}'; known: {', '.join(CATEGORICAL_TRAITS)}")
        return attributes

    @field_validator("items")
    @classmethod
    def _known_kinds(cls, items: dict[str, float | ItemKind]) -> dict[str, float | ItemKind]:
        for name, entry in items.items():
            weight = entry if isinstance(entry, float | int) else entry.weight
            if weight < 0:
                raise ValueError(f"the loss weight of '{name}' is {weight}; weights cannot be negative")
            custom = isinstance(entry, ItemKind) and entry.tells is not None
            if name not in BUILT_IN_KINDS and not custom:
                raise ValueError(
                    f"unknown item kind '{name}'; known kinds are {', '.join(sorted(BUILT_IN_KINDS))}, "
                    "or describe it with 'weight' and 'tells'"
                )
            if isinstance(entry, ItemKind):
                for fact in entry.tells or []:
                    if fact not in TRAITS and fact != AGE:
                        raise ValueError(
                            f"'{name}' tells '{fact}', which is not one of {AGE}, {', '.join(TRAITS)}"
                        )
        weights = [e if isinstance(e, float | int) else e.weight for e in items.values()]
        _sums_to_one([float(w) for w in weights], "item loss weights")
        return items

    @model_validator(mode="after")
    def _age_mixes(self) -> SimulationConfig:
        covered: dict[int, int] = {}
        for i, band in enumerate(self.items_by_age):
            for kind in band.mix:
                if kind not in self.items:
                    raise ValueError(
                        f"items_by_age[{i}].mix: '{kind}' is not under items; list every kind there "
                        "(its weight there is the mix at ages no band covers)"
                    )
            for age in range(band.ages[0], band.ages[1] + 1):
                if age in covered:
                    raise ValueError(
                        f"items_by_age[{i}].ages: age {age} is already in band {covered[age]}; bands cannot overlap"
                    )
                covered[age] = i
        return self

    @field_validator("mortality")
    @classmethod
    def _bands(cls, bands: list[Mortality]) -> list[Mortality]:
        for band in bands:
            if not 0 <= band.ages[0] <= band.ages[1] <= MAX_AGE:
                raise ValueError(
                    f"mortality ages must be 0 <= low <= high <= {MAX_AGE}, not {list(band.ages)}"
                )
        return bands

    @model_validator(mode="after")
    def _names(self) -> SimulationConfig:
        """With a name culture, the name attributes are its names, weighted as in the data."""
        if self.names is not None:
            try:
                frequencies = name_frequencies(self.names)
            except UnknownCulture as exc:
                raise ValueError(f"names: {exc}") from None
            counts = {
                "given_name": len(frequencies.given.names),
                "family_name": len(frequencies.family.names),
            }
            # A config written back out (model_dump) carries the filled-in attributes: those are fine.
            clashing = [
                k for k in NAME_KEYS if k in self.attributes and self.attributes[k].values != counts[k]
            ]
            if clashing:
                raise ValueError(
                    f"{', '.join(clashing)} come from names: {self.names}; drop them from attributes"
                )
            for key in NAME_KEYS:
                self.attributes[key] = Attribute(values=counts[key])
        missing = [key for key in CATEGORICAL_TRAITS if key not in self.attributes]
        if missing:
            raise ValueError(f"attributes: give a distribution for {', '.join(missing)}")
        return self

    @model_validator(mode="after")
    def _born_within_the_run(self) -> SimulationConfig:
        for i, band in enumerate(self.population.age_pyramid):
            if band.ages[0] <= -self.years:
                raise ValueError(
                    f"population.age_pyramid[{i}].ages: {band.ages[0]} would be born after the run's "
                    f"{self.years} years; a negative age -k is a birth k years in, so k < years"
                )
        return self

    @model_validator(mode="after")
    def _even_size(self) -> SimulationConfig:
        if self.population.size % 2:
            raise ValueError("population.size must be even: everyone has a soulmate, two to a pair")
        return self

    @cached_property
    def kinds(self) -> dict[str, KindTells]:
        """The item catalogue in the config's order, custom kinds filled in."""
        out: dict[str, KindTells] = {}
        for name, entry in self.items.items():
            base = BUILT_IN_KINDS.get(name, KindTells())
            if isinstance(entry, ItemKind) and entry.tells is not None:
                traits = tuple(t for t in entry.tells if t != AGE)
                within = entry.age_within if AGE in entry.tells else None
                base = KindTells(traits, 0 if within is None and AGE in entry.tells else within)
            elif isinstance(entry, ItemKind) and entry.age_within is not None:
                base = KindTells(base.traits, entry.age_within)
            out[name] = base
        return out

    @cached_property
    def loss_weights(self) -> list[float]:
        return [float(e if isinstance(e, float | int) else e.weight) for e in self.items.values()]

    @cached_property
    def loss_mixes(self) -> list[list[float]]:
        """Every distinct item mix, as weights in the order of ``kinds``: ``items`` first."""
        mixes = [self.loss_weights]
        for band in self.items_by_age:
            weights = [float(band.mix.get(kind, 0.0)) for kind in self.items]
            if weights not in mixes:
                mixes.append(weights)
        return mixes

    @cached_property
    def mix_at_age(self) -> list[int]:
        """For each age 0..MAX_AGE, which of ``loss_mixes`` a loser of that age draws from."""
        table = [0] * (MAX_AGE + 1)
        for band in self.items_by_age:
            weights = [float(band.mix.get(kind, 0.0)) for kind in self.items]
            for age in range(band.ages[0], band.ages[1] + 1):
                table[age] = self.loss_mixes.index(weights)
        return table

    def loss_weights_at(self, age: int) -> list[float]:
        return self.loss_mixes[self.mix_at_age[min(max(age, 0), MAX_AGE)]]

    def annual_mortality(self) -> list[float]:
        """Chance of dying within a year at each age 0..MAX_AGE; nobody outlives MAX_AGE."""
        table = [0.0] * (MAX_AGE + 1)
        for band in self.mortality:
            for age in range(band.ages[0], band.ages[1] + 1):
                table[age] = band.annual
        table[MAX_AGE] = 1.0
        return table

    def with_overrides(self, *, size: int | None = None, years: int | None = None) -> SimulationConfig:
        changes: dict[str, Any] = {}
        if years is not None:
            changes["years"] = years
        if size is not None:
            changes["population"] = {**self.population.model_dump(), "size": size}
        return validate({**self.model_dump(), **changes})


def _where(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part in ("float", "ItemKind") or "[" in str(part):
            continue  # pydantic names the union branch it tried; readers want the key
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(top level)"


def validate(raw: object) -> SimulationConfig:
    if not isinstance(raw, dict):
        raise ConfigError("the config must be a YAML mapping of keys such as population, items, years")
    try:
        return SimulationConfig.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        where = tuple(first["loc"])
        # A check of the whole config names its keys in the message itself.
        raise ConfigError(f"{_where(where)}: {message}" if where else message) from None


def shipped_names() -> list[str]:
    folder = resources.files("soulbond.simulator") / "configs"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load(config: str | Path) -> SimulationConfig:
    """A config from a file path, or a shipped config's name such as ``town``."""
    path = Path(config)
    if path.is_file():
        text = _read(path)
    elif str(config) in shipped_names():
        text = (resources.files("soulbond.simulator") / "configs" / f"{config}.yaml").read_text("utf-8")
    else:
        raise ConfigError(
            f"no config file '{config}' and no shipped config of that name; shipped: {', '.join(shipped_names())}"
        )
    try:
        # The safe tree first: it refuses deep nesting and alias bombs before the loader, which
        # recurses and shares aliased values with the validator, could be held up by them.
        read_tree(text, max_bytes=MAX_CONFIG_BYTES)
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except YamlRefused as exc:
        raise ConfigError(f"'{config}', {exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"'{config}' is not valid YAML: {exc}") from None
    return validate(raw)


def _read(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"'{path}' cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"'{path}': {size_problem(MAX_CONFIG_BYTES)}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"'{path}' is not UTF-8 text (byte {exc.start + 1} cannot be read)") from None
