"""Statements run straight on SQLite's driver answer exactly what SQLAlchemy answers for them, and fail alike."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Executable, create_engine, insert, select, update

from soulbond.adapters import hydrate
from soulbond.adapters import tables as t
from soulbond.adapters.accounts_sql import SIGNED_IN
from soulbond.adapters.errors import ConcurrencyConflict, translated
from soulbond.adapters.prepared import Ran, read_alone, run
from soulbond.adapters.short_lists import bound
from soulbond.adapters.unit_of_work import RECALL
from soulbond.adapters.writeback import INSERT_ONE_DELIVERY, MOVE_ITEM
from soulbond.bootstrap import Live, bootstrap
from soulbond.cli.demo import load_demo
from soulbond.service import accounts
from soulbond.service.accounts import AccountPolicy
from soulbond.settings import Settings

CHEAP = AccountPolicy(time_cost=1, memory_kib=8, parallelism=1)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo world (the lost-things story, its Foundation and accounts), stored once for the module."""
    path = tmp_path_factory.mktemp("prepared") / "world.db"
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    try:
        assert load_demo(live, CHEAP, lambda: datetime.now(UTC))
    finally:
        live.close()
    return path


@pytest.fixture(scope="module")
def demo(demo_file: Path) -> Iterator[Live]:
    live = bootstrap(Settings(database_url=f"sqlite:///{demo_file}"))
    yield live
    live.close()


@pytest.fixture
def fresh(demo_file: Path, tmp_path: Path) -> Iterator[Live]:
    """A copy of the demo world of the test's own, to write to."""
    shutil.copy(demo_file, tmp_path / "world.db")
    live = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'world.db'}"))
    yield live
    live.close()


@pytest.fixture(scope="module")
def ids(demo: Live) -> dict[str, list[Any]]:
    with demo.engine.connect() as c:
        return {
            "people": sorted(c.execute(select(t.people.c.id)).scalars()),
            "items": sorted(c.execute(select(t.items.c.id)).scalars()),
            "deliveries": sorted(c.execute(select(t.deliveries.c.id)).scalars()),
            "tokens": sorted(c.execute(select(t.sessions.c.token_hash)).scalars()),
        }


