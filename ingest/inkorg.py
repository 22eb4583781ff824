"""Inkorgen: en mapp där nya exporter läggs och läses in av sig själva.

En fil läses först när den slutat växa (så att en fil som fortfarande kopieras
inte läses halv). Efter inläsningen flyttas den till inlasta/ eller, om den
refuserades, till refuserade/; själva innehållet finns redan i arkivet. En
trasig fil stoppar aldrig bevakningen och rör aldrig lagret: den refuseras
som vid 'python app.py ingest'.

Varje fil läses in i en egen process med minnes- och tidsgräns (ingest/barn.py): bevakaren
kör i webbservern, och en fil som får läsaren att krascha ska inte ta servern med sig. En sådan
fil läggs i karantan/ med skälet bredvid, så att den inte läses om och om igen.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from config import IMPORTENS_MILJO, Settings
from config import PROJECT_ROOT as PROJEKTMAPP
from ingest.lasning import FILFORMAT
from ingest.pipeline import FileResult, ImportReport
from ingest.pseudonym import maskera

log = logging.getLogger("samverkansmonitorn.inkorg")


def _kandidater(inkorg: Path) -> dict[Path, int]:
    """Vanliga filer i inkorgen med sin storlek. Symboliska länkar följs aldrig (de kunde peka var som helst)."""
    if not inkorg.is_dir():
        return {}
    ut = {}
    for post in sorted(os.scandir(inkorg), key=lambda p: p.name):
        if post.name.startswith((".", "~$")) or Path(post.name).suffix.lower() not in FILFORMAT:
            continue
        if post.is_symlink():
            log.warning("inkorgen: %s är en symbolisk länk och läses inte", post.name)
            _flytta(Path(post.path), inkorg / "refuserade" / f"{dt.date.today():%Y-%m-%d}")
            continue
        if post.is_file(follow_symlinks=False):
            ut[Path(post.path)] = post.stat(follow_symlinks=False).st_size
    return ut


def _flytta(fil: Path, mal: Path) -> Path:
    mal.mkdir(parents=True, exist_ok=True)
    ny = mal / fil.name
    if ny.exists():
        ny = mal / f"{fil.stem}_{dt.datetime.now():%H%M%S%f}{fil.suffix}"
    shutil.move(str(fil), ny)
    return ny


def _i_barnprocess(fil: Path | list[Path], settings: Settings, vad: str, *argument: str) -> subprocess.CompletedProcess:
    """python -m ingest.barn FIL … med inkorgens minnes- och tidsgräns; Karantan om tiden tar slut."""
    filer = [str(f) for f in (fil if isinstance(fil, list) else [fil])]
    kommando = [sys.executable, "-m", "ingest.barn", *filer, *argument, "--minne-mb", str(settings.inkorg_minne_mb)]
    try:
        # Miljön sätts här: paketet ingest laddar duckdb innan barnprocessens main körs.
        return subprocess.run(kommando, capture_output=True, text=True, cwd=PROJEKTMAPP,
                              env={**IMPORTENS_MILJO, **os.environ}, timeout=settings.inkorg_max_sekunder,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise Karantan(f"{vad} tog längre än {settings.inkorg_max_sekunder} sekunder och avbröts "
                       "(SAMVERKAN_INKORG_MAX_SEKUNDER)") from exc


def _orsak(svar: subprocess.CompletedProcess, settings: Settings, vad: str) -> str:
    """Varför barnprocessen inte lämnade något svar, på svenska, med minnesgränsen när det var minnet."""
    if svar.returncode < 0:
        orsak = f"{vad} kraschade ({signal.Signals(-svar.returncode).name})"
    else:
        orsak = f"{vad} avbröts med felkod {svar.returncode}"
    sista = [r for r in (svar.stderr or "").strip().splitlines() if r.strip()][-1:]
    if any("memory" in r.lower() or "MemoryError" in r for r in sista):
        orsak += f"; minnesgränsen är {settings.inkorg_minne_mb} MB (SAMVERKAN_INKORG_MINNE_MB)"
    elif sista:
        orsak += f": {maskera(sista[0][:300])}"
    return orsak


def importera_i_egen_process(fil: Path, settings: Settings, db_path: Path | None = None) -> FileResult:
    """Läs in en fil i en barnprocess med minnes- och tidsgräns (ingest/barn.py).

    Kastar Karantan om processen kraschar, tar för lång tid eller inte lämnar någon rapport."""
    svar = _i_barnprocess(fil, settings, "importen", "--db", str(db_path or settings.db_path))
    rapport = _rapport(svar.stdout)
    if svar.returncode in (0, 1, 2) and rapport is not None:
        return rapport
    raise Karantan(_orsak(svar, settings, "importen"))


def provlas_i_egen_process(fil: Path, settings: Settings) -> str | None:
    """Tolka en fil i en barnprocess med inkorgens minnes- och tidsgräns, utan lagret: skälet (svenska) om
    läsaren kraschade eller tog för lång tid, annars None. Kommandoradens import prövar Excel-filer så, så att
    en läsare som kraschar blir en refuserad fil och aldrig en signal som tar ned hela importen."""
    try:
        svar = _i_barnprocess(fil, settings, "läsningen", "--provlas")
    except Karantan as exc:
        return str(exc)
    return None if svar.returncode == 0 else _orsak(svar, settings, "Excel-läsaren")


def _rapport(stdout: str) -> FileResult | None:
    rader = [r for r in (stdout or "").strip().splitlines() if r.strip()]
    try:
        filer = json.loads(rader[-1]) if rader else None
    except json.JSONDecodeError:
        return None
    if not isinstance(filer, list) or len(filer) != 1:
        return None
    return FileResult(**{**filer[0], "toppskal": [tuple(t) for t in filer[0].get("toppskal", [])]})


class Karantan(Exception):
    """Importen av filen kraschade; filen läggs i karantän med skälet."""


def las_in_klara(inkorg: Path, settings: Settings, forra_storlekar: dict[Path, int],
                 db_path: Path | None = None) -> tuple[ImportReport | None, dict]:
    """Ett varv: läs in de filer som har samma storlek som förra varvet, var och en i en egen process.

    Ger rapporten och nya storlekar. En fil vars import kraschar flyttas till karantan/ med en
    .skal.txt bredvid; servern och lagret är orörda, och inkorgen fortsätter med nästa fil."""
    storlekar = _kandidater(inkorg)
    klara = [p for p, storlek in storlekar.items() if forra_storlekar.get(p) == storlek and storlek > 0]
    if not klara:
        return None, storlekar
    rapport = ImportReport()
    dag = f"{dt.date.today():%Y-%m-%d}"
    for fil in klara:
        try:
            resultat = importera_i_egen_process(fil, settings, db_path)
        except Karantan as exc:
            ny = _flytta(fil, inkorg / "karantan" / dag)
            ny.with_name(ny.name + ".skal.txt").write_text(f"{ny.name}: {exc}\n", encoding="utf-8")
            log.error("inkorgen: %s i karantän: %s", fil.name, exc)
            rapport.filer.append(FileResult(fil.name, "refuserad", meddelande=f"i karantän: {exc}"))
            continue
        rapport.filer.append(resultat)
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


def inlamning_i_egen_process(filer: list[Path], settings: Settings, leverans, *, forhand: Path | None = None,
                             db_path: Path | None = None):
    """Sidan Lämna in filer: förhandsgranska filerna i en kopia (forhand = mappen för kopian; ger
    forhandsgranskningens sammanfattning) eller läs in dem i lagret (ger FileResult per fil). I en barnprocess
    med inkorgens minnes- och tidsgräns, som varje import; kastar Karantan med skälet om processen dör."""
    argument = ["--db", str(db_path or settings.db_path), "--av", leverans.av]
    if leverans.bara_kommun:
        argument += ["--bara-kommun", leverans.bara_kommun]
    if leverans.typer is not None:
        argument += ["--typer", ",".join(sorted(leverans.typer))]
    if forhand is not None:
        argument += ["--forhand", str(forhand)]
    vad = "förhandsgranskningen" if forhand is not None else "inläsningen"
    svar = _i_barnprocess(filer, settings, vad, *argument)
    rader = [r for r in (svar.stdout or "").strip().splitlines() if r.strip()]
    try:
        data = json.loads(rader[-1]) if rader else None
    except json.JSONDecodeError:
        data = None
    if svar.returncode not in (0, 1, 2) or data is None:
        raise Karantan(_orsak(svar, settings, vad))
    if forhand is not None:
        return data
    return [FileResult(**{**f, "toppskal": [tuple(t) for t in f.get("toppskal", [])]}) for f in data]
