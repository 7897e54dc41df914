"""Advancing a simulated clock says who makes the deliveries, or makes them with --deliver."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from soulbond.bootstrap import bootstrap
from soulbond.cli.app import app
from soulbond.service import possessions
from soulbond.settings import Settings
from tests.integration.factories import T0, add_item, make_pair, place_of


def _world_with_a_loss_in_transit(url: str) -> None:
    live = bootstrap(Settings(database_url=url))
    live.upgrade()
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    _, iruka = make_pair(live)
    add_item(live, iruka, "rock")
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    live.close()


def advance(url: str, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["world", "clock", "advance", *args], env={"SOULBOND_DATABASE_URL": url, "COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_advancing_past_a_delivery_says_the_worker_makes_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'world.db'}"
    _world_with_a_loss_in_transit(url)
    assert "nothing is due yet" in advance(url, "1h")
    said = advance(url, "1d")
    assert "1 deliveries or severances are now due" in said and "soulbond worker --once" in said
    live = bootstrap(Settings(database_url=url))
    assert place_of(live, "rock")[0] == "in transit"
    live.close()


def test_advancing_with_deliver_makes_what_fell_due(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'world.db'}"
    _world_with_a_loss_in_transit(url)
    assert "1 deliveries and severances made" in advance(url, "1d", "--deliver")
    live = bootstrap(Settings(database_url=url))
    assert place_of(live, "rock")[0] == "on a floor"
    live.close()
