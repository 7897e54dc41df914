"""a person's pending deliveries indexed by when they fall due

A person's everyday look reads what travels to them and has fallen due; with the
due moment in the recipient's index, deliveries still on their way are never read
at all, however many there are.

Revision ID: 0010_arrivals_by_due
Revises: 0009_photos
Create Date: 2026-11-30

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_arrivals_by_due"
down_revision: str | Sequence[str] | None = "0009_photos"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_deliveries_recipient_due", "deliveries", ["recipient", "state", "due"])
    op.drop_index("ix_deliveries_recipient", table_name="deliveries")


def downgrade() -> None:
    op.create_index("ix_deliveries_recipient", "deliveries", ["recipient", "state"])
    op.drop_index("ix_deliveries_recipient_due", table_name="deliveries")
