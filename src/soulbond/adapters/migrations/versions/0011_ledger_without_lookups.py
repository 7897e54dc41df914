"""the ledger keeps one index, over arrivals only

The ledger is appended to on every change and read whole, in order, by an
export. Its indexes by moment and by item answered no query, and its unique
constraint on ``delivery`` held an entry for every row, though only arrivals
have a delivery: each change wrote a page of all three to the database's log,
about a third of what a reported loss writes. One arrival per delivery is now
a unique index over the rows that have one.

Revision ID: 0011_ledger_without_lookups
Revises: 0010_arrivals_by_due
Create Date: 2026-11-30

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_ledger_without_lookups"
down_revision: str | Sequence[str] | None = "0010_arrivals_by_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARRIVALS = sa.text("delivery IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_ledger_at", table_name="ledger")
    op.drop_index("ix_ledger_item", table_name="ledger")
    # SQLite keeps a table's constraints in its definition: batch mode copies the table without it.
    with op.batch_alter_table("ledger") as batch_op:
        batch_op.drop_constraint("ux_ledger_one_arrival", type_="unique")
    op.create_index(
        "ux_ledger_one_arrival",
        "ledger",
        ["delivery"],
        unique=True,
        sqlite_where=ARRIVALS,
        postgresql_where=ARRIVALS,
    )


def downgrade() -> None:
    op.drop_index("ux_ledger_one_arrival", table_name="ledger")
    with op.batch_alter_table("ledger") as batch_op:
        batch_op.create_unique_constraint("ux_ledger_one_arrival", ["delivery"])
    op.create_index("ix_ledger_item", "ledger", ["item"])
    op.create_index("ix_ledger_at", "ledger", ["at"])
