"""A statement's short IN lists bound one value to a placeholder answer exactly as SQLAlchemy's expanding lists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    or_,
    select,
)

from soulbond.adapters.short_lists import LONGEST_REWRITTEN, bound

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(10)),
    Column("kind", String(10)),
)
# Two named lists, one used twice, and a list written into the statement.
OWNED = select(things.c.id).where(
    or_(
        things.c.owner.in_(bindparam("people", expanding=True)),
        things.c.kind.in_(bindparam("people", expanding=True)),
    ),
    things.c.id.in_(bindparam("ids", expanding=True)),
    things.c.kind.in_(["rock", "sock", "folder"]),
)
NAMES = [f"p{n}" for n in range(12)] + ["rock", "sock"]


@pytest.fixture(scope="module")
def connection() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.connect() as c:
        kinds = ["rock", "sock", "folder", "letter", "p3"]
        c.execute(
            things.insert(),
            [{"id": n, "owner": f"p{n % 12}", "kind": kinds[n % len(kinds)]} for n in range(200)],
        )
        yield c
    engine.dispose()


@given(
    people=st.lists(st.sampled_from(NAMES), max_size=LONGEST_REWRITTEN + 3),
    ids=st.lists(st.integers(0, 220), max_size=LONGEST_REWRITTEN + 3),
)
def test_bound_lists_find_what_expanding_lists_find(
    connection: Connection, people: list[str], ids: list[int]
) -> None:
    params = {"people": people, "ids": ids}
    expected = sorted(connection.execute(OWNED, params).scalars())
    assert sorted(connection.execute(*bound(OWNED, params)).scalars()) == expected


def test_short_lists_are_sent_as_placeholders_and_long_ones_as_sqlalchemy_sends_them(
    connection: Connection,
) -> None:
    short, flat = bound(OWNED, {"people": ["p1", "p2"], "ids": [1]})
    assert short is not OWNED
    assert flat == {"people_0": "p1", "people_1": "p2", "ids_0": 1}
    # The named lists and the list written into the statement alike.
    assert "POSTCOMPILE" not in str(short.compile(connection))
    # The same lengths give the very same statement, compiled once.
    assert bound(OWNED, {"people": ["p7", "p8"], "ids": [5]})[0] is short
    long_list = list(range(LONGEST_REWRITTEN + 1))
    assert bound(OWNED, {"people": ["p1"], "ids": long_list})[0] is OWNED
    assert bound(OWNED, {"people": [], "ids": [1]})[0] is OWNED
