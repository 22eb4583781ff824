"""Frågelagret: SQL i queries/sql/*.sql, körd mot lagret med namngivna parametrar.

Sidorna anropar run("budget_utfall_per_kommun", kommuner=[...], ...) och får en
DataFrame med färdiga aggregat. Ingen SQL byggs av användarens indata: värden
går alltid som parametrar ($namn i SQL-filen).

Lagret öppnas skrivskyddat. När ingest bytt in ett nytt lager (filen har ny
inod) öppnas det nya vid nästa fråga; pågående frågor läser klart det gamla.
"""
from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from ingest.lager import lagerversion

SQL_DIR = Path(__file__).parent / "sql"


@cache
def sql(namn: str) -> str:
    return (SQL_DIR / f"{namn}.sql").read_text(encoding="utf-8")


@cache
def parametrar(namn: str) -> frozenset[str]:
    """De $namn en fråga använder. DuckDB vägrar parametrar som frågan inte använder,
    så sidorna kan skicka hela filtret och varje fråga tar det den behöver."""
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)", sql(namn)))


class Lager:
    """Skrivskyddad åtkomst till lagerfilen, med en cursor per fråga."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._las = threading.Lock()
        self._version: str | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    @property
    def version(self) -> str | None:
        return lagerversion(self.db_path)

    def _anslutning(self) -> duckdb.DuckDBPyConnection:
        version = self.version
        if version is None:
            raise FileNotFoundError(f"Lagret finns inte: {self.db_path}. Kör 'python app.py ingest' först.")
        with self._las:
            if version != self._version or self._con is None:
                # En ny minnesinstans per lagerversion: DuckDB cachar instanser per sökväg,
                # så en vanlig connect() kunde ge tillbaka den gamla, utbytta filen.
                con = duckdb.connect(":memory:")
                con.execute("ATTACH ? AS lager (READ_ONLY)", [str(self.db_path)]).fetchall()
                self._con, self._version = con, version
            return self._con

    def run(self, namn: str, **params: object) -> pd.DataFrame:
        cur = self._anslutning().cursor()
        try:
            cur.execute("USE lager").fetchall()
            anvanda = parametrar(namn)
            saknas = anvanda - params.keys()
            if saknas:
                raise TypeError(f"frågan {namn} saknar parametrar: {', '.join(sorted(saknas))}")
            return cur.execute(sql(namn), {k: v for k, v in params.items() if k in anvanda}).df()
        finally:
            cur.close()


_lager: Lager | None = None


def init(db_path: Path) -> Lager:
    global _lager
    _lager = Lager(db_path)
    return _lager


def run(namn: str, **params: object) -> pd.DataFrame:
    if _lager is None:
        raise RuntimeError("queries.init(db_path) har inte anropats")
    return _lager.run(namn, **params)


def version() -> str | None:
    return _lager.version if _lager else None
