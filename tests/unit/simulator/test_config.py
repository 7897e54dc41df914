from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import pytest

from soulbond.simulator.config import ConfigError, load, shipped_names, validate
from tests.unit.simulator.factories import village_raw

HOSTILE = Path(__file__).parents[2] / "fixtures" / "hostile"


@pytest.mark.parametrize("name", shipped_names())
def test_every_shipped_config_loads(name: str) -> None:
    assert load(name).population.size > 0


def _error(raw: object) -> str:
    with pytest.raises(ConfigError) as caught:
        validate(raw)
    return str(caught.value)


def test_a_negative_rate_is_refused_naming_the_key() -> None:
    raw = village_raw()
    raw["foundation"]["application_rate"] = -0.1
    assert _error(raw).startswith("foundation.application_rate:")


def test_a_share_born_unpaired_or_a_fate_chance_past_one_is_refused_naming_the_key() -> None:
    for key in ("born_unpaired", "fate_pairing"):
        raw = village_raw()
        raw["population"][key] = 1.5
        assert _error(raw).startswith(f"population.{key}:")


def test_probabilities_not_summing_to_one_are_refused_naming_the_key() -> None:
    raw = village_raw()
    raw["items"]["sock"] = 0.5
    message = _error(raw)
    assert message.startswith("items:")
    assert "sum to 1" in message


def test_an_unknown_time_zone_is_refused_naming_the_key() -> None:
    raw = village_raw()
    raw["towns"][0]["tz"] = "Mars/Olympus"
    message = _error(raw)
    assert message.startswith("towns[0].tz:")
    assert "Mars/Olympus" in message


def test_an_unknown_item_kind_is_refused_naming_the_key() -> None:
    raw = village_raw()
    raw["items"]["teapot"] = raw["items"].pop("sock")
    message = _error(raw)
    assert message.startswith("items:")
    assert "unknown item kind 'teapot'" in message


def test_a_custom_item_kind_with_its_tells_is_accepted() -> None:
    raw = village_raw()
    raw["items"]["teapot"] = {
        "weight": raw["items"]["sock"],
        "tells": ["age", "interest"],
        "age_within": 3,
    }
    raw["items"]["sock"] = 0.0
    kinds = validate(raw).kinds
    assert kinds["teapot"].traits == ("interest",)
    assert kinds["teapot"].age_within == 3


def test_an_unknown_key_is_refused_naming_it() -> None:
    raw = village_raw()
    raw["populaton"] = raw["population"]
    assert _error(raw).startswith("populaton:")


def test_negative_carefulness_spread_is_refused_naming_the_key() -> None:
    raw = village_raw()
    raw["carefulness"]["sigma"] = -1
    assert _error(raw).startswith("carefulness.sigma:")


def test_an_unknown_name_culture_is_refused_naming_the_key() -> None:
    raw = village_raw()
    raw["names"] = "xx_YY"
    assert "no name data for 'xx_YY'" in _error(raw)


def test_names_from_a_culture_and_from_attributes_at_once_are_refused() -> None:
    raw = village_raw()
    raw["attributes"]["family_name"] = {"values": 100}
    assert "family_name come from names: ja_JP" in _error(raw)


def test_without_a_name_culture_the_name_attributes_must_be_given() -> None:
    raw = village_raw()
    del raw["names"]
    assert "give a distribution for given_name, family_name" in _error(raw)


def test_the_item_mix_follows_the_losers_age_and_uncovered_ages_use_items() -> None:
    config = validate(village_raw())
    kinds = list(config.items)
    child, adult = config.loss_weights_at(3), config.loss_weights_at(35)
    assert child[kinds.index("interview_folder")] == 0
    assert child[kinds.index("toy")] > 0
    assert adult == config.loss_weights
    assert adult[kinds.index("interview_folder")] > 0


def test_an_age_mix_naming_a_kind_not_under_items_is_refused_naming_the_band() -> None:
    raw = village_raw()
    raw["items_by_age"][1]["mix"]["kite"] = raw["items_by_age"][1]["mix"].pop("toy")
    message = _error(raw)
    assert message.startswith("items_by_age[1].mix:")
    assert "'kite'" in message


def test_overlapping_age_bands_are_refused_naming_the_age() -> None:
    raw = village_raw()
    raw["items_by_age"][1]["ages"] = [4, 11]
    message = _error(raw)
    assert message.startswith("items_by_age[1].ages:")
    assert "age 4" in message


def test_an_age_mix_not_summing_to_one_is_refused_naming_it() -> None:
    raw = village_raw()
    raw["items_by_age"][0]["mix"]["sock"] += 0.5
    message = _error(raw)
    assert message.startswith("items_by_age[0].mix:")
    assert "sum to 1" in message


def test_births_later_than_the_run_are_refused() -> None:
    raw = village_raw()
    raw["population"]["age_pyramid"][0]["ages"] = [-raw["years"], 9]
    assert _error(raw).startswith("population.age_pyramid[0].ages:")


def test_a_config_file_reads_as_the_shipped_config_with_the_same_text(tmp_path: Path) -> None:
    shipped = (resources.files("soulbond.simulator") / "configs" / "village.yaml").read_text("utf-8")
    written = tmp_path / "village.yaml"
    written.write_text(shipped, encoding="utf-8")
    assert load(written) == load("village")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ((HOSTILE / "alias-bomb.yaml").read_text("utf-8"), "line 8: aliases repeat more than 100,000 nodes"),
        ("population: " + "[" * 500 + "]" * 500, "line 1: nested more than 64 levels deep"),
        ("years: 1\n" + "# padding\n" * 120_000, "larger than 1,048,576 bytes"),
        ("years: [1\n", "is not valid YAML"),
    ],
    ids=["alias-bomb", "deep", "too-large", "not-yaml"],
)
def test_a_hostile_config_file_is_refused_by_its_line_in_well_under_a_second(
    text: str, words: str, tmp_path: Path
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert time.process_time() - started < 1.0
    assert str(caught.value).startswith(f"'{path}'")
    assert words in str(caught.value)
