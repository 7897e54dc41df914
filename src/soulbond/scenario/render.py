"""A replay as a readable timeline and end state, for the terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from soulbond.core.items import Whereabouts
from soulbond.scenario.replay import Replay
from soulbond.scenario.report import story_report
from soulbond.service.story_report import StoryMoment, StoryReport

MARKS = {
    "event": "·",
    "arrival": "↓",
    "stayed": "▪",
    "severed": "✂",
    "note": "…",
    "broken": "✗",
    "herring": "?",
}
STYLES = {
    "herring": "yellow italic",
    "arrival": "green",
    "stayed": "yellow",
    "severed": "magenta",
    "note": "dim italic",
    "broken": "bold red",
}


def timeline(report: StoryReport) -> Table:
    table = Table(title=f"{report.title}: timeline", show_lines=False, expand=True)
    table.add_column("when", no_wrap=True, style="cyan")
    table.add_column("", width=1)
    table.add_column("what happens", ratio=1)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    for moment in report.timeline:
        table.add_row(
            moment.local, MARKS[moment.kind], _what(moment), str(moment.line) if moment.line else ""
        )
    return table


def _what(moment: StoryMoment) -> Text:
    text = Text(moment.text, style=STYLES.get(moment.kind, ""))
    if moment.kind == "arrival":
        learnt = "; ".join(moment.learnt) if moment.learnt else "nothing about who lost it"
        text.append(f"\n  learns: {learnt}", style="")
        if moment.candidates is not None:
            fits = "identified" if moment.candidates == 1 else f"{moment.candidates:,} people still fit"
            text.append(f"\n  candidates: {fits}", style="bold" if moment.candidates == 1 else "")
    return text


def end_state(report: StoryReport) -> Group:
    items = Table(title="where everything ended up", expand=True)
    items.add_column("item", style="bold")
    items.add_column("what it is")
    items.add_column("where it is")
    for item in report.items:
        style = "yellow" if item.where == Whereabouts.LOST_FOR_GOOD.value else ""
        items.add_row(item.item, item.what, Text(item.said, style=style))
    finders = Table(title="what each finder knows of their soulmate", expand=True)
    finders.add_column("finder", style="bold")
    finders.add_column("soulmate")
    finders.add_column("arrivals", justify="right")
    finders.add_column("knows")
    finders.add_column("still fit", justify="right")
    for finder in report.finders:
        finders.add_row(
            finder.name,
            finder.soulmate,
            str(finder.arrivals),
            "; ".join(finder.knows) or "nothing",
            Text("identified", style="bold green") if finder.candidates == 1 else f"{finder.candidates:,}",
        )
    return Group(items, finders)


def verdict(result: Replay) -> Panel:
    herrings = [f"red herring for {h.finder} ('{h.item}'): {h.why}" for h in result.herrings]
    if result.ok:
        return Panel(
            "\n".join(["No event contradicts the laws.", *herrings]), title="check", border_style="green"
        )
    lines = [
        f"line {c.line} ({c.action}): {c.reason}" for c in sorted(result.contradictions, key=lambda c: c.line)
    ]
    count = len(lines)
    title = f"{count} contradiction{'s' if count != 1 else ''} with the laws"
    return Panel("\n".join([*lines, *herrings]), title=title, border_style="red")


def check_report(result: Replay, name: str) -> list[str]:
    """What `check` prints: each contradiction once, as FILE:LINE: reason, then what misled whom.

    A red herring is a story tool (a borrowed thing told a finder of someone
    else), so it is listed as a note and never counted as a contradiction.
    """
    lines = [f"{name}:{c.line}: {c.reason}" for c in sorted(result.contradictions, key=lambda c: c.line)]
    lines += [f"{name}: note: red herring for {h.finder} ('{h.item}'): {h.why}" for h in result.herrings]
    count = len(result.contradictions)
    if count:
        lines.append(f"{count} contradiction{'s' if count != 1 else ''} with the laws")
    else:
        lines.append("No event contradicts the laws.")
    return lines


def print_replay(console: Console, result: Replay) -> None:
    if result.scenario.summary:
        console.print(Panel(result.scenario.summary, title=result.scenario.title))
    report = story_report(result, result.scenario.file)
    console.print(timeline(report))
    console.print(end_state(report))
    console.print(verdict(result))
