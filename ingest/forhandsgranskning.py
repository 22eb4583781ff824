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
RADORD = {"deltagare": "deltagarrader", "budget": "budgetrader", "jobbspar": "jobbspårsrader",
          "projekt": "projektrader"}


def forhandsgranska(filer: list[Path | str], settings: Settings, db_path: Path, leverans: Leverans | None,
                    utmapp: Path) -> dict:
    """JSON-bar sammanfattning: lagrets version före, filernas rapport och effekterna i ord."""
    utmapp.mkdir(parents=True, exist_ok=True)
    kopia = utmapp / KOPIA
    bas = lagerversion(db_path)
    if db_path.exists():
        shutil.copy2(db_path, kopia)
    fore_id = _storsta_import(kopia)
    rapport = ingest_paths(filer, db_path=kopia, leverans=leverans,
                           settings=dataclasses.replace(settings, archive_dir=utmapp / "arkiv"))
    effekter = {f.fil: _radeffekt(f) for f in rapport.filer if not f.refuserad and f.status != "oförändrad"}
    return {"bas": bas, "forsta_import": fore_id + 1, "filer": [dataclasses.asdict(f) for f in rapport.filer],
            "effekter": effekter, "tilldelning": tilldelningens_andringar(db_path, kopia)}


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


def _radeffekt(f) -> str:
    ord_ = RADORD.get(f.filtyp or "", "rader")
    nya = f.godkanda - f.uppdaterade
    text = f"{_tal(nya)} nya {ord_}"
    if f.uppdaterade:
        text += f", {_tal(f.uppdaterade)} uppdaterade"
    if f.avvisade == 1:
        text += "; 1 avvisad rad läses inte in"
    elif f.avvisade:
        text += f"; {_tal(f.avvisade)} avvisade rader läses inte in"
    return text


def tilldelningens_andringar(fore: Path, efter: Path, max_rader: int = 20) -> list[str]:
    """"Ale 2026: tilldelat 1 820 000 kr → 1 500 000 kr (−18 %)" för varje kommun och år där AF:s tilldelning
    för extratjänster ändras."""
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
    ut = []
    for namn, ar, fore_kr, efter_kr in rader[:max_rader]:
        if fore_kr is None:
            ut.append(f"{namn} {ar}: tilldelat {_kr(efter_kr)} (nytt)")
        else:
            andring = f" ({_procent(efter_kr / fore_kr - 1)})" if fore_kr else ""
            ut.append(f"{namn} {ar}: tilldelat {_kr(fore_kr)} → {_kr(efter_kr)}{andring}")
    if len(rader) > max_rader:
        ut.append(f"… och {_tal(len(rader) - max_rader)} kommuner och år till")
    return ut


def _tal(n: float) -> str:
    return f"{round(n):,}".replace(",", "\u00a0").replace("-", "−")


def _kr(n: float | None) -> str:
    return "–" if n is None else f"{_tal(n)}\u00a0kr"


def _procent(andel: float) -> str:
    tal = round(andel * 100)
    return ("+" if tal > 0 else "") + f"{tal}\u00a0%".replace("-", "−")
