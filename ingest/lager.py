"""Lagret: en DuckDB-fil som byggs vid sidan av och byts in i ett enda steg.

En import skriver aldrig i den fil som sidorna läser. Den kopierar lagret,
läser in i kopian och byter sedan in kopian med os.replace(), som är atomärt
på samma filsystem. Avbryts importen (fel, Ctrl-C, kill -9) ligger det gamla
lagret kvar orört; en kvarglömd kopia städas bort av nästa import.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from ingest.kommuner import BEFOLKNING_AR, region_kommuner

SQL_DIR = Path(__file__).parent / "sql"
TIDSZON = ZoneInfo("Europe/Stockholm")
_BYGGE = ".bygge-"


@cache
def sql_text(namn: str) -> str:
    return (SQL_DIR / f"{namn}.sql").read_text(encoding="utf-8")


def sql_satser(namn: str) -> list[str]:
    """En .sql-fil som lista av satser (satser slutar med ';' sist på raden)."""
    return [s.strip() for s in re.split(r";\s*\n", sql_text(namn) + "\n") if s.strip() and not _bara_kommentar(s)]


def _bara_kommentar(sats: str) -> bool:
    return all(not rad.strip() or rad.strip().startswith("--") for rad in sats.splitlines())


def forsta_rad(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    """Första raden av ett resultat (frågor som alltid ger en rad, som count(*)).
    DuckDB 2 strömmar resultat: läs alltid ut hela."""
    rader = con.execute(sql, params or []).fetchall()
    if not rader:
        raise LookupError(f"frågan gav ingen rad: {sql[:80]}")
    return rader[0]


def kor(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> None:
    con.execute(sql, params or []).fetchall()


def nu() -> dt.datetime:
    """Svensk lokal tid utan zon, som den visas för användarna."""
    return dt.datetime.now(TIDSZON).replace(tzinfo=None, microsecond=0)


def skapa_schema(con: duckdb.DuckDBPyConnection) -> None:
    for sats in sql_satser("schema"):
        kor(con, sats)
    # Referenstabellen skrivs om varje gång: den är kod, inte data från filer.
    kor(con, "DELETE FROM kommun")
    # En sats med listparametrar (executemany kör en sats per kommun: 290 i hela landet).
    kommuner = region_kommuner()
    kor(con, "INSERT INTO kommun (kommun_kod, kommun_namn, befolkning, befolkning_ar) "
             "SELECT unnest($koder), unnest($namn), unnest($folk), unnest($ar)",
        {"koder": [k for k, _, _ in kommuner], "namn": [n for _, n, _ in kommuner],
         "folk": [f for _, _, f in kommuner], "ar": [BEFOLKNING_AR if f else None for _, _, f in kommuner]})


def folkmangd_fran_scb(con: duckdb.DuckDBPyConnection) -> None:
    """Folkmängden ur inlästa SCB-filer ersätter den som skeppas med koden (bara GR har en)."""
    for sats in sql_satser("kommun_folkmangd"):
        kor(con, sats)


def aggregatversion() -> str:
    """Aggregatens version: kontrollsumman av aggregat.sql, så att en ändrad definition byggs om."""
    import hashlib

    return hashlib.sha256(sql_text("aggregat").encode("utf-8")).hexdigest()[:16]


def aggregat_aktuella(con: duckdb.DuckDBPyConnection) -> bool:
    """Har lagret aggregat byggda av den här versionen av aggregat.sql? (Ett lager från en äldre
    version har inga, eller inte ens tabellen lager_info.)"""
    # Ett lager utan en tabell som schemat har fått senare (leverans: vem som lämnade in) byggs också om.
    tabeller = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not {"lager_info", "leverans"} <= tabeller:
        return False
    return con.execute("SELECT varde FROM lager_info WHERE nyckel = 'aggregat'").fetchall() == [(aggregatversion(),)]


def lagerversion(db_path: Path) -> str | None:
    """Versionen som sidorna jämför med för att se att ett nytt lager bytts in."""
    try:
        st = os.stat(db_path)
    except FileNotFoundError:
        return None
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


# Tabellerna som aggregaten (aggregat.sql) räknas ur: bara en import som ändrar dem räknar om aggregaten.
AGGREGATENS_KALLOR = frozenset({"deltagare", "projekt"})


class LagerBygge:
    """Anslutning till kopian under en import. `andrat` avgör om kopian byts in; `aggregat_andrat` om
    aggregaten räknas om (en deltagar- eller projektfil, eller aggregat av en äldre version). AF:s statistik,
    Kolada, SCB, budget och jobbspår rör dem inte: i nationell skala tar aggregaten 9 s."""

    def __init__(self, con: duckdb.DuckDBPyConnection, ny: bool) -> None:
        self.con = con
        self.andrat = ny
        self.aggregat_andrat = ny


@contextmanager
def las(db_path: Path) -> Iterator[None]:
    """Lagrets lås: en import (eller ombyggnad) i taget, också mellan processer."""
    lasfil = db_path.with_name(db_path.name + ".lock")
    with open(lasfil, "a+") as fil:
        # Två importer samtidigt skulle skriva över varandras kopior: en i taget.
        fcntl.flock(fil, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fil, fcntl.LOCK_UN)


def _stada(db_path: Path) -> None:
    for gammal in db_path.parent.glob(f".{db_path.name}{_BYGGE}*"):
        gammal.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def bygg_och_byt(db_path: Path, minne_mb: int = 0, tradar: int = 0,
                 fran_borjan: bool = False, last: bool = False) -> Iterator[LagerBygge]:
    """minne_mb och tradar: DuckDB:s memory_limit och threads under importen (0 = DuckDB:s standard).
    fran_borjan: bygg ett nytt, tomt lager (bygg-om ur arkivet) i stället för att utgå från det gamla; det gamla
    står kvar tills det nya byts in. last: anroparen håller redan lagrets lås (las)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.nullcontext() if last else las(db_path):
        _stada(db_path)
        kopia = db_path.with_name(f".{db_path.name}{_BYGGE}{os.getpid()}-{uuid.uuid4().hex[:8]}")
        ny = fran_borjan or not db_path.exists()
        if not ny:
            shutil.copy2(db_path, kopia)
        config: dict[str, str | bool | int | float | list[str]] = {}
        if minne_mb:
            config["memory_limit"] = f"{minne_mb}MB"
        if tradar:
            config["threads"] = tradar
        con = duckdb.connect(str(kopia), config=config)
        try:
            kor(con, "SET enable_progress_bar = false")  # inga förloppsstaplar i inläsningens logg
            # Aggregat byggda av en annan version av aggregat.sql (eller inga alls, i ett äldre lager) byggs
            # om vid första importen, också när ingen fil är ny. Prövas före schemat: schemat lägger till
            # tabeller som ett äldre lager saknar.
            aktuella = not ny and aggregat_aktuella(con)
            skapa_schema(con)
            bygge = LagerBygge(con, not aktuella)
            yield bygge
            if bygge.andrat:
                folkmangd_fran_scb(con)
                if bygge.aggregat_andrat:
                    # Förberäknade aggregat i samma byte: sidorna ser aldrig nya rader med gamla aggregat.
                    for sats in sql_satser("aggregat"):
                        kor(con, sats)
                    kor(con, "INSERT OR REPLACE INTO lager_info VALUES ('aggregat', ?)", [aggregatversion()])
                kor(
                    con,
                    "INSERT OR REPLACE INTO lager_info VALUES ('version', ?), ('byggt', ?)",
                    [uuid.uuid4().hex, nu().isoformat(sep=" ")],
                )
                kor(con, "CHECKPOINT")
            con.close()
            if bygge.andrat:
                _fsync(kopia)
                os.replace(kopia, db_path)
                _fsync(db_path.parent)
        finally:
            con.close()
            for rest in (kopia, kopia.with_name(kopia.name + ".wal")):
                rest.unlink(missing_ok=True)
