"""What a story can say: places of arrivals, handles in messages, acquaintances, red herrings, joint signatures."""

from __future__ import annotations

from pathlib import Path

from soulbond.core import PersonId
from soulbond.core.foundation import CaseState
from soulbond.scenario import Replay, load_scenario, replay
from soulbond.scenario.actions import ACTIONS, FatedLosses
from soulbond.scenario.apply import HANDLERS
from soulbond.scenario.parse import parse_scenario

FIXTURES = Path(__file__).parents[2] / "fixtures"

PAIR = """
people:
  rin: {name: Rin Nohara, born: 1990-11-15, home: {place: the harbour flat, tz: Asia/Tokyo}, phone: "+81 1"}
  obito: {name: Obito Uchiha, born: 1990-02-10, home: {place: the Uchiha house, tz: Asia/Tokyo}, phone: "+81 2"}
  kakashi:
    name: Kakashi Hatake
    born: 1990-09-15
    home: {place: the Hatake house, tz: Asia/Tokyo}
    phone: "+81 3"
    knows: [obito]
bonds:
  - [obito, rin]
"""


def story(text: str) -> Replay:
    return replay(parse_scenario(PAIR + text, "story.yaml"))


def reasons(result: Replay) -> list[str]:
    return [c.reason for c in result.contradictions]


def line_of(text: str, snippet: str) -> int:
    """The line of ``snippet`` in the story made of PAIR and ``text``."""
    return next(n for n, line in enumerate((PAIR + text).splitlines(), 1) if snippet in line)


def test_a_thing_arriving_at_a_home_its_finder_had_left_is_flagged() -> None:
    result = replay(load_scenario(FIXTURES / "broken" / "moved-away.yaml"))
    [reason] = reasons(result)
    assert (
        "arrives on Rin Nohara's floor at the hill house: Rin Nohara had left the harbour flat on" in reason
    )


def test_a_find_at_the_home_the_finder_wakes_in_is_accepted() -> None:
    result = story("""
items:
  scarf: {owner: obito}
timeline:
  - {when: 2012-04-02 18:00, lose: scarf}
  - {when: 2012-04-03 07:00, find: scarf, by: rin, place: the harbour flat}
""")
    assert result.ok, reasons(result)


def test_a_find_at_a_place_that_was_never_the_finders_home_is_flagged() -> None:
    result = story("""
items:
  scarf: {owner: obito}
timeline:
  - {when: 2012-04-02 18:00, lose: scarf}
  - {when: 2012-04-03 07:00, find: scarf, by: rin, place: the station}
""")
    assert reasons(result) == [
        "'scarf' arrives on Rin Nohara's floor at the harbour flat, not at the station"
    ]


def test_a_message_to_a_handle_the_sender_had_no_way_to_know_is_flagged() -> None:
    result = replay(load_scenario(FIXTURES / "broken" / "guessed-number.yaml"))
    [reason] = reasons(result)
    assert reason.startswith("Hanabi Hyuga has no way to know +81 70 2000 1230")
    assert result.world.contacts.messages == []


def test_a_handle_is_known_from_an_item_that_carried_it_and_from_a_message_that_came_from_it() -> None:
    result = story("""
items:
  card: {owner: obito, tells: [phone]}
timeline:
  - {when: 2012-04-02 18:00, lose: card}
  - {when: 2012-04-03 08:00, message: "is this your card?", from: rin, to: "+81 2"}
  - {when: 2012-04-03 09:00, message: it is, from: obito, to: "+81 1"}
""")
    assert result.ok, reasons(result)
    assert len(result.world.contacts.messages) == 2


def test_declared_acquaintances_know_each_others_handles_both_ways_and_meeting_makes_more() -> None:
    result = story(
        TEXT := """
timeline:
  - {when: 2012-04-02 18:00, message: "ramen?", from: kakashi, to: "+81 2"}
  - {when: 2012-04-02 18:05, message: always, from: obito, to: "+81 3"}
  - {when: 2012-04-02 19:00, message: hi, from: rin, to: "+81 3"}
  - {when: 2012-04-03 12:00, meet: rin, with: kakashi}
  - {when: 2012-04-03 13:00, message: hi again, from: rin, to: "+81 3"}
"""
    )
    assert [c.line for c in result.contradictions] == [line_of(TEXT, "message: hi,")]
    assert len(result.world.contacts.messages) == 3


def test_a_borrowed_thing_is_a_red_herring_shown_but_never_a_contradiction() -> None:
    result = story("""
items:
  notebook: {owner: kakashi, what: Kakashi's notebook, tells: [given name, phone]}
timeline:
  - {when: 2012-04-01 12:00, give: notebook, from: kakashi, to: obito}
  - {when: 2012-04-02 18:00, lose: notebook, by: obito}
  - {when: 2012-04-03 07:00, find: notebook, by: rin}
""")
    assert result.ok, reasons(result)
    [herring] = result.herrings
    assert herring.finder == PersonId("rin") and herring.item == "notebook"
    assert "given name: Kakashi" in herring.why and "not true of Obito Uchiha" in herring.why
    assert any(line.kind == "herring" for line in result.lines)
    # Rin counts honestly from what she believes: the one who fits is Kakashi, not Obito.
    assert result.world.candidate_count(PersonId("rin"), result.world.now) == 1  # type: ignore[arg-type]


def test_a_joint_application_in_a_story_needs_the_partners_signature() -> None:
    text = """
world: {director: kakashi}
timeline:
  - {when: 2015-01-01, apply-to-sever: obito, case: ours, reasons: we never met, jointly: yes}
  - {when: 2015-01-02, take-case: kakashi, case: ours}
  - {when: 2015-01-03, sign: rin, case: ours, reasons: nor do I want to}
  - {when: 2015-01-04, take-case: kakashi, case: ours}
"""
    result = story(text)
    assert [c.line for c in result.contradictions] == [line_of(text, "2015-01-02")], reasons(result)
    case = result.world.case(result.world.foundation.cases[1].id)
    assert case.state is CaseState.UNDER_REVIEW and len(case.reasons) == 2


def test_every_action_a_writer_can_use_has_exactly_one_handler() -> None:
    written = {kind for kind in ACTIONS.values() if kind is not FatedLosses}
    assert written <= set(HANDLERS)


def test_the_handlers_do_not_import_the_replayer_so_there_is_no_import_cycle() -> None:
    import ast

    import soulbond.scenario.apply as apply_module
    import soulbond.scenario.stage as stage_module

    for module in (apply_module, stage_module):
        tree = ast.parse(Path(str(module.__file__)).read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "soulbond.scenario.replay" not in imported, module.__name__
