"""Hostile or absurd command lines end in a clear message and exit 2, never in "soulbond hit a bug"."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from soulbond.bootstrap import bootstrap
from soulbond.settings import Settings
from tests.e2e.conftest import soulbond_command
from tests.integration.bulk import T0, in_transit, store


def run_with(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOULBOND_DATABASE_URL": url, "COLUMNS": "400", "NO_COLOR": "1"}
    return subprocess.run(
        [*soulbond_command(), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def bad_input(result: subprocess.CompletedProcess[str], *words: str) -> None:
    said = " ".join(result.stderr.split())
    assert result.returncode == 2, (result.returncode, said)
    assert "hit a bug" not in said
    for word in words:
        assert word in said, said


def test_an_argument_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    # Python hands undecodable bytes to the program as lone surrogates; these are the bytes ff fe.
    bad_input(
        run_with(f"sqlite:///{tmp_path / 'w.db'}", "person", "floor", "\udcff\udcfe"),
        "argument 3",
        "not valid UTF-8",
    )


def test_an_absurd_clock_advance_is_refused_naming_the_span(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    assert run_with(url, "db", "upgrade").returncode == 0
    bad_input(run_with(url, "world", "clock", "advance", "99999999d"), "the span '99999999d'", "3,650 days")
    bad_input(run_with(url, "world", "clock", "advance", "9" * 400 + "m"), "the span", "3,650 days")
    bad_input(
        run_with(url, "world", "clock", "simulated", "9999-12-31T23:00+00:00"),
        "the moment (at)",
        "no later than 9000-01-01",
    )


def test_a_database_url_soulbond_cannot_use_is_refused_naming_the_setting(tmp_path: Path) -> None:
    for url in ("bogus://x", "nonsense", "mysql://someone@db/world"):
        bad_input(run_with(url, "world", "clock", "show"), "SOULBOND_DATABASE_URL", "cannot be used")
    bad_input(run_with("bogus://x", "serve", "--port", "0"), "SOULBOND_DATABASE_URL")


def test_a_setting_that_is_not_a_number_is_refused_naming_it() -> None:
    env = {**os.environ, "SOULBOND_WORKER_BATCH": "many"}
    result = subprocess.run(
        [*soulbond_command(), "worker", "--once"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    bad_input(result, "SOULBOND_WORKER_BATCH")


def test_a_cli_name_longer_than_its_limit_is_refused_and_nothing_is_registered(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    assert run_with(url, "db", "upgrade").returncode == 0
    register = [
        "registry",
        "register",
        "newcomer",
        "--born",
        "1990-11-27",
        "--place",
        "Konoha",
        "--tz",
        "Asia/Tokyo",
    ]
    bad_input(run_with(url, *register, "--name", "R" * 100_000 + " Lee"), "the given name is 100,000")
    bad_input(run_with(url, *register, "--name", "Rock Lee", "--trait", "hobby=" + "x" * 300), "hobby")
    assert run_with(url, "person", "floor", "newcomer").returncode == 2


def test_every_due_delivery_is_counted_past_ten_thousand(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    live = bootstrap(Settings(database_url=url))
    live.upgrade()
    store(live, in_transit(20, 10_050), T0)
    live.close()
    result = run_with(url, "world", "clock", "advance", "2d", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["due"] == 10_050


def test_backup_and_restore_on_the_command_line_copy_the_world_and_refuse_to_overwrite(
    tmp_path: Path,
) -> None:
    url, restored = f"sqlite:///{tmp_path / 'w.db'}", f"sqlite:///{tmp_path / 'r.db'}"
    live = bootstrap(Settings(database_url=url))
    live.upgrade()
    store(live, in_transit(2, 30), T0)
    live.close()
    copy = str(tmp_path / "w.backup")
    assert run_with(url, "backup", copy).returncode == 0
    bad_input(run_with(url, "backup", copy), "exists already")
    assert run_with(restored, "restore", copy).returncode == 0
    bad_input(run_with(restored, "restore", copy), "holds a world already")
    shown = [
        json.loads(run_with(u, "world", "clock", "advance", "2d", "--json").stdout) for u in (url, restored)
    ]
    assert shown[0] == shown[1] and shown[0]["due"] == 30
