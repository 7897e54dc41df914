"""``soulbond simulate`` as a person runs it: tables, a report whose pictures load, clear errors."""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image
import pyarrow.parquet as pq

from tests.e2e.conftest import run

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def test_simulating_the_town_writes_tables_and_a_report_whose_every_image_loads(tmp_path: Path) -> None:
    out = tmp_path / "town-run"
    done = run("simulate", "town", "--years", "12", "--size", "4000", "--seeds", "1,2", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "bonded pairs were followed" in done.stdout
    for seed in (1, 2):
        people = pq.read_table(out / f"seed={seed}" / "people" / "part-00000.parquet")
        assert people.num_rows == 4000
        assert {"identified_age", "items_received", "bond", "severed_year"} <= set(people.column_names)
        assert pq.read_table(out / f"seed={seed}" / "yearly.parquet").num_rows == 12
    page = (out / "report.html").read_text()
    images = _Images()
    images.feed(page)
    assert len(images.sources) == 4
    for source in images.sources:
        match = re.fullmatch(r"data:image/png;base64,([A-Za-z0-9+/=]+)", source)
        assert match is not None
        png = base64.b64decode(match.group(1))
        assert png.startswith(PNG_MAGIC)
        pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
        assert pixels.shape[0] > 100 and pixels.shape[1] > 100


def test_a_bad_config_exits_2_with_one_message_naming_the_key(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[2] / "src/soulbond/simulator/configs/village.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped.read_text().replace("application_rate: 0.004", "application_rate: -1"))
    done = run("simulate", str(bad), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "foundation.application_rate" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2


def test_too_many_trait_values_to_count_exits_2_naming_the_attributes(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[2] / "src/soulbond/simulator/configs/village.yaml"
    bad = tmp_path / "huge.yaml"
    bad.write_text(re.sub(r"values: \d+", "values: 1000000", shipped.read_text()))
    done = run("simulate", str(bad), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "attributes" in done.stderr and "values" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_config_name_exits_2_listing_the_shipped_ones(tmp_path: Path) -> None:
    done = run("simulate", "atlantis", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "town" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_seeds_exit_2_naming_the_option(tmp_path: Path) -> None:
    done = run("simulate", "town", "--seeds", "1,two", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "--seeds" in done.stderr


def test_the_help_shows_an_example() -> None:
    done = run("simulate", "--help")
    assert done.returncode == 0
    assert "soulbond simulate town --seeds 1,2,3" in done.stdout


def test_simulating_like_lost_things_places_the_storys_finders_among_their_peers(tmp_path: Path) -> None:
    out = tmp_path / "typical"
    done = run(
        "simulate", "--like", "lost-things", "--size", "30000", "--replications", "2", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    page = (out / "report.html").read_text()
    assert "How typical is Lost things?" in page
    kakashi = re.search(
        r"Kakashi Hatake \(born 1990.*?identified their soulmate at 27: percentile (\d+)", page
    )
    assert kakashi is not None
    assert 0 <= int(kakashi.group(1)) <= 100
    iruka = re.search(
        r"Iruka Umino .*?had not identified their soulmate .*?(\d+)% of their simulated peers", page
    )
    assert iruka is not None
    assert re.search(r"They had received 3 item\(s\): percentile \d+", page)
    assert "1,901 people still fitted" in page
    images = _Images()
    images.feed(page)
    assert len(images.sources) == 2 + 4  # a row of plots per finder, then the usual four
    people = pq.read_table(out / "seed=1" / "people" / "part-00000.parquet")
    assert people.num_rows == 30000
    assert people["born"].to_numpy().min() >= 1935


def test_like_a_scenario_that_does_not_exist_exits_2_naming_the_option(tmp_path: Path) -> None:
    done = run("simulate", "--like", "no-such-story", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "--like" in done.stderr and "no-such-story" in done.stderr
    assert "Traceback" not in done.stderr
