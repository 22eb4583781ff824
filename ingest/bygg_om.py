"""Bygg om lagret ur arkivet: varje fil som den kom, i den ordning den kom, i ett nytt lager som byts in i ett steg.

    python app.py bygg-om [--ny-nyckel]

Med samma nyckel blir lagret detsamma (samma pseudonymer, postnycklar och därmed samma störda antal). Med
--ny-nyckel skrivs en ny pseudonymnyckel: varje pseudonym och varje postnyckel byts, så störningen dras om.
Den nya nyckeln ligger i nyckelfilen + ".ny" (0600) tills det nya lagret bytts in; först då ersätter den den
gamla. Dör processen innan dess (kill -9) står det gamla lagret och den gamla nyckeln kvar, och nästa import
eller ombyggnad städar bort den halvfärdiga nyckeln (fullfolj_nyckelbyte). Anteckningarna rörs inte.
Ingen Dash här.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from config import Settings
from ingest.lager import bygg_och_byt, kor, las
from ingest.pipeline import ImportReport, Leverans, _forbered, _las_in_fil, _samma_nyckel
from ingest.pseudonym import ladda_nyckel, nyckelns_id, skapa_nyckelfil

log = logging.getLogger("samverkansmonitorn.ingest")


class Ombyggnadsfel(RuntimeError):
    """Lagret kan inte byggas om (arkivfiler saknas, nyckeln kommer ur miljön); meddelandet är en svensk mening."""


@dataclass(frozen=True)
class Arkiverad:
    """En fil ur importloggen: namnet den kom med, arkivets kopia, när och av vem."""

    import_id: int
    filnamn: str
    arkivfil: Path
    inlast: dt.datetime
    leverans: Leverans | None


def ny_nyckelfil(nyckelfil: Path) -> Path:
    return nyckelfil.with_name(nyckelfil.name + ".ny")


def arkivets_filer(db_path: Path) -> tuple[list[Arkiverad], bool]:
    """Importloggens filer i ankomstordning, och om lagret var byggt av demodata."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rader = con.execute("""
            SELECT i.import_id, i.file_name, i.arkivfil, i.imported_at, l.levererad_av, l.kanal, l.bara_kommun, l.typer
            FROM import_log i LEFT JOIN leverans l USING (import_id)
            ORDER BY i.import_id""").fetchall()
        demo = con.execute("SELECT varde FROM lager_info WHERE nyckel = 'demodata'").fetchall() == [("ja",)]
    finally:
        con.close()
    filer = [Arkiverad(import_id, namn, Path(arkivfil or ""), inlast,
                       Leverans(av, kanal, bara_kommun, frozenset(typer) if typer is not None else None)
                       if av is not None else None)
             for import_id, namn, arkivfil, inlast, av, kanal, bara_kommun, typer in rader]
    return filer, demo


def fullfolj_nyckelbyte(settings: Settings, db_path: Path) -> None:
    """En ny nyckel som blev kvar (processen dog mitt i bygg-om): lagret byggt med den -> den blir nyckeln;
    annars tas den bort och den gamla gäller."""
    ny = ny_nyckelfil(settings.key_file)
    # Bara för lagret som nyckeln hör till (inte förhandsgranskningens kopia).
    if not ny.exists() or db_path.resolve() != settings.db_path.resolve():
        return
    # Som text, inte genom ladda_nyckel: en fil som dog halvskriven (tom) ska bara tas bort, inte stoppa importen.
    nyckel = ny.read_text(encoding="ascii").strip().encode("ascii")
    lagrets = None
    if db_path.exists():
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            rad = con.execute("SELECT varde FROM lager_info WHERE nyckel = 'pseudonymnyckel'").fetchall()
            lagrets = rad[0][0] if rad else None
        finally:
            con.close()
    if lagrets == nyckelns_id(nyckel):
        os.replace(ny, settings.key_file)
        log.info("nyckelbytet fullföljt: lagret var redan byggt med den nya nyckeln")
    else:
        ny.unlink()
        log.info("en halvfärdig ny nyckel togs bort: lagret och den gamla nyckeln gäller")


def _skriv_ny_nyckel(nyckelfil: Path) -> bytes:
    ny = ny_nyckelfil(nyckelfil)
    ny.unlink(missing_ok=True)
    return skapa_nyckelfil(ny)


def bygg_om(settings: Settings, db_path: Path | None = None, ny_nyckel: bool = False) -> ImportReport:
    """Ett nytt lager ur arkivet, inbytt i ett steg. Rapporten har en rad per fil, som en import."""
    db_path = Path(db_path) if db_path else settings.db_path
    if not db_path.exists():
        raise Ombyggnadsfel(f"Det finns inget lager att bygga om ({db_path}). Läs in filer med 'python app.py ingest'.")
    # Hela ombyggnaden under lagrets lås: ingen import läser nyckeln eller byter lagret under tiden.
    with las(db_path):
        return _bygg_om(settings, db_path, ny_nyckel)


def _bygg_om(settings: Settings, db_path: Path, ny_nyckel: bool) -> ImportReport:
    fullfolj_nyckelbyte(settings, db_path)
    filer, demo = arkivets_filer(db_path)
    saknas = [f for f in filer if not f.arkivfil.is_file()]
    if saknas:
        raise Ombyggnadsfel(f"{len(saknas)} av arkivets {len(filer)} filer saknas (till exempel {saknas[0].filnamn}, "
                            f"{saknas[0].arkivfil}). Lagret byggdes inte om och är oförändrat.")
    if ny_nyckel and settings.pseudonym_key:
        raise Ombyggnadsfel("Nyckeln kommer ur SAMVERKAN_NYCKEL: byt den där och kör 'python app.py bygg-om' utan "
                            "--ny-nyckel. Lagret är oförändrat.")
    nyckel = _skriv_ny_nyckel(settings.key_file) if ny_nyckel else ladda_nyckel(settings.pseudonym_key,
                                                                                 settings.key_file)
    rapport = ImportReport()
    try:
        settings.archive_dir.mkdir(parents=True, exist_ok=True)
        # Bredvid arkivet (samma filsystem): filerna länkas hårt dit, inte kopieras.
        with tempfile.TemporaryDirectory(prefix=".bygg-om-", dir=settings.archive_dir.parent) as tmp, \
                bygg_och_byt(db_path, settings.ingest_minne_mb, settings.ingest_tradar, fran_borjan=True,
                             last=True) as bygge:
            _forbered(bygge.con, nyckel, settings.region)
            _samma_nyckel(bygge.con, nyckel)
            for fil in filer:
                # Filen under sitt eget namn (filtypen kan stå i namnet), en mapp per import: samma namn kan
                # komma flera gånger (deltagare.csv varje månad). En hård länk, inte en symbolisk: inläsningen
                # vägrar symboliska länkar.
                lank = Path(tmp) / str(fil.import_id) / fil.filnamn
                lank.parent.mkdir()
                try:
                    os.link(fil.arkivfil, lank)
                except OSError:
                    shutil.copyfile(fil.arkivfil, lank)
                rapport.filer.append(_las_in_fil(bygge.con, lank, settings.archive_dir, settings.granser,
                                                 fil.leverans, fil.inlast))
            if demo:
                kor(bygge.con, "INSERT OR REPLACE INTO lager_info VALUES ('demodata', 'ja')")
            bygge.andrat = True
    except BaseException:
        if ny_nyckel:
            ny_nyckelfil(settings.key_file).unlink(missing_ok=True)  # den gamla nyckeln och det gamla lagret gäller
        raise
    if ny_nyckel:
        # Lagret är inbytt: nu blir den nya nyckeln nyckeln (bytet fullföljs annars vid nästa start).
        os.replace(ny_nyckelfil(settings.key_file), settings.key_file)
    return rapport
