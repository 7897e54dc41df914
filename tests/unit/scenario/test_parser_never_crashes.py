"""Whatever a writer types, reading and replaying it ends in a result or a located message."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soulbond.scenario import ScenarioError, replay
from soulbond.scenario.parse import parse_scenario
from soulbond.scenario.timeline import ACTIONS

WORDS = [
    *ACTIONS,
    "when", "by", "to", "from", "with", "case", "reasons", "home", "tz", "wakes", "traits", "name",
    "born", "owner", "what", "tells", "count", "since", "people", "items", "bonds", "timeline",
    "a", "b", "cup", "age", "note", "UTC", "Asia/Tokyo", "2010-01-01", "2010-01-01 10:00",
    "a at 3y", "yes", "no", "07:00", "Ann Bell", "1990-02-30", "-1", "0.5",
]  # fmt: skip

leaves = st.one_of(st.sampled_from(WORDS), st.text(max_size=12), st.integers(-5, 3000))
trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(WORDS), children, max_size=5)
    ),
    max_leaves=25,
)

VALID_PEOPLE = {
    "a": {"name": "Ann Bell", "born": "1990-01-01", "home": {"tz": "UTC"}},
    "b": {"name": "Bo Lund", "born": "1991-01-01", "home": {"tz": "Asia/Tokyo"}},
}


def attempt(text: str) -> None:
    try:
        replay(parse_scenario(text, "fuzz.yaml"))
    except ScenarioError as exc:
        assert exc.file == "fuzz.yaml"
        assert exc.problem


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_any_yaml_at_all_is_read_or_refused_with_a_message(tree: object) -> None:
    attempt(yaml.safe_dump(tree, allow_unicode=True))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.dictionaries(st.sampled_from(WORDS), trees, min_size=1, max_size=5), max_size=6),
    st.dictionaries(st.sampled_from(WORDS), trees, max_size=3),
)
def test_any_timeline_over_real_people_is_replayed_or_refused_with_a_message(
    timeline: list[dict[str, object]], items: dict[str, object]
) -> None:
    story = {"people": VALID_PEOPLE, "bonds": [["a", "b"]], "items": items, "timeline": timeline}
    attempt(yaml.safe_dump(story, allow_unicode=True))


@given(st.text(max_size=200))
def test_any_text_at_all_is_read_or_refused_with_a_message(text: str) -> None:
    attempt(text)


moments = st.sampled_from(
    ["2010-01-01 10:00", "2010-01-02 07:00", "2011-05-05", "b at 20y 3m, 06:00", "2009-12-31 23:59"]
)
people = st.sampled_from(["a", "b"])
things = st.sampled_from(["cup", "hat"])
FIELDS: dict[str, st.SearchStrategy[object]] = {
    **dict.fromkeys(["by", "to", "from", "with", "about", "handle-of"], people),
    "case": st.sampled_from(["c1", "c2"]),
    "home": st.just({"tz": "Europe/Oslo", "wakes": "05:00"}),
    "traits": st.just({"occupation": "teacher"}),
    "until": moments,
    **dict.fromkeys(["approve", "jointly", "senior", "noticed"], st.sampled_from(["yes", "no"])),
}
SUBJECTS: dict[str, st.SearchStrategy[object]] = {
    "item": things,
    "person": people,
    "case": st.sampled_from(["c1", "c2"]),
    "text": st.just("some words"),
}


@st.composite
def entries(draw: st.DrawFn) -> dict[str, object]:
    """Entries shaped like the real actions: right kinds of reference, every required key, some optional."""
    name = draw(st.sampled_from(sorted(ACTIONS)))
    action = ACTIONS[name]
    entry: dict[str, object] = {name: draw(SUBJECTS[action.subject]), "when": draw(moments)}
    for key in sorted(action.required | {k for k in action.optional if draw(st.booleans())}):
        entry[key] = draw(FIELDS.get(key, st.just("because")))
    return entry


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), max_size=10))
def test_well_formed_looking_timelines_never_crash_the_replay(timeline: list[dict[str, object]]) -> None:
    story = {
        "world": {"director": "a"},
        "people": VALID_PEOPLE,
        "bonds": [["a", "b"]],
        "items": {"cup": {"owner": "a", "tells": ["age"]}, "hat": {"owner": "b"}},
        "timeline": timeline,
    }
    attempt(yaml.safe_dump(story, allow_unicode=True))
