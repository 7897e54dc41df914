"""fate in the live world: the world's seed, and how far fate has run

Revision ID: 0007_fate
Revises: 0006_versions
Create Date: 2026-11-29

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_fate"
down_revision: str | Sequence[str] | None = "0006_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("world", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seed", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("fate_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("world", schema=None) as batch_op:
        batch_op.drop_column("fate_until")
        batch_op.drop_column("seed")
