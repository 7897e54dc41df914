"""A replay as a readable timeline and end state, for the terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from soulbond.core.items import Whereabouts
from soulbond.core.telling import describe_all, summarize
from soulbond.scenario.replay import Line, Replay

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


def timeline(result: Replay) -> Table:
    table = Table(title=f"{result.scenario.title}: timeline", show_lines=False, expand=True)
    table.add_column("when", no_wrap=True, style="cyan")
    table.add_column("", width=1)
    table.add_column("what happens", ratio=1)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    for line in result.lines:
        table.add_row(
            line.local or result.local(line.at, line.finder),
            MARKS[line.kind],
            _what(result, line),
            str(line.source) if line.source else "",
        )
    return table


def _what(result: Replay, line: Line) -> Text:
    text = Text(line.text, style=STYLES.get(line.kind, ""))
    if line.kind == "arrival":
        learnt = describe_all(line.facts, line.lost_at or line.at)
        text.append("\n  learns: " + ("; ".join(learnt) if learnt else "nothing about who lost it"), style="")
        if line.candidates is not None:
            fits = "identified" if line.candidates == 1 else f"{line.candidates:,} people still fit"
            text.append(f"\n  candidates: {fits}", style="bold" if line.candidates == 1 else "")
    return text


def end_state(result: Replay) -> Group:
    world = result.world
    items = Table(title="where everything ended up", expand=True)
    items.add_column("item", style="bold")
    items.add_column("what it is")
    items.add_column("where it is")
    for item_id in sorted(world.items):
        place = world.where(item_id)
        style = "yellow" if place.where is Whereabouts.LOST_FOR_GOOD else ""
        items.add_row(
            item_id,
            world.items[item_id].description,
            Text(place.describe(world.name_of(place.person)), style=style),
        )
    finders = Table(title="what each finder knows of their soulmate", expand=True)
    finders.add_column("finder", style="bold")
    finders.add_column("soulmate")
    finders.add_column("arrivals", justify="right")
    finders.add_column("knows")
    finders.add_column("still fit", justify="right")
    now = world.now or result.scenario.start
    for person in sorted(world.people.values(), key=lambda p: p.id):
        knowledge = world.knowledge_of(person.id)
        if not knowledge.learnt:
            continue
        soulmate = world.soulmate_of(person.id)
        facts = tuple(fact for entry in knowledge.learnt for fact in entry.facts)
        count = world.candidate_count(person.id, now)
        known = summarize(facts, now)
        finders.add_row(
            person.name,
            world.name_of(soulmate) if soulmate else "-",
            str(len(knowledge.learnt)),
            "; ".join(known) or "nothing",
            Text("identified", style="bold green") if count == 1 else f"{count:,}",
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
    console.print(timeline(result))
    console.print(end_state(result))
    console.print(verdict(result))
