"""The live world's tables, as SQLAlchemy Core: plain rows, no ORM classes.

Moments are stored as UTC ``DateTime(timezone=True)``; facts, disclosures and
other small structures as JSON text written by ``codec``. The Alembic
migrations in ``migrations/versions`` create exactly these tables; a test
checks the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def partial(condition: str) -> dict[str, Any]:
    """An index over the rows that meet ``condition`` only, the same on SQLite and PostgreSQL."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


metadata = MetaData()


class UtcMoment(TypeDecorator[datetime]):
    """A moment in UTC: aware in Python, ``timestamptz`` on PostgreSQL, ISO text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"{value} has no time zone; soulbond stores only aware moments")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Moment = UtcMoment()

world = Table(
    "world",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("clock", String(16), nullable=False, server_default="real"),
    Column("simulated_now", Moment, nullable=True),
    Column("director", String(200), nullable=True),
    Column("cooling_off_seconds", Integer, nullable=False),
    Column("title", Text, nullable=False, server_default=""),
    # The distributions an imported scenario drew its strangers from (JSON), so
    # `world export` can write them back; NULL when the world has none.
    Column("strangers", Text, nullable=True),
    # Fate's randomness in a live world: each person-day's losses come from this seed,
    # and fate has made every loss before ``fate_until`` (NULL: it has not run yet).
    Column("seed", BigInteger, nullable=False, server_default="0"),
    Column("fate_until", Moment, nullable=True),
)

people = Table(
    "people",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("given_name", String(200), nullable=False),
    Column("family_name", String(200), nullable=False),
    Column("born", Date, nullable=False),
    Column("home_place", Text, nullable=False),
    Column("home_tz", String(64), nullable=False),
    Column("home_wakes", String(8), nullable=False),
    Column("carefulness", Float, nullable=False),
    Column("died", Moment, nullable=True),
    Column("notorious_since", Moment, nullable=True),
    Column("stranger", Boolean, nullable=False, server_default=text("false")),
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_people_born", "born", "died"),
    Index("ix_people_family_notorious", "family_name", "notorious_since"),
    # The dead by birth date: a candidate count takes away those who died too early.
    Index(
        "ix_people_dead",
        "born",
        "died",
        "id",
        **partial("died IS NOT NULL"),
    ),
)

# Every home a person has had, from when: the rules keep only the current one,
# and an exported story needs the earlier ones (deliveries went to them).
homes = Table(
    "homes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person", String(200), ForeignKey("people.id"), nullable=False),
    Column("since", Moment, nullable=True),
    Column("place", Text, nullable=False),
    Column("tz", String(64), nullable=False),
    Column("wakes", String(8), nullable=False),
    Index("ix_homes_person", "person", "since"),
)

# One row per value a person holds for a trait over a closed interval of time;
# NULL ends are open. Names are traits too, so a finder's facts all match here.
traits = Table(
    "traits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person", String(200), ForeignKey("people.id"), nullable=False),
    Column("key", String(100), nullable=False),
    Column("value", Text, nullable=False),
    Column("since", Moment, nullable=True),
    Column("until", Moment, nullable=True),
    # The holder's birth date, which never changes: a finder's birth range then
    # narrows a trait's holders inside one index range.
    Column("born", Date, nullable=False),
    Index("ix_traits_match", "key", "value", "person", "since", "until"),
    # Covering: a candidate count reads a value's holders in a birth range, and
    # whether they held it then, from the index alone.
    Index("ix_traits_born", "key", "value", "born", "person", "since", "until"),
    Index("ix_traits_person", "person", "key"),
)

bonds = Table(
    "bonds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("first", String(200), ForeignKey("people.id"), nullable=False),
    Column("second", String(200), ForeignKey("people.id"), nullable=False),
    Column("since", Moment, nullable=False),
    Column("state", String(16), nullable=False),
    Column("ended", Moment, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
)

# Primary key on the person: nobody can be in two bonds, whatever races.
bond_members = Table(
    "bond_members",
    metadata,
    Column("person", String(200), ForeignKey("people.id"), primary_key=True),
    Column("bond", Integer, ForeignKey("bonds.id"), nullable=False),
    Index("ix_bond_members_bond", "bond"),
)

items = Table(
    "items",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("description", Text, nullable=False),
    Column("disclosures", Text, nullable=False),
    Column("first_owner", String(200), ForeignKey("people.id"), nullable=True),
    # When what is on it was made; NULL when undated (it then shows its owner at the loss).
    Column("made", Moment, nullable=True),
    Column("where", String(32), nullable=False),
    Column("person", String(200), ForeignKey("people.id"), nullable=False),
    Column("how", Text, nullable=False, server_default=""),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("looks", Text, nullable=False, server_default=""),
    Column("lies_at", Text, nullable=False, server_default=""),
    Index("ix_items_place", "person", "where"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item", String(200), ForeignKey("items.id"), nullable=False),
    Column("loser", String(200), ForeignKey("people.id"), nullable=False),
    Column("recipient", String(200), ForeignKey("people.id"), nullable=False),
    Column("lost_at", Moment, nullable=False),
    Column("due", Moment, nullable=False),
    Column("facts", Text, nullable=False),
    Column("state", String(32), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_deliveries_due", "state", "due"),
    Index("ix_deliveries_recipient_due", "recipient", "state", "due"),
    Index("ix_deliveries_item", "item", "state"),
    # At most one trip under way per item.
    Index(
        "ux_deliveries_one_pending",
        "item",
        unique=True,
        **partial("state = 'pending'"),
    ),
)

knowledge = Table(
    "knowledge",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("finder", String(200), ForeignKey("people.id"), nullable=False),
    Column("item", String(200), ForeignKey("items.id"), nullable=False),
    Column("arrived", Moment, nullable=False),
    Column("facts", Text, nullable=False),
    # A delivery teaches its finder once.
    Column("delivery", Integer, ForeignKey("deliveries.id"), nullable=True, unique=True),
    Index("ix_knowledge_finder", "finder"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sender", String(200), ForeignKey("people.id"), nullable=False),
    Column("sender_handle", String(200), nullable=False),
    Column("recipient", String(200), ForeignKey("people.id"), nullable=True),
    Column("recipient_handle", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("at", Moment, nullable=False),
    Column("delivered", Boolean, nullable=False),
    Index("ix_messages_pair", "sender", "recipient"),
)

blocks = Table(
    "blocks",
    metadata,
    Column("person", String(200), ForeignKey("people.id"), primary_key=True),
    Column("handle", String(200), primary_key=True),
)

registry_asks = Table(
    "registry_asks",
    metadata,
    Column("first", String(200), ForeignKey("people.id"), primary_key=True),
    Column("second", String(200), ForeignKey("people.id"), primary_key=True),
    Column("asker", String(200), ForeignKey("people.id"), primary_key=True),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("first", String(200), ForeignKey("people.id"), nullable=False),
    Column("second", String(200), ForeignKey("people.id"), nullable=False),
    Column("applicants", Text, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("filed_at", Moment, nullable=False),
    Column("state", String(32), nullable=False),
    Column("statement", Text, nullable=True),
    Column("caseworker", String(200), nullable=True),
    Column("appeal_judge", String(200), nullable=True),
    Column("appealed_by", String(200), nullable=True),
    Column("appeal_reasons", Text, nullable=True),
    Column("cooling_off_ends", Moment, nullable=True),
    Column("history", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_cases_first", "first"),
    Index("ix_cases_second", "second"),
    Index("ix_cases_cooling", "state", "cooling_off_ends"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case", Integer, ForeignKey("cases.id"), nullable=False),
    Column("by", String(200), ForeignKey("people.id"), nullable=False),
    Column("approve", Boolean, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("at", Moment, nullable=False),
    Column("on_appeal", Boolean, nullable=False),
    Index("ix_decisions_case", "case"),
)

file_openings = Table(
    "file_openings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case", Integer, ForeignKey("cases.id"), nullable=False),
    Column("caseworker", String(200), ForeignKey("people.id"), nullable=False),
    Column("at", Moment, nullable=False),
    Index("ix_file_openings_case", "case"),
)

caseworkers = Table(
    "caseworkers",
    metadata,
    Column("person", String(200), ForeignKey("people.id"), primary_key=True),
    Column("hired", Moment, nullable=False),
    Column("senior", Boolean, nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("caseworker", String(200), ForeignKey("caseworkers.person"), primary_key=True),
    Column("case", Integer, ForeignKey("cases.id"), primary_key=True),
)

job_applications = Table(
    "job_applications",
    metadata,
    Column("person", String(200), ForeignKey("people.id"), primary_key=True),
    Column("at", Moment, nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("person", String(200), ForeignKey("people.id"), primary_key=True),
    Column("case", Integer, ForeignKey("cases.id"), primary_key=True),
)

# A key belongs to the person (or role) who sent it, and to one request: the
# fingerprint hashes the use case and the command's fields, so a retry can be
# told from a different request under the same key.
idempotency = Table(
    "idempotency",
    metadata,
    Column("actor", String(200), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("use_case", String(64), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("result", Text, nullable=False),
)

# Append-only: rows are inserted, never updated or deleted. ``delivery`` is set
# on arrivals only, and is unique, so no delivery can happen twice. It is the
# table's one index: an index holds an entry for every row it covers, so a
# unique constraint over every row wrote a page of it on every change; this one
# covers arrivals only.
ledger = Table(
    "ledger",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Moment, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("actor", String(200), nullable=True),
    Column("other", String(200), nullable=True),
    Column("item", String(200), nullable=True),
    Column("case", Integer, nullable=True),
    Column("text", Text, nullable=False, server_default=""),
    Column("facts", Text, nullable=False, server_default="[]"),
    Column("due", Moment, nullable=True),
    Column("delivery", Integer, nullable=True),
    Column("request_id", String(200), nullable=True),
    Column("idempotency_key", String(200), nullable=True),
    Index(
        "ux_ledger_one_arrival",
        "delivery",
        unique=True,
        **partial("delivery IS NOT NULL"),
    ),
)

# Accounts reach the world from devices; they are not part of it. A session keeps
# only its token's hash; failed logins are kept to limit how fast passwords are tried.
accounts = Table(
    "accounts",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("person", String(200), nullable=True),
    Column("created", Moment, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account", String(64), ForeignKey("accounts.name"), nullable=False),
    Column("created", Moment, nullable=False),
    Column("expires", Moment, nullable=False),
    Column("ended", Moment, nullable=True),
)

photos = Table(
    "photos",
    metadata,
    Column("item", String(200), primary_key=True),
    Column("owner", String(200), nullable=False),
    Column("media_type", String(40), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("added", Moment, nullable=False),
    Index("ix_photos_owner", "owner"),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", Moment, nullable=False),
    Index("ix_login_failures_name_at", "name", "at"),
    Index("ix_login_failures_address_at", "address", "at"),
)
