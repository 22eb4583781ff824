"""Inloggningens sessioner och strypning, i samma databas som anteckningarna (delas av flera servrar).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session",
        sa.Column("sid", sa.String(64), primary_key=True),
        sa.Column("anvandare", sa.String(100), nullable=False),
        sa.Column("skapad", sa.Float, nullable=False),
        sa.Column("aterkallad", sa.Float),
    )
    op.create_table(
        "misslyckad_inloggning",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("nyckel", sa.String(200), nullable=False),
        sa.Column("tid", sa.Float, nullable=False),
    )
    op.create_index("misslyckad_inloggning_nyckel", "misslyckad_inloggning", ["nyckel", "tid"])


def downgrade() -> None:
    op.drop_index("misslyckad_inloggning_nyckel", "misslyckad_inloggning")
    op.drop_table("misslyckad_inloggning")
    op.drop_table("session")
