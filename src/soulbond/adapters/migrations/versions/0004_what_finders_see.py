"""what a finder sees of an item, where a thing lost for good lies, messages to numbers no one has

Revision ID: 0004_what_finders_see
Revises: 0003_idempotency_per_actor
Create Date: 2026-11-29

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_what_finders_see"
down_revision: str | Sequence[str] | None = "0003_idempotency_per_actor"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("looks", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("lies_at", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("recipient", existing_type=sa.String(length=200), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("recipient", existing_type=sa.String(length=200), nullable=False)
    with op.batch_alter_table("items") as batch:
        batch.drop_column("lies_at")
        batch.drop_column("looks")
