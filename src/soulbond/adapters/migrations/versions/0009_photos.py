"""photos of possessions, kept for whoever added them

Revision ID: 0009_photos
Revises: 0008_accounts
Create Date: 2026-11-29

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_photos"
down_revision: str | Sequence[str] | None = "0008_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("item", sa.String(length=200), primary_key=True),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_photos_owner", "photos", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_photos_owner", table_name="photos")
    op.drop_table("photos")
