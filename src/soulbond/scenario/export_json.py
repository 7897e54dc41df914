"""A replay as plain JSON: the same timeline and end state the terminal shows, for tools."""

from __future__ import annotations

from typing import Any

from soulbond.core.telling import describe_all, summarize
from soulbond.scenario.replay import Replay


def replay_as_json(result: Replay) -> dict[str, Any]:
    world = result.world
    now = world.now or result.scenario.start
    timeline = [
        {
            "at": line.at.isoformat(),
            "local": line.local or result.local(line.at, line.finder),
            "kind": line.kind,
            "text": line.text,
            "line": line.source,
            "learnt": describe_all(line.facts, line.lost_at or line.at) if line.kind == "arrival" else None,
            "candidates": line.candidates,
        }
        for line in result.lines
    ]
    items = {
        item: {
            "what": world.items[item].description,
            "where": world.where(item).where.value,
            "whose": world.where(item).person,
            "how": world.where(item).how,
        }
        for item in sorted(world.items)
    }
    finders = {
        person: {
            "arrivals": len(world.knowledge_of(person).learnt),
            "knows": summarize(tuple(world.knowledge_of(person).facts()), now),
            "candidates": world.candidate_count(person, now),
        }
        for person in sorted(world.people)
        if world.knowledge_of(person).learnt
    }
    return {
        "title": result.scenario.title,
        "file": result.scenario.file,
        "timeline": timeline,
        "items": items,
        "finders": finders,
        "contradictions": [
            {"line": c.line, "action": c.action, "reason": c.reason} for c in result.contradictions
        ],
        "red_herrings": [
            {"finder": h.finder, "item": h.item, "facts": h.fact, "why": h.why} for h in result.herrings
        ],
    }
