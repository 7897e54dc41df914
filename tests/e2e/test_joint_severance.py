"""A joint severance by commands alone, from two signatures to the bond breaking, as each partner is told."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import ROOT
from tests.e2e.test_cli_person import run_in

WORLD = ROOT / "tests" / "fixtures" / "live" / "foundation-town.yaml"


def notices(db: Path, person: str) -> list[tuple[str, str]]:
    done = run_in(db, "person", "inbox", person, "--json")
    assert done.returncode == 0, done.stderr
    return [(n["state"], n["text"]) for n in json.loads(done.stdout)["notices"]]


def test_a_joint_severance_runs_from_two_signatures_to_the_bond_breaking_with_every_notice_in_both_inboxes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "world.db"
    assert run_in(db, "db", "upgrade").returncode == 0
    assert run_in(db, "world", "import", str(WORLD)).returncode == 0
    steps = [
        ("foundation", "apply-for-job", "kari"),
        ("foundation", "hire", "tsunade", "kari"),
        ("foundation", "apply", "mika", "--jointly", "--reasons", "we met, and we both want to choose"),
    ]
    for step in steps:
        assert run_in(db, *step).returncode == 0, step
    assert notices(db, "jonas") == [
        ("awaiting a signature", "a joint application to sever your bond awaits your signature")
    ]
    # Nothing is filed, and no caseworker can take it, until the partner signs with reasons of their own.
    assert run_in(db, "foundation", "take", "kari", "1").returncode == 1
    steps = [
        ("foundation", "sign", "jonas", "1", "--reasons", "I want to choose too"),
        ("foundation", "take", "kari", "1"),
        ("foundation", "open", "kari", "1"),
        ("foundation", "decide", "kari", "1", "--approve", "--reasons", "both signed; both know it is final"),
        ("world", "clock", "advance", "31d", "--deliver"),
    ]
    for step in steps:
        assert run_in(db, *step).returncode == 0, step
    for partner in ("mika", "jonas"):
        told = notices(db, partner)
        assert [state for state, _ in told] == [
            "awaiting a signature",
            "filed",
            "under review",
            "approved, cooling off",
            "severed",
        ]
        assert "both signed; both know it is final" in told[3][1]
        assert all("Mika" not in text and "Jonas" not in text and "Kari" not in text for _, text in told)
    # Severance is permanent: nothing travels any more, and nothing more can be done on the case.
    assert run_in(db, "foundation", "withdraw", "mika", "1").returncode == 1
