"""Anteckningarnas tabeller (SQLAlchemy Core). Schemat ändras bara genom Alembic (anteckningar/migreringar)."""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

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

# Utskick (utskick/): varje e-postmeddelande har en nyckel som bara kan finnas en gång. Den som först skriver
# raden skickar; två bevakare eller servrar mot samma databas skickar därför aldrig samma meddelande två gånger.
utskick = Table(
    "utskick", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nyckel", String(200), nullable=False, unique=True),  # paminnelse:<id>:snart:<datum>, sammanfattning:…
    Column("slag", String(20), nullable=False),                  # paminnelse, sammanfattning
    Column("mottagare", String(100), nullable=False),            # användarnamnet
    Column("status", String(10), nullable=False),                # skickar, skickat, fel
    Column("paborjat", DateTime, nullable=False),
    Column("skickat", DateTime),
    Column("forsok", Integer, nullable=False, default=1),
    Column("fel", Text),
    Column("innehall", Text),                                    # JSON: det som nästa utskick jämför med
)

# Vad en användare vill få (sidan Mina utskick, eller länken i ett meddelande); utan rad: allt.
prenumeration = Table(
    "prenumeration", metadata,
    Column("anvandare", String(100), primary_key=True),
    Column("paminnelser", Boolean, nullable=False, default=True),
    Column("sammanfattning", Boolean, nullable=False, default=True),
    Column("andrad", DateTime, nullable=False),
)

# Kalenderflödet /uppfoljning.ics: en hemlig adress per användare. Bara hashen sparas; att skapa en ny
# eller återkalla tar bort den gamla.
kalendernyckel = Table(
    "kalendernyckel", metadata,
    Column("anvandare", String(100), primary_key=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("skapad", DateTime, nullable=False),
)

# Inloggningens sessioner och strypning (behorighet/sessioner.py) ligger i samma databas: med PostgreSQL delar
# två servrar bakom en lastbalanserare dem, så en utloggning på den ena gäller också på den andra.
session = Table(
    "session", metadata,
    Column("sid", String(64), primary_key=True),
    Column("anvandare", String(100), nullable=False),
    Column("skapad", Float, nullable=False),                     # sekunder sedan 1970 (time.time())
    Column("aterkallad", Float),
)

misslyckad_inloggning = Table(
    "misslyckad_inloggning", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nyckel", String(200), nullable=False),               # anv:<namn> eller ip:<adress>|anv:<namn>
    Column("tid", Float, nullable=False),
    Index("misslyckad_inloggning_nyckel", "nyckel", "tid"),
)
