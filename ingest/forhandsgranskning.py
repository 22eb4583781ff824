"""Förhandsgranskning: vad filerna skulle ändra i lagret, innan något ändras (sidan Lämna in filer).

Filerna läses in i en kopia av lagret med samma kod som varje import (ingest_paths, också gränserna och
chefens regel om hemkommunen), och kopian jämförs med lagret: antal nya och uppdaterade rader per fil, och
tilldelningen per kommun och år före och efter. Lagret rörs inte; arkivet inte heller (kopians arkiv ligger
bredvid kopian). Läs in kör sedan samma import mot lagret, med samma atomära byte som inkorgen.
"""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb

from config import Settings
from ingest.lager import lagerversion
from ingest.pipeline import Leverans, ingest_paths

KOPIA = "forhand.duckdb"


def forhandsgranska(filer: list[Path | str], settings: Settings, db_path: Path, leverans: Leverans | None,
                    utmapp: Path) -> dict:
    """JSON-bar sammanfattning: lagrets version före, filernas rapport och tilldelningen före och efter (sidan
    säger det i ord: figures/inlamning.py)."""
    utmapp.mkdir(parents=True, exist_ok=True)
    kopia = utmapp / KOPIA
    bas = lagerversion(db_path)
    if db_path.exists():
        shutil.copy2(db_path, kopia)
    fore_id = _storsta_import(kopia)
    rapport = ingest_paths(filer, db_path=kopia, leverans=leverans,
                           settings=dataclasses.replace(settings, archive_dir=utmapp / "arkiv"))
    return {"bas": bas, "forsta_import": fore_id + 1, "filer": [dataclasses.asdict(f) for f in rapport.filer],
            "tilldelning": tilldelningens_andringar(db_path, kopia)}


def _storsta_import(db: Path) -> int:
    if not db.exists():
        return 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT coalesce(max(import_id), 0) FROM import_log").fetchone()[0])  # type: ignore[index]
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def tilldelningens_andringar(fore: Path, efter: Path) -> list[dict]:
    """Varje kommun och år där AF:s tilldelning för extratjänster ändras: kommun, år, kronor före (None = ny)
    och efter."""
    if not efter.exists():
        return []
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS efter (READ_ONLY)", [str(efter)])
        if fore.exists():
            con.execute("ATTACH ? AS fore (READ_ONLY)", [str(fore)])
            con.execute("CREATE TEMP TABLE f AS SELECT kommun_kod, ar, sum(budget_kr) AS kr FROM fore.budget "
                        "WHERE budgetpost = 'Extratjänster' GROUP BY ALL")
        else:
            con.execute("CREATE TEMP TABLE f (kommun_kod VARCHAR, ar INTEGER, kr DOUBLE)")
        rader = con.execute("""
            WITH e AS (SELECT kommun_kod, ar, sum(budget_kr) AS kr FROM efter.budget
                       WHERE budgetpost = 'Extratjänster' GROUP BY ALL)
            SELECT k.kommun_namn, ar, f.kr, e.kr
            FROM f FULL JOIN e USING (kommun_kod, ar) JOIN efter.kommun k USING (kommun_kod)
            WHERE f.kr IS DISTINCT FROM e.kr
            ORDER BY ar DESC, k.kommun_namn""").fetchall()
    finally:
        con.close()
    return [{"kommun": namn, "ar": ar, "fore": fore_kr, "efter": efter_kr} for namn, ar, fore_kr, efter_kr in rader]
