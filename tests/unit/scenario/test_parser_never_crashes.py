"""Whatever a writer types, reading and replaying it ends in a result or a located message."""

from __future__ import annotations

from dataclasses import MISSING, fields
from datetime import datetime
from typing import Any, get_type_hints

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soulbond.core.items import ItemId
from soulbond.core.people import Home, PersonId
from soulbond.scenario import ScenarioError, replay
from soulbond.scenario.actions import ACTIONS, CaseLabel, Handle, Step, Traits, key_of
from soulbond.scenario.parse import parse_scenario

WORDS = [
    *ACTIONS,
    "when", "by", "to", "from", "with", "case", "reasons", "home", "tz", "wakes", "traits", "name",
    "born", "owner", "what", "tells", "suggests", "count", "since", "people", "items", "bonds", "timeline",
    "place", "knows", "+1 555", "jointly",
    "a", "b", "cup", "age", "note", "UTC", "Asia/Tokyo", "2010-01-01", "2010-01-01 10:00",
    "a at 3y", "yes", "no", "07:00", "Ann Bell", "1990-02-30", "-1", "0.5",
    # Values past what any story means, which once crashed the reader.
    "inf", "nan", "1e400", "0001-01-01", "9999-12-31 23:59", "a at 99999y", "99999999999",
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
BY_TYPE: dict[Any, st.SearchStrategy[object]] = {
    PersonId: people,
    PersonId | None: people,
    ItemId: things,
    CaseLabel: st.sampled_from(["c1", "c2"]),
    Handle: st.sampled_from(["+1 555", "+2 666", "+9 999"]),
    bool: st.sampled_from(["yes", "no"]),
    int: st.integers(0, 5),
    Home: st.just({"tz": "Europe/Oslo", "wakes": "05:00", "place": "Oslo"}),
    datetime: moments,
    Traits: st.just({"occupation": "teacher"}),
    str: st.sampled_from(["some words", "Oslo", "home"]),
}
BASE = {f.name for f in fields(Step)}


@st.composite
def entries(draw: st.DrawFn) -> dict[str, object]:
    """Entries shaped like the real actions: right kinds of reference, every required key, some optional."""
    name = draw(st.sampled_from(sorted(ACTIONS)))
    kind = ACTIONS[name]
    types = get_type_hints(kind)
    own = [f for f in fields(kind) if f.name not in BASE]
    entry: dict[str, object] = {name: draw(BY_TYPE[types[own[0].name]]), "when": draw(moments)}
    for f in own[1:]:
        required = f.default is MISSING and f.default_factory is MISSING
        if required or draw(st.booleans()):
            entry[key_of(f.name)] = draw(BY_TYPE[types[f.name]])
    return entry


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), max_size=10))
def test_well_formed_looking_timelines_never_crash_the_replay(timeline: list[dict[str, object]]) -> None:
    story = {
        "world": {"director": "a"},
        "people": {
            "a": {**VALID_PEOPLE["a"], "phone": "+1 555", "knows": ["b"]},
            "b": {**VALID_PEOPLE["b"], "phone": "+2 666"},
        },
        "bonds": [["a", "b"]],
        "items": {"cup": {"owner": "a", "tells": ["age"]}, "hat": {"owner": "b"}},
        "timeline": timeline,
    }
    attempt(yaml.safe_dump(story, allow_unicode=True))