def both(c: Connection, statement: Executable, params: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """What SQLAlchemy answers, then what the straight path answers, each as (names, values) per row."""
    theirs = c.execute(statement, params)
    keys = list(theirs.keys())
    expected = [(keys, tuple(row)) for row in theirs]
    ours = run(c, statement, params)
    assert isinstance(ours, Ran), "a statement on SQLite went through SQLAlchemy"
    found = [(list(row._fields), tuple(row)) for row in ours]
    return expected, found


def test_the_demo_world_has_what_the_comparisons_need(ids: dict[str, list[Any]]) -> None:
    assert len(ids["people"]) > 3 and len(ids["items"]) > 3 and len(ids["deliveries"]) > 3


def test_the_world_row_and_a_missing_idempotency_key_read_alike(demo: Live) -> None:
    with demo.engine.connect() as c:
        expected, found = both(c, hydrate.WORLD, {})
        assert found == expected and len(found) == 1
        expected, found = both(c, RECALL, {"actor": "iruka", "key": "none such"})
        assert found == expected == []


def test_a_session_reads_alike_with_its_moments_in_utc(demo: Live) -> None:
    issued = accounts.log_in(
        accounts.LogIn("iruka", "iruka-demo", "127.0.0.1"), demo.accounts(), lambda: datetime.now(UTC), CHEAP
    )
    assert issued.token
    with demo.engine.connect() as c:
        for token_hash in c.execute(select(t.sessions.c.token_hash)).scalars():
            expected, found = both(c, SIGNED_IN, {"token_hash": token_hash})
            assert found == expected and len(found) == 1
            assert found[0][1][found[0][0].index("expires")].tzinfo is not None


SLICE_READS = {
    "people with traits": (hydrate.PEOPLE_WITH_TRAITS, "people"),
    "bonds": (hydrate.BONDS_OF, "people"),
    "open cases": (hydrate.OPEN_CASES, "people"),
    "items": (hydrate.ITEMS, "items"),
    "holdings": (hydrate.HOLDINGS, "people"),
    "floors": (hydrate.FLOORS, "people"),
    "earlier arrivals": (hydrate.EARLIER_ARRIVALS, "items"),
}


@pytest.mark.parametrize("name", SLICE_READS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_slices_reads_answer_alike_whatever_it_asks_for(
    name: str, data: st.DataObject, demo: Live, ids: dict[str, list[Any]]
) -> None:
    statement, kind = SLICE_READS[name]
    chosen = data.draw(st.lists(st.sampled_from(ids[kind] + ["nobody"]), min_size=1, max_size=8, unique=True))
    key = "carried" if statement is hydrate.EARLIER_ARRIVALS else kind
    with demo.engine.connect() as c:
        expected, found = both(c, *bound(statement, {key: sorted(chosen)}))
    assert found == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_slices_deliveries_answer_alike_in_every_combination(
    data: st.DataObject, demo: Live, ids: dict[str, list[Any]]
) -> None:
    parts = tuple(sorted(data.draw(st.sets(st.sampled_from(sorted(hydrate._ARRIVAL_PARTS)), min_size=1))))
    people = data.draw(st.lists(st.sampled_from(ids["people"]), min_size=1, max_size=4, unique=True))
    params = {
        "deliveries": data.draw(
            st.lists(st.sampled_from(ids["deliveries"]), min_size=1, max_size=4, unique=True)
        ),
        "items": data.draw(st.lists(st.sampled_from(ids["items"]), min_size=1, max_size=4, unique=True)),
        "people": people,
        "in_a_case": people[:1],
        "due_by": datetime(2010, 1, 1, tzinfo=UTC) + timedelta(days=data.draw(st.integers(0, 8000))),
    }
    with demo.engine.connect() as c:
        expected, found = both(c, *bound(hydrate.arrivals_query(parts), params))
    assert found == expected


def test_a_long_list_goes_through_sqlalchemy_and_answers_the_same(
    demo: Live, ids: dict[str, list[Any]]
) -> None:
    with demo.engine.connect() as c:
        statement, params = bound(hydrate.ITEMS, {"items": ids["items"][:20]})
        answered = run(c, statement, params)
        assert not isinstance(answered, Ran)
        assert sorted(r.id for r in answered) == ids["items"][:20]


def test_writes_land_in_the_same_transaction_and_count_their_rows(
    fresh: Live, ids: dict[str, list[Any]]
) -> None:
    item = ids["items"][0]
    with fresh.engine.connect() as c:
        version = c.execute(select(t.items.c.version).where(t.items.c.id == item)).scalar_one()
        move = {
            "_id": item,
            "_where": "with",
            "_person": "iruka",
            "_how": "",
            "_lies_at": "",
            "_new_version": version + 1,
        }
        assert run(c, MOVE_ITEM, {**move, "_version": version}).rowcount == 1
        # The version read is stale now: an optimistic write meets no row.
        assert run(c, MOVE_ITEM, {**move, "_version": version}).rowcount == 0
        c.rollback()
        assert c.execute(select(t.items.c.version).where(t.items.c.id == item)).scalar_one() == version
        delivery = {
            "item": item,
            "loser": "iruka",
            "recipient": "kakashi",
            "lost_at": datetime(2020, 1, 1, tzinfo=UTC),
            "due": datetime(2020, 1, 2, 7, tzinfo=UTC),
            "facts": "[]",
            "state": "delivered",
        }
        new = run(c, INSERT_ONE_DELIVERY, delivery).scalar_one()
        stored = c.execute(select(t.deliveries).where(t.deliveries.c.id == new)).one()
        assert stored.due == datetime(2020, 1, 2, 7, tzinfo=UTC) and stored.recipient == "kakashi"
        c.commit()


def test_a_clash_is_told_as_sqlalchemys_would_be(fresh: Live) -> None:
    remember = insert(t.idempotency)
    row = {"actor": "iruka", "key": "k", "use_case": "u", "fingerprint": "f", "result": "{}"}
    with fresh.engine.connect() as c:
        run(c, remember, row)
        with pytest.raises(ConcurrencyConflict), translated():
            run(c, remember, row)


def test_a_read_alone_answers_as_sqlalchemy_and_sees_each_commit_before_it(fresh: Live) -> None:
    login = accounts.LogIn("kakashi", "kakashi-demo", "127.0.0.1")
    issued = accounts.log_in(login, fresh.accounts(), lambda: datetime.now(UTC), CHEAP)
    token_hash = accounts.token_hash(issued.token)
    with fresh.engine.connect() as c:
        expected = [tuple(r) for r in c.execute(SIGNED_IN, {"token_hash": token_hash})]
    found = read_alone(fresh.engine, SIGNED_IN, {"token_hash": token_hash})
    assert isinstance(found, Ran) and [tuple(r) for r in found] == expected and len(expected) == 1
    ended = datetime(2030, 1, 1, tzinfo=UTC)
    with fresh.engine.begin() as c:
        c.execute(update(t.sessions).where(t.sessions.c.token_hash == token_hash).values(ended=ended))
    assert read_alone(fresh.engine, SIGNED_IN, {"token_hash": token_hash}).first().ended == ended


def test_a_read_alone_in_a_memory_database_reads_that_database() -> None:
    """A database in memory is one connection's own: another would see an empty one."""
    engine = create_engine("sqlite://")
    t.metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(insert(t.world).values(id=1, cooling_off_seconds=0))
    try:
        assert read_alone(engine, hydrate.WORLD, {}).first().id == 1
    finally:
        engine.dispose()
