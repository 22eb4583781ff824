"""Anteckningarnas tabeller (SQLAlchemy Core). Schemat ändras bara genom Alembic (anteckningar/migreringar)."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

anteckning = Table(
    "anteckning", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("typ", String(20), nullable=False),            # Förklaring, Beslut, Uppföljning
    Column("kommun_kod", String(10), nullable=False),      # en kommun, eller regionen ("GR")
    Column("period", String(7), nullable=False),           # "2026" eller "2026-03"
    Column("amne", String(200)),                           # extratjanster, jobbspar:<namn>, projekt:<namn>
    Column("text", Text, nullable=False),
    Column("ansvarig", String(200)),
    Column("klart_senast", Date),
    Column("status", String(10)),                          # öppen/klar för Uppföljning
    Column("skapad_av", String(100), nullable=False),
    Column("skapad", DateTime, nullable=False),
    Column("andrad_av", String(100)),
    Column("andrad", DateTime),
    Column("raderad", Boolean, nullable=False, default=False),
)

historik = Table(
    "anteckning_historik", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("anteckning_id", Integer, ForeignKey("anteckning.id"), nullable=False, index=True),
    Column("handelse", String(20), nullable=False),        # skapad, ändrad, raderad
    Column("anvandare", String(100), nullable=False),
    Column("tid", DateTime, nullable=False),
    Column("innehall", Text, nullable=False),              # anteckningen som JSON efter händelsen
)
