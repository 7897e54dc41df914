"""The reference story, replayed: every point WORLD.md section 8 says it must reproduce."""

from __future__ import annotations

import pytest

from soulbond.core import ItemId, Kind, PersonId, Whereabouts
from soulbond.core.items import BornBetween
from soulbond.scenario import Replay, load_scenario, replay, resolve

KAKASHI, IRUKA = PersonId("kakashi"), PersonId("iruka")


@pytest.fixture(scope="module")
def story() -> Replay:
    path, name = resolve("lost-things")
    return replay(load_scenario(path, name=name))


def place_of(story: Replay, item: str) -> tuple[Whereabouts, str, str]:
    place = story.world.where(ItemId(item))
    return place.where, place.person, place.how


def arrivals(story: Replay, finder: PersonId) -> list[tuple[str, int | None]]:
    return [
        (line.text, line.candidates)
        for line in story.lines
        if line.kind == "arrival" and line.finder == finder
    ]


def test_the_story_breaks_no_law(story: Replay) -> None:
    assert story.contradictions == []


def test_the_drawing_ends_tucked_in_kakashis_book_after_a_trip_through_his_bin(story: Replay) -> None:
    assert place_of(story, "drawing") == (
        Whereabouts.HELD,
        KAKASHI,
        "tucked away: inside a book on his shelf",
    )
    kinds = [e.kind for e in story.world.events if e.item == "drawing" and e.actor == KAKASHI]
    assert kinds == [Kind.ARRIVED, Kind.DISCARDED, Kind.RECOVERED, Kind.KEPT]


def test_kakashi_keeps_every_rock_sock_shoe_and_the_notes_with_the_obsidian_in_his_pocket(
    story: Replay,
) -> None:
    kept = [f"rock-{n}" for n in range(1, 9)] + ["sock-1", "sock-2", "shoe", "science-notes"]
    for item in kept:
        assert place_of(story, item)[:2] == (Whereabouts.HELD, KAKASHI), item
    assert place_of(story, "obsidian") == (
        Whereabouts.HELD,
        KAKASHI,
        "tucked away: in his pocket, where it stays",
    )


def test_iruka_receives_and_keeps_the_essay_the_beanie_and_the_watch(story: Replay) -> None:
    for item in ("essay", "beanie", "watch"):
        assert place_of(story, item)[:2] == (Whereabouts.HELD, IRUKA), item
        assert any(e.kind is Kind.ARRIVED and e.item == item and e.actor == IRUKA for e in story.world.events)


def test_the_folder_is_back_with_iruka_returned_by_kakashis_hand(story: Replay) -> None:
    assert place_of(story, "folder") == (Whereabouts.HELD, IRUKA, "returned by hand")


def test_the_fathers_watch_stayed_behind_the_dresser_while_his_bond_was_widowed(story: Replay) -> None:
    watch = [e for e in story.world.events if e.item == "watch"]
    stayed = next(e for e in watch if e.kind is Kind.STAYED)
    assert stayed.actor == "sakumo"
    assert "widowed" in stayed.text
    picked = next(e for e in watch if e.kind is Kind.PICKED_UP)
    arrived = next(e for e in watch if e.kind is Kind.ARRIVED)
    assert stayed.at < picked.at < arrived.at
    assert arrived.actor == IRUKA and arrived.other == KAKASHI


def test_before_the_folder_kakashi_knows_vague_facts_that_fit_many_people(story: Replay) -> None:
    seen = arrivals(story, KAKASHI)
    before_folder = [count for text, count in seen if "green folder" not in text]
    assert before_folder, "Kakashi found things before the folder"
    assert all(count is not None and count >= 20 for count in before_folder)


def test_the_folder_identifies_iruka_to_kakashi(story: Replay) -> None:
    text, count = arrivals(story, KAKASHI)[-1]
    assert "green folder" in text
    assert count == 1
    assert story.world.is_identified(KAKASHI, story.world.now or story.scenario.start)


def test_kakashis_three_losses_told_iruka_his_age_and_feelings_and_little_else(story: Replay) -> None:
    knowledge = story.world.knowledge_of(IRUKA)
    assert [entry.item for entry in knowledge.learnt] == ["essay", "beanie", "watch"]
    facts = knowledge.facts()
    assert any(isinstance(f, BornBetween) for f in facts)
    assert len(knowledge.notes()) == 1 and "soulmates" in knowledge.notes()[0]
    assert not any(getattr(f, "key", None) in {"given_name", "family_name", "handle", "photo"} for f in facts)
    assert story.world.candidate_count(IRUKA, story.world.now or story.scenario.start) > 100


def test_the_essay_arrives_at_irukas_next_wake_in_his_own_zone(story: Replay) -> None:
    arrived = next(e for e in story.world.events if e.kind is Kind.ARRIVED and e.item == "essay")
    lost = next(e for e in story.world.events if e.kind is Kind.LOST and e.item == "essay")
    assert arrived.at == lost.due
    local = arrived.at.astimezone(story.world.people[IRUKA].home.zone)
    assert (local.hour, local.minute) == (6, 30)


def test_telling_iruka_the_family_name_by_message_adds_nothing_to_what_items_told_him(story: Replay) -> None:
    assert any("Hatake" in m.text for m in story.world.contacts.inbox(IRUKA))
    assert not story.world.is_identified(IRUKA, story.world.now or story.scenario.start)
