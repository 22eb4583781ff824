"""Utskick: skickade meddelanden (en gång var), prenumerationer och kalendernycklar.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "utskick",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("nyckel", sa.String(200), nullable=False, unique=True),
        sa.Column("slag", sa.String(20), nullable=False),
        sa.Column("mottagare", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("paborjat", sa.DateTime, nullable=False),
        sa.Column("skickat", sa.DateTime),
        sa.Column("forsok", sa.Integer, nullable=False, server_default="1"),
        sa.Column("fel", sa.Text),
        sa.Column("innehall", sa.Text),
    )
    op.create_table(
        "prenumeration",
        sa.Column("anvandare", sa.String(100), primary_key=True),
        sa.Column("paminnelser", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("sammanfattning", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("andrad", sa.DateTime, nullable=False),
    )
    op.create_table(
        "kalendernyckel",
        sa.Column("anvandare", sa.String(100), primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("skapad", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kalendernyckel")
    op.drop_table("prenumeration")
    op.drop_table("utskick")
