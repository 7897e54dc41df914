"""A self-contained HTML report: a plain summary, then plots embedded as base64 PNG.

Every plot shows the median across replications, with the lowest and highest
replication as a band, so a reader sees how much is chance.
"""

from __future__ import annotations

import base64
import html
import io
import operator
from collections.abc import Callable
from functools import reduce

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.like import BORN_WITHIN, NEVER, PARTNER_WITHIN, Placement, Story, describe
from soulbond.simulator.recording import GROUPS
from soulbond.simulator.step import YEARLY
from soulbond.simulator.summary import Summary

F64 = npt.NDArray[np.float64]


def _ratio(top: npt.ArrayLike, bottom: npt.ArrayLike) -> F64:
    top_f, bottom_f = np.asarray(top, dtype=np.float64), np.asarray(bottom, dtype=np.float64)
    return np.asarray(np.divide(top_f, bottom_f, out=np.full(top_f.shape, np.nan), where=bottom_f > 0))


def _band(ax: Axes, x: npt.ArrayLike, runs: F64, label: str) -> None:
    """Median line over replications (rows), min-max band around it."""
    valid = ~np.all(np.isnan(runs), axis=0)
    xs = np.asarray(x)[valid]
    runs = runs[:, valid]
    (line,) = ax.plot(xs, np.nanmedian(runs, axis=0), label=label)
    if runs.shape[0] > 1:
        ax.fill_between(
            xs, np.nanmin(runs, axis=0), np.nanmax(runs, axis=0), alpha=0.25, color=line.get_color()
        )


def _png(draw: Callable[[Axes], None]) -> str:
    figure = Figure(figsize=(7, 3.6), dpi=96)
    draw(figure.subplots())
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def identified_share(summary: Summary) -> F64:
    """Per group and age: share of those seen alive at that age who had identified their soulmate."""
    return _ratio(summary.identified_by_age, summary.observed_at_age)


def candidates_quantile(summary: Summary, q: float) -> F64:
    """A quantile of candidate counts by age, read off the bins (1 exactly, then geometric bin middles)."""
    counts = summary.candidates_by_age.astype(np.float64)
    totals = counts.sum(axis=1)
    cumulative = np.cumsum(counts, axis=1)
    index = np.argmax(cumulative >= totals[:, None] * q, axis=1)
    values = np.where(index == 0, 1.0, 10 ** ((index - 0.5) / 2))
    return np.where(totals > 0, values, np.nan)


def plain_summary(config: SimulationConfig, runs: dict[int, Summary]) -> str:
    total = reduce(operator.add, runs.values())
    share = identified_share(total)
    half = np.flatnonzero(share[3] >= 0.5)
    by_age = (
        f"by age {int(half[0])} half of them had identified their soulmate"
        if half.size
        else ("fewer than half ever identified their soulmate")
    )
    at30 = share[:, 30]
    yearly = total.yearly
    severed, widowed = (
        int(yearly[:, YEARLY.index("severed")].sum()),
        int(yearly[:, YEARLY.index("widowed")].sum()),
    )
    bonds = config.population.size // 2 * len(runs)
    received = total.received_per_lifetime
    median_received = int(np.searchsorted(np.cumsum(received), received.sum() / 2)) if received.sum() else 0
    return (
        f"{config.population.size:,} people in {config.population.size // 2:,} bonded pairs were followed for "
        f"{config.years} years from {config.start_year}, {len(runs)} replication(s) (seeds "
        f"{', '.join(map(str, runs))}). Counting everyone seen alive at each age, {by_age}. Carefulness "
        f"protects: by 30, {_pct(at30[0])} of the most careful third had been identified by their soulmate, "
        f"against {_pct(at30[1])} of the middle third and {_pct(at30[2])} of the most careless. Per replication the Foundation severed "
        f"{severed / len(runs):,.0f} bonds ({_pct(severed / bonds)} of all bonds) and "
        f"{widowed / len(runs):,.0f} were widowed ({_pct(widowed / bonds)}). A person who died during the run "
        f"received a median of {median_received} lost items from their soulmate over the years observed."
    )


def _pct(value: float) -> str:
    return "n/a" if np.isnan(value) else f"{100 * value:.0f}%"


def _png_row(draws: list[Callable[[Axes], None]]) -> str:
    figure = Figure(figsize=(10, 3.2), dpi=96)
    for ax, draw in zip(figure.subplots(1, len(draws)), draws, strict=True):
        draw(ax)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _placed(placement: Placement) -> str:
    """Three histograms of a finder's peers, each with the story's own figure marked."""
    finder = placement.finder

    def identified(ax: Axes) -> None:
        peers = placement.identified.peers
        known = peers[peers != NEVER]
        top = int(max(known.max() if known.size else 0, finder.identified_age or 0)) + 2
        counts = np.bincount(known, minlength=top)[:top]
        ax.bar(np.arange(top), counts, width=1.0, label="peers who had")
        ax.bar([top + 1], [np.count_nonzero(peers == NEVER)], width=1.5, color="grey", label="not yet")
        mark = top + 1 if finder.identified_age is None else finder.identified_age
        ax.axvline(mark, color="crimson", linewidth=2, label="the story")
        ax.set(xlabel="age at identifying their soulmate", ylabel="peers", title="Identified at")
        ax.legend(fontsize="small")

    def received(ax: Axes) -> None:
        peers = placement.received.peers
        top = int(max(np.percentile(peers, 99) if peers.size else 0, finder.received)) + 2
        ax.hist(np.minimum(peers, top), bins=[b - 0.5 for b in range(top + 2)])
        ax.axvline(finder.received, color="crimson", linewidth=2)
        ax.set(xlabel="items received by the story's end", ylabel="peers", title="Received")

    def candidates(ax: Axes) -> None:
        peers = np.maximum(placement.candidates.peers, 1)
        top = max(float(peers.max()) if peers.size else 1.0, float(finder.candidates), 10.0)
        ax.hist(peers, bins=np.logspace(0, np.log10(top) + 0.1, 30).tolist())
        ax.axvline(max(finder.candidates, 1), color="crimson", linewidth=2)
        ax.set(xscale="log", xlabel="people who still fit", ylabel="peers", title="Still fitting")

    return _png_row([identified, received, candidates])


