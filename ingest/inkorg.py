"""Inkorgen: en mapp där nya exporter läggs och läses in av sig själva.

En fil läses först när den slutat växa (så att en fil som fortfarande kopieras
inte läses halv). Efter inläsningen flyttas den till inlasta/ eller, om den
refuserades, till refuserade/; själva innehållet finns redan i arkivet. En
trasig fil stoppar aldrig bevakningen och rör aldrig lagret: den refuseras
som vid 'python app.py ingest'.
"""
from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
from pathlib import Path

from config import Settings
from ingest.lasning import FILFORMAT
from ingest.pipeline import ImportReport, ingest_paths

log = logging.getLogger("samverkansmonitorn.inkorg")


def _kandidater(inkorg: Path) -> dict[Path, int]:
    if not inkorg.is_dir():
        return {}
    return {
        p: p.stat().st_size
        for p in sorted(inkorg.iterdir())
        if p.is_file() and p.suffix.lower() in FILFORMAT and not p.name.startswith((".", "~$"))
    }


def _flytta(fil: Path, mal: Path) -> None:
    mal.mkdir(parents=True, exist_ok=True)
    ny = mal / fil.name
    if ny.exists():
        ny = mal / f"{fil.stem}_{dt.datetime.now():%H%M%S%f}{fil.suffix}"
    shutil.move(str(fil), ny)


def las_in_klara(inkorg: Path, settings: Settings, forra_storlekar: dict[Path, int],
                 db_path: Path | None = None) -> tuple[ImportReport | None, dict]:
    """Ett varv: läs in de filer som har samma storlek som förra varvet. Ger rapporten och nya storlekar."""
    storlekar = _kandidater(inkorg)
    klara = [p for p, storlek in storlekar.items() if forra_storlekar.get(p) == storlek and storlek > 0]
    if not klara:
        return None, storlekar
    rapport = ingest_paths(klara, settings=settings, db_path=db_path)
    dag = f"{dt.date.today():%Y-%m-%d}"
    for fil, resultat in zip(klara, rapport.filer):
        _flytta(fil, inkorg / ("refuserade" if resultat.refuserad else "inlasta") / dag)
    log.info("inkorgen: %s", rapport.text().replace("\n", " | "))
    return rapport, {p: s for p, s in storlekar.items() if p not in klara}


def starta_bevakning(settings: Settings, sekunder: float, db_path: Path | None = None) -> threading.Thread:
    """Bevakar inkorgen i en bakgrundstråd så länge processen lever."""
    inkorg = settings.inbox_dir
    inkorg.mkdir(parents=True, exist_ok=True)

    def slinga() -> None:
        storlekar: dict[Path, int] = {}
        stopp = threading.Event()
        while not stopp.wait(sekunder):
            try:
                _, storlekar = las_in_klara(inkorg, settings, storlekar, db_path)
            except Exception:  # en bugg får inte döda bevakningen; lagret är orört (bygg och byt)
                log.exception("inkorgen: inläsningen avbröts, filerna ligger kvar till nästa försök")
                storlekar = {}

    trad = threading.Thread(target=slinga, name="inkorg", daemon=True)
    trad.start()
    log.info("bevakar inkorgen %s var %.0f sekund", inkorg, sekunder)
    return trad
