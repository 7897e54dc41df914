"""A replay as the records a writer is shown (``service.story_report``), and as JSON.

The page, the terminal's end state and ``--json`` all read the same records,
so that the three never disagree about where a thing ended or who still fits.
"""

from __future__ import annotations

from typing import Any

from soulbond.core.telling import describe_all, summarize
from soulbond.scenario.replay import Replay
from soulbond.service.story_report import (
    FinderKnows,
    ItemEnd,
    StoryContradiction,
    StoryMoment,
    StoryNote,
    StoryReport,
)


def story_report(result: Replay, name: str) -> StoryReport:
    world = result.world
    now = world.now or result.scenario.start
    timeline = tuple(
        StoryMoment(
            at=line.at.isoformat(),
            local=line.local or result.local(line.at, line.finder),
            kind=line.kind,
            text=line.text,
            line=line.source,
            learnt=tuple(describe_all(line.facts, line.lost_at or line.at)) if line.kind == "arrival" else (),
            candidates=line.candidates,
        )
        for line in result.lines
    )
    items = []
    for item in sorted(world.items):
        place = world.where(item)
        items.append(
            ItemEnd(
                item=item,
                what=world.items[item].description,
                where=place.where.value,
                whose=place.person,
                how=place.how,
                said=place.describe(world.name_of(place.person)),
            )
        )
    finders = []
    for person in sorted(world.people):
        knowledge = world.knowledge_of(person)
        if not knowledge.learnt:
            continue
        soulmate = world.soulmate_of(person)
        finders.append(
            FinderKnows(
                finder=person,
                name=world.people[person].name,
                soulmate=world.name_of(soulmate) if soulmate else "-",
                arrivals=len(knowledge.learnt),
                knows=tuple(summarize(tuple(knowledge.facts()), now)),
                candidates=world.candidate_count(person, now),
            )
        )
    contradictions = tuple(StoryContradiction(c.line, c.action, c.reason) for c in result.contradictions)
    notes = tuple(StoryNote(h.finder, h.item, h.fact, h.why) for h in result.herrings)
    parts = (timeline, tuple(items), tuple(finders), contradictions, notes)
    return StoryReport(
        name,
        result.scenario.title,
        result.scenario.summary,
        *parts,
        as_json=_as_json(result.scenario.title, result.scenario.file, *parts),
    )


def _as_json(
    title: str,
    file: str,
    timeline: tuple[StoryMoment, ...],
    items: tuple[ItemEnd, ...],
    finders: tuple[FinderKnows, ...],
    contradictions: tuple[StoryContradiction, ...],
    notes: tuple[StoryNote, ...],
) -> dict[str, Any]:
    return {
        "title": title,
        "file": file,
        "timeline": [
            {
                "at": m.at,
                "local": m.local,
                "kind": m.kind,
                "text": m.text,
                "line": m.line,
                "learnt": list(m.learnt) if m.kind == "arrival" else None,
                "candidates": m.candidates,
            }
            for m in timeline
        ],
        "items": {i.item: {"what": i.what, "where": i.where, "whose": i.whose, "how": i.how} for i in items},
        "finders": {
            f.finder: {"arrivals": f.arrivals, "knows": list(f.knows), "candidates": f.candidates}
            for f in finders
        },
        "contradictions": [{"line": c.line, "action": c.action, "reason": c.reason} for c in contradictions],
        "red_herrings": [{"finder": n.finder, "item": n.item, "facts": n.facts, "why": n.why} for n in notes],
    }
