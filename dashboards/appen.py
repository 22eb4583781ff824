"""Det en sida vet om sin app: inställningarna, regionen, standardperioden och samrådets anteckningar.

Allt kommer ur appens sammanhang (sammanhang.py), som app.skapa_app byggde; här finns inget eget läge.
"""
from __future__ import annotations

import datetime as dt

import queries
import sammanhang


def installningar():
    """Inställningarna som appen byggdes med; utanför en app (skript, tester) läses de ur miljön."""
    appens = sammanhang.aktuellt()
    if appens is not None:
        return appens.settings
    from config import load_settings

    return load_settings()


def anteckningsbok():
    """Samrådets anteckningar (anteckningar.Anteckningar), öppnade en gång när appen startade."""
    return sammanhang.kravs().anteckningar


def region() -> dict[str, str]:
    """Regionens kommuner (kod -> namn) ur lagret: listorna följer regionen lagret byggdes för."""
    return queries.kommunnamn()


def regionnamn(lang: bool = False) -> str:
    """Regionens namn i texter: kort ("GR", "Fyrbodal") eller långt ("Göteborgsregionen"), ur regionens data
    (ingest/kommuner.py)."""
    from ingest.kommuner import regionnamn_for

    kort, langt = regionnamn_for(installningar().region)
    return langt if lang else kort


def standardperiod() -> tuple[dt.date, dt.date]:
    """Perioden när URL:en inte anger någon: från januari året före sista månaden med data, till den månaden."""
    return queries.standardperiod()
