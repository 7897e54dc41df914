"""``soulbond simulate``: parse, run the simulator, write the tables and the report."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from soulbond.cli import exits

if TYPE_CHECKING:
    from soulbond.simulator.config import SimulationConfig
    from soulbond.simulator.like import Story
    from soulbond.simulator.summary import Summary

# NumPy, Dask and matplotlib load only when a simulation runs, so every other
# command starts quickly.

EXAMPLE = """
Example: simulate the shipped 50,000-person town three times, then open town-run/report.html:

[bold]soulbond simulate town --seeds 1,2,3 --out town-run[/]

Add --workers 2 to run on a local Dask cluster, or --years 10 --size 2000 for a quick look.
How typical is a story? [bold]soulbond simulate --like lost-things --replications 5 --out typical[/]
"""


def _fail(message: str) -> typer.Exit:
    Console(stderr=True).print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(exits.BAD_INPUT)


def _seeds(seeds: str | None, replications: int | None) -> list[int]:
    from soulbond.simulator.config import ConfigError

    if seeds is not None and replications is not None:
        raise ConfigError("--seeds and --replications: give one or the other, not both")
    if replications is not None:
        return list(range(1, replications + 1))
    if seeds is None:
        return [1]
    try:
        parsed = [int(part) for part in seeds.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(
            f"--seeds: '{seeds}' is not a comma-separated list of whole numbers, e.g. 1,2,3"
        ) from None
    if not parsed or len(set(parsed)) != len(parsed) or min(parsed) < 0:
        raise ConfigError(f"--seeds: '{seeds}' must list distinct non-negative whole numbers, e.g. 1,2,3")
    return parsed


def simulate(
    config: Annotated[
        str | None,
        typer.Argument(
            help="A YAML config file, or a shipped config: town, village, city. With --like, only its laws "
            "are used (default: town's)."
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the Parquet tables and report.html.")
    ] = Path("simulation"),
    seeds: Annotated[
        str | None, typer.Option(help="Comma-separated seeds, one replication each, e.g. 1,2,3.")
    ] = None,
    replications: Annotated[
        int | None, typer.Option(min=1, help="Run seeds 1..N instead of listing them.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Run on a local Dask cluster of N workers.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of an existing Dask scheduler to run on.")
    ] = None,
    years: Annotated[int | None, typer.Option(min=1, help="Override the config's number of years.")] = None,
    size: Annotated[
        int | None, typer.Option(min=2, help="Override the config's population size (even).")
    ] = None,
    shard_pairs: Annotated[
        int | None, typer.Option(min=1, help="Bonded pairs per shard (default 262,144).")
    ] = None,
    like: Annotated[
        str | None,
        typer.Option(
            help="A scenario (file or shipped name, e.g. lost-things): simulate a world shaped like its "
            "world and place the story's own figures among the simulated ones."
        ),
    ] = None,
) -> None:
    """Simulate a population's lives in fast-forward with the world's laws, vectorised.

    Writes per-person outcomes as Parquet under OUT/seed=N/ and a self-contained
    HTML report with plots to OUT/report.html.
    """
    from soulbond.simulator import like as like_module
    from soulbond.simulator import report, runner
    from soulbond.simulator.config import ConfigError, load
    from soulbond.simulator.knowledge import check_countable

    story: Story | None = None
    try:
        chosen = _seeds(seeds, replications)
        if workers is not None and scheduler is not None:
            raise ConfigError("--workers and --scheduler: give one or the other, not both")
        if config is None and like is None:
            raise ConfigError("give a CONFIG (a file, or town, village, city) or --like SCENARIO")
        loaded = load(config or "town")
        if like is not None:
            if years is not None:
                raise ConfigError("--years: a run like a story covers the story's years; leave it out")
            loaded, story = _like(loaded, like, size)
        elif years is not None or size is not None:
            loaded = loaded.with_overrides(size=size, years=years)
        check_countable(loaded)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    runs = _run(loaded, chosen, out, workers, scheduler, shard_pairs or runner.DEFAULT_SHARD_PAIRS)
    page = out / "report.html"
    lead = ""
    console = Console()
    if story is not None:
        placements = like_module.place(loaded, story, [runner.seed_folder(out, seed) for seed in chosen])
        lead = report.story_section(story, placements)
        for paragraph in like_module.describe(story, placements):
            console.print(paragraph, highlight=False)
    page.write_text(report.render(loaded, runs, lead), encoding="utf-8")
    console.print(report.plain_summary(loaded, runs), highlight=False)
    console.print(f"Tables in {out}/seed=*/, report in {page}", highlight=False)


def _like(base: SimulationConfig, scenario: str, size: int | None) -> tuple[SimulationConfig, Story]:
    """The base config's laws in a world shaped like the scenario's, and the story's own figures."""
    from soulbond.scenario import ScenarioError, load_scenario, resolve
    from soulbond.simulator.config import ConfigError
    from soulbond.simulator.like import like_config, story_of

    try:
        path, name = resolve(scenario)
        loaded = load_scenario(path, name=name)
    except ScenarioError as exc:
        raise ConfigError(f"--like: {exc}") from None
    story = story_of(loaded)
    if not story.finders:
        raise ConfigError(
            f"--like: in '{name}' nothing arrives on anyone's floor, so there is nothing to place"
        )
    return like_config(base, loaded, story, size), story


def _run(
    config: SimulationConfig,
    seeds: list[int],
    out: Path,
    workers: int | None,
    scheduler: str | None,
    shard_pairs: int,
) -> dict[int, Summary]:
    from soulbond.simulator import distributed, runner

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(f"--out: cannot create '{out}': {exc.strerror}") from None
    columns = (
        TextColumn("simulating {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(config.name, total=runner.shard_years(config, seeds, shard_pairs))

        def advance(done: int) -> None:
            bar.advance(task, done)

        if workers is None and scheduler is None:
            return runner.replicate(config, seeds, out, shard_pairs=shard_pairs, progress=advance)
        try:
            with distributed.cluster(workers, scheduler) as client:
                return distributed.replicate(
                    client,
                    config,
                    seeds,
                    out,
                    shard_pairs=shard_pairs,
                    progress=advance,
                    on_this_machine=scheduler is None,
                )
        except OSError as exc:
            raise _fail(f"--scheduler: cannot reach '{scheduler}': {exc}") from None


simulate.__doc__ = f"{inspect.cleandoc(simulate.__doc__ or '')}\n\n{inspect.cleandoc(EXAMPLE)}"
