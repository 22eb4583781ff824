"""Första tabellerna: anteckningar och deras historik.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anteckning",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("typ", sa.String(20), nullable=False),
        sa.Column("kommun_kod", sa.String(10), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("amne", sa.String(200)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ansvarig", sa.String(200)),
        sa.Column("klart_senast", sa.Date),
        sa.Column("status", sa.String(10)),
        sa.Column("skapad_av", sa.String(100), nullable=False),
        sa.Column("skapad", sa.DateTime, nullable=False),
        sa.Column("andrad_av", sa.String(100)),
        sa.Column("andrad", sa.DateTime),
        sa.Column("raderad", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("anteckning_kommun_period", "anteckning", ["kommun_kod", "period"])
    op.create_table(
        "anteckning_historik",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("anteckning_id", sa.Integer, sa.ForeignKey("anteckning.id"), nullable=False, index=True),
        sa.Column("handelse", sa.String(20), nullable=False),
        sa.Column("anvandare", sa.String(100), nullable=False),
        sa.Column("tid", sa.DateTime, nullable=False),
        sa.Column("innehall", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("anteckning_historik")
    op.drop_index("anteckning_kommun_period", "anteckning")
    op.drop_table("anteckning")