def story_section(story: Story, placements: list[Placement]) -> str:
    """How typical the story is: a paragraph and a row of plots per finder."""
    parts = [
        f"<h2>How typical is {html.escape(story.title)}?</h2>",
        "<p>Each person of the story who found something, placed among simulated people born within "
        f"{BORN_WITHIN} year of them whose soulmate was born within {PARTNER_WITHIN} years of theirs, "
        f"as the story ends ({story.end.year}). A percentile is the share of those peers below the "
        "story's figure, plus half of those equal to it; 'not yet' counts as later than any age. "
        "The red line is the story.</p>",
    ]
    for placement, paragraph in zip(placements, describe(story, placements), strict=True):
        title = f"{placement.finder.name} among their peers"
        parts.append(f"<h3>{html.escape(placement.finder.name)}</h3>\n<p>{html.escape(paragraph)}</p>")
        if placement.peers:
            parts.append(f'<img alt="{html.escape(title)}" src="data:image/png;base64,{_placed(placement)}">')
    return "\n".join(parts)


def render(config: SimulationConfig, runs: dict[int, Summary], lead: str = "") -> str:
    """The whole report as one HTML string that needs no other file; ``lead`` (HTML) precedes the plots."""
    seeds = list(runs)
    ages = np.arange(next(iter(runs.values())).observed_at_age.shape[1])
    years = np.arange(config.start_year, config.start_year + config.years)

    def identified(ax: Axes) -> None:
        for g, name in enumerate(GROUPS):
            _band(
                ax,
                ages,
                np.stack([identified_share(runs[s])[g] for s in seeds]),
                f"identified by soulmate: {name}",
            )
        _band(
            ax, ages, np.stack([identified_share(runs[s])[3] for s in seeds]), "has identified soulmate: all"
        )
        ax.set(xlabel="age", ylabel="share", title="Identification by age, split by own carefulness")
        ax.legend()

    def received(ax: Axes) -> None:
        shares = np.stack(
            [_ratio(runs[s].received_per_lifetime, runs[s].received_per_lifetime.sum()) for s in seeds]
        )
        # Stop at the 99th percentile: the last bin gathers everyone beyond the table's end.
        cumulative = np.cumsum(np.nan_to_num(np.nanmedian(shares, axis=0)))
        # Medians over replications need not sum to 1: never read past the table.
        last = min(max(int(np.searchsorted(cumulative, 0.99)) + 1, 5), shares.shape[1])
        _band(ax, np.arange(last), shares[:, :last], "share of people")
        ax.set(
            xlabel="items received", ylabel="share of people", title="Items received per (observed) lifetime"
        )

    def shrinkage(ax: Axes) -> None:
        for q in (0.5, 0.75, 0.9):
            _band(
                ax,
                ages,
                np.stack([candidates_quantile(runs[s], q) for s in seeds]),
                f"{round(q * 100)}th percentile",
            )
        ax.set(
            xlabel="finder's age",
            ylabel="candidates still fitting",
            yscale="log",
            title="Candidate set over a life",
        )
        ax.legend()

    def bonds(ax: Axes) -> None:
        for name in ("widowed", "severed"):
            column = YEARLY.index(name)
            _band(
                ax, years, np.stack([np.cumsum(runs[s].yearly[:, column]) for s in seeds]).astype(float), name
            )
        ax.set(xlabel="year", ylabel="bonds (cumulative)", title="Widowhood and severance over time")
        ax.legend()

    plots = [
        ("Share identified by age, split by carefulness", identified),
        ("Items received per lifetime", received),
        ("Candidate-set shrinkage over a life", shrinkage),
        ("Widowhood and severance over time", bonds),
    ]
    figures = "\n".join(
        f'<h2>{html.escape(title)}</h2>\n<img alt="{html.escape(title)}" src="data:image/png;base64,{_png(draw)}">'
        for title, draw in plots
    )
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>soulbond simulation: {html.escape(config.name)}</title>"
        "<style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}"
        "img{max-width:100%}</style></head><body>\n"
        f"<h1>Simulation: {html.escape(config.name)}</h1>\n<p>{html.escape(plain_summary(config, runs))}</p>\n"
        f"{lead}\n{figures}\n</body></html>\n"
    )
