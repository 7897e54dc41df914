"""Every YAML file soulbond reads is built into a tree within limits, whatever its writer meant."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from soulbond.yaml_tree import ALIAS_BUDGET, MAX_DEPTH, Mapping, Sequence, Text, YamlRefused, read_tree

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile"


def refused(text: str, **limits: int) -> tuple[YamlRefused, float]:
    """The refusal, and the CPU seconds it took (CPU, so a busy machine does not make it look slow)."""
    started = time.process_time()
    with pytest.raises(YamlRefused) as caught:
        read_tree(text, **limits)
    return caught.value, time.process_time() - started


def deep_block(levels: int) -> str:
    return "top:\n" + "".join("  " * (n + 1) + "a:\n" for n in range(levels)) + "  " * (levels + 1) + "end\n"


def test_an_alias_bomb_is_refused_at_the_alias_that_passes_the_budget_in_well_under_a_second() -> None:
    exc, seconds = refused((HOSTILE / "alias-bomb.yaml").read_text(encoding="utf-8"))
    assert exc.line == 8  # the first alias whose repeats pass 100,000 nodes: 9**6 = 531,441
    assert "alias bomb" in exc.problem
    assert seconds < 1.0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("top: " + "[" * 500 + "]" * 500 + "\n", id="flow"),
        pytest.param(deep_block(500), id="block"),
        pytest.param("top: " + "{a: " * 500 + "x" + "}" * 500 + "\n", id="flow-mappings"),
    ],
)
def test_nesting_500_deep_is_refused_at_the_first_level_too_deep_in_well_under_a_second(text: str) -> None:
    exc, seconds = refused(text)
    assert f"nested more than {MAX_DEPTH} levels deep" in exc.problem
    assert exc.line == (1 if text.startswith("top: ") else MAX_DEPTH + 1)
    assert seconds < 1.0


def test_nesting_at_the_limit_is_read() -> None:
    tree = read_tree(deep_block(MAX_DEPTH - 1))
    depth = 0
    while isinstance(tree, Mapping):
        tree = next(iter(tree.entries.values()))
        depth += 1
    assert depth == MAX_DEPTH
    assert tree == Text("end", MAX_DEPTH + 1)


def test_an_alias_cannot_carry_nesting_past_the_limit() -> None:
    text = "deep: &deep " + "[" * 40 + "]" * 40 + "\nmore: " + "[" * 30 + "*deep" + "]" * 30 + "\n"
    exc, _ = refused(text)
    assert exc.line == 2
    assert "*deep nests more than 64 levels" in exc.problem


def test_a_text_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    exc, seconds = refused("a: " + "x" * 2_000, max_bytes=1_000)
    assert exc.line is None
    assert "larger than 1,000 bytes" in exc.problem
    assert seconds < 1.0


def test_the_size_limit_counts_bytes_not_characters() -> None:
    with pytest.raises(YamlRefused, match="larger than 1,000 bytes"):
        read_tree("a: " + "é" * 600, max_bytes=1_000)  # 600 characters, 1,203 bytes
    assert read_tree("a: " + "é" * 400, max_bytes=1_000) == Mapping(1, {"a": Text("é" * 400, 1)}, {"a": 1})


def test_anchors_for_a_shared_home_are_read_as_the_same_values_with_the_anchors_line() -> None:
    tree = read_tree(
        "homes:\n  - &konoha {place: Konoha, tz: Asia/Tokyo}\npeople:\n  a: {home: *konoha}\n  b: {home: *konoha}\n"
    )
    assert isinstance(tree, Mapping)
    people = tree.entries["people"]
    assert isinstance(people, Mapping)
    homes = [person.entries["home"] for person in people.entries.values() if isinstance(person, Mapping)]
    assert (
        homes
        == [Mapping(2, {"place": Text("Konoha", 2), "tz": Text("Asia/Tokyo", 2)}, {"place": 2, "tz": 2})] * 2
    )


def test_aliases_within_the_budget_are_read_and_one_past_it_is_refused() -> None:
    ten = "[" + ", ".join(["x"] * 9) + "]"  # a list of nine: ten nodes with the list itself
    fits = ALIAS_BUDGET // 10
    text = f"a: &a {ten}\nb:\n" + "  - *a\n" * fits
    tree = read_tree(text)
    assert isinstance(tree, Mapping)
    repeated = tree.entries["b"]
    assert isinstance(repeated, Sequence) and len(repeated.items) == fits
    exc, _ = refused(text + "  - *a\n")
    assert exc.line == fits + 3


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: *nowhere\n", 1, "*nowhere names no anchor &nowhere before it"),
        ("a: &loop [1, *loop]\n", 1, "*loop points inside its own anchor"),
        ("a: 1\n---\nb: 2\n", 2, "a second YAML document"),
        ("a: 1\nb: 2\na: 3\n", 3, "'a' is given twice"),
        ("? [a, b]\n: 1\n", 1, "a key must be a plain word"),
        ("a: [1, 2\nb: 3\n", 2, "not valid YAML"),
    ],
)
def test_each_malformed_shape_is_refused_with_its_line(text: str, line: int, words: str) -> None:
    exc, _ = refused(text)
    assert exc.line == line
    assert words in exc.problem


@pytest.mark.parametrize("empty", ["", "# only a comment\n"])
def test_a_document_with_nothing_in_it_reads_as_none(empty: str) -> None:
    assert read_tree(empty) is None


def test_scalars_stay_text_with_their_lines() -> None:
    assert read_tree("a: 1\nb: [yes, 2010-01-01]\n") == Mapping(
        1,
        {"a": Text("1", 1), "b": Sequence(2, [Text("yes", 2), Text("2010-01-01", 2)])},
        {"a": 1, "b": 2},
    )
