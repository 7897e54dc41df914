"""when each item was made: what is on it describes its first owner as they were then

Revision ID: 0005_items_made
Revises: 0004_what_finders_see
Create Date: 2026-11-29

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_items_made"
down_revision: str | Sequence[str] | None = "0004_what_finders_see"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Items stored before this revision are undated: what is on them shows their owner at the loss.
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("made", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("made")
