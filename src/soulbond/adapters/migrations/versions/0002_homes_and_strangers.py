"""homes and strangers for `world export`; covering indexes for candidate counts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "homes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("wakes", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["person"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("homes", schema=None) as batch_op:
        batch_op.create_index("ix_homes_person", ["person", "since"], unique=False)
    with op.batch_alter_table("world", schema=None) as batch_op:
        batch_op.add_column(sa.Column("strangers", sa.Text(), nullable=True))
    with op.batch_alter_table("traits", schema=None) as batch_op:
        batch_op.drop_index("ix_traits_born")
        batch_op.create_index(
            "ix_traits_born", ["key", "value", "born", "person", "since", "until"], unique=False
        )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            "ix_people_dead",
            ["born", "died", "id"],
            unique=False,
            sqlite_where=sa.text("died IS NOT NULL"),
            postgresql_where=sa.text("died IS NOT NULL"),
        )
    # Worlds stored before this revision: each registered person's current home is the one known.
    op.execute(
        "INSERT INTO homes (person, since, place, tz, wakes) "
        "SELECT id, NULL, home_place, home_tz, home_wakes FROM people WHERE stranger = false"
    )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_dead", sqlite_where=sa.text("died IS NOT NULL"))
    with op.batch_alter_table("traits", schema=None) as batch_op:
        batch_op.drop_index("ix_traits_born")
        batch_op.create_index("ix_traits_born", ["key", "value", "born", "person"], unique=False)
    with op.batch_alter_table("world", schema=None) as batch_op:
        batch_op.drop_column("strangers")
    with op.batch_alter_table("homes", schema=None) as batch_op:
        batch_op.drop_index("ix_homes_person")
    op.drop_table("homes")
