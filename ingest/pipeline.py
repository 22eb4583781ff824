"""Inläsningen från början till slut: filer in, lager ut, och en rapport.

För varje fil: arkivera som den kom (med sha256), läs, tolka i DuckDB,
lägg avvisade rader åt sidan med skäl, uppdatera lagret och logga. Alla
filer i ett anrop hamnar i samma nya lager, som byts in först när allt gått
bra (se ingest.lager).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from config import Settings, load_settings
from ingest.kommuner import alias_key, kommun_aliases, sverige_kommuner
from ingest.lager import bygg_och_byt, forsta_rad, kor, nu, sql_satser
from ingest.lasning import FILFORMAT, FilRefuserad, las_fil
from ingest.pseudonym import hmac_paddar, ladda_nyckel, maskera

TOPPSKAL = 5


@dataclass
class FileResult:
    fil: str
    status: str  # 'inläst', 'delvis inläst', 'refuserad', 'oförändrad'
    filtyp: str | None = None
    rader_lasta: int = 0
    godkanda: int = 0
    avvisade: int = 0
    uppdaterade: int = 0
    meddelande: str = ""
    toppskal: list[tuple[str, int]] = field(default_factory=list)

    @property
    def refuserad(self) -> bool:
        return self.status == "refuserad"


@dataclass
class ImportReport:
    filer: list[FileResult] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 = allt godkänt, 1 = några rader avvisade, 2 = någon fil refuserad."""
        if any(f.refuserad for f in self.filer):
            return 2
        if any(f.avvisade for f in self.filer):
            return 1
        return 0

    def text(self) -> str:
        rader = []
        for f in self.filer:
            if f.refuserad:
                rader.append(f"{f.fil}: REFUSERAD – {f.meddelande}")
                continue
            if f.status == "oförändrad":
                rader.append(f"{f.fil}: {f.meddelande}")
                continue
            uppdat = f", varav {_tal(f.uppdaterade)} uppdaterade" if f.uppdaterade else ""
            rader.append(
                f"{f.fil}: {f.filtyp} – {_tal(f.rader_lasta)} rader lästa, "
                f"{_tal(f.godkanda)} godkända{uppdat}, {_tal(f.avvisade)} avvisade"
            )
            if f.meddelande:
                rader.append(f"    {f.meddelande}")
            for skal, antal in f.toppskal:
                rader.append(f"    {_tal(antal)} × {skal}")
        summa_g = sum(f.godkanda for f in self.filer)
        summa_a = sum(f.avvisade for f in self.filer)
        refuserade = sum(f.refuserad for f in self.filer)
        rader.append(
            f"Totalt: {len(self.filer)} filer, {_tal(summa_g)} rader godkända, "
            f"{_tal(summa_a)} avvisade, {refuserade} filer refuserade."
        )
        return "\n".join(rader)


def _tal(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def hitta_filer(sokvagar: list[Path]) -> tuple[list[Path], list[FileResult]]:
    """Filer i given ordning; mappar gås igenom i namnordning. Saknade refuseras."""
    filer: list[Path] = []
    saknade: list[FileResult] = []
    for sokvag in sokvagar:
        if sokvag.is_dir():
            filer.extend(
                p for p in sorted(sokvag.rglob("*"))
                if p.is_file() and p.suffix.lower() in FILFORMAT and not p.name.startswith((".", "~$"))
            )
        elif sokvag.is_file():
            filer.append(sokvag)
        else:
            saknade.append(FileResult(str(sokvag), "refuserad", meddelande="filen finns inte"))
    return filer, saknade


def _forbered(con: duckdb.DuckDBPyConnection, nyckel: bytes) -> None:
    for sats in sql_satser("makron"):
        kor(con, sats)
    ipad, opad = hmac_paddar(nyckel)
    kor(con, "SET VARIABLE ipad = ?", [ipad])
    kor(con, "SET VARIABLE opad = ?", [opad])
    kor(con, "SET VARIABLE ar_nu = ?", [dt.date.today().year])
    kor(con, "CREATE OR REPLACE TEMP TABLE kommun_alias (nyckel VARCHAR, kod VARCHAR)")
    con.executemany("INSERT INTO kommun_alias VALUES (?, ?)", kommun_aliases())
    kor(con, "CREATE OR REPLACE TEMP TABLE sverige_kommun (nyckel VARCHAR, kod VARCHAR)")
    con.executemany(
        "INSERT INTO sverige_kommun VALUES (?, ?)",
        [(alias_key(namn), kod) for kod, namn in sverige_kommuner()]
        + [(kod, kod) for kod, _ in sverige_kommuner()],
    )


def _arkivera(data: bytes, sha: str, kalla: Path, arkiv: Path) -> Path:
    mal = arkiv / sha[:2] / f"{sha[:16]}_{kalla.name}"
    if not mal.exists():
        mal.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = mal.with_name(mal.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(mal)
    return mal


def _staging(fil) -> pa.Table:
    kolumner = fil.kolumnvarden()
    antal = len(kolumner["line_no"])
    for namn in fil.filtyp.kolumner:
        kolumner.setdefault(namn, [None] * antal)
    return pa.table({
        namn: pa.array(v, type=pa.int32() if namn == "line_no" else pa.string())
        for namn, v in kolumner.items()
    })


_DATA_TILL = {
    "deltagare": "SELECT max(greatest(startdatum, coalesce(slutdatum, startdatum))) FROM norm "
                 "WHERE len(fel) = 0 AND startdatum <= current_date",
    "budget": "SELECT max(make_date(ar, coalesce(manad, 12), 1)) FROM norm WHERE len(fel) = 0 AND utfall_kr IS NOT NULL",
    "jobbspar": "SELECT max(startdatum) FROM norm WHERE len(fel) = 0",
    "projekt": "SELECT max(least(slutdatum, current_date)) FROM norm WHERE len(fel) = 0",
}


def _las_in_fil(con: duckdb.DuckDBPyConnection, sokvag: Path, arkiv: Path) -> FileResult:
    namn = sokvag.name
    try:
        data = sokvag.read_bytes()
    except OSError as exc:
        return FileResult(namn, "refuserad", meddelande=f"filen går inte att läsa ({exc.strerror})")
    sha = hashlib.sha256(data).hexdigest()
    # En refuserad fil får prövas igen under nytt namn (t.ex. döpt efter filtypen).
    tidigare = forsta_rad(
        con,
        "SELECT file_name, imported_at FROM import_log WHERE sha256 = ? "
        "AND (status <> 'refuserad' OR file_name = ?) ORDER BY import_id LIMIT 1",
        [sha, namn],
    )
    if tidigare:
        return FileResult(
            namn, "oförändrad",
            meddelande=f"redan inläst {tidigare[1]:%Y-%m-%d %H:%M} (som {tidigare[0]}) – inget ändrat",
        )
    arkivfil = _arkivera(data, sha, sokvag, arkiv)
    import_id = forsta_rad(con, "SELECT nextval('import_id_seq')")[0]
    try:
        fil = las_fil(sokvag)
    except FilRefuserad as exc:
        meddelande = maskera(str(exc))
        kor(
            con,
            "INSERT INTO import_log VALUES (?, ?, NULL, ?, ?, 0, 0, 0, 0, 'refuserad', ?, NULL, ?)",
            [import_id, namn, sha, nu(), meddelande, str(arkivfil)],
        )
        return FileResult(namn, "refuserad", meddelande=meddelande)

    filtyp = fil.filtyp.namn
    con.register("stg", _staging(fil))
    try:
        for sats in sql_satser(filtyp):
            kor(con, sats)
    finally:
        con.unregister("stg")
    lasta, godkanda = forsta_rad(con, "SELECT count(*), count(*) FILTER (WHERE len(fel) = 0) FROM norm")
    kor(
        con,
        "INSERT INTO rejected_rows "
        "SELECT ?, ?, line_no, array_to_string(fel, '; '), rad FROM norm WHERE len(fel) > 0 ORDER BY line_no",
        [import_id, namn],
    )
    kor(con, "SET VARIABLE import_id = ?", [import_id])
    upsert = sql_satser(f"upsert_{filtyp}")
    uppdaterade = forsta_rad(con, upsert[0])[0]
    for sats in upsert[1:]:
        kor(con, sats)
    toppskal = con.execute(
        "SELECT skal, count(*) AS n FROM (SELECT unnest(fel) AS skal FROM norm WHERE len(fel) > 0) "
        "GROUP BY skal ORDER BY n DESC, skal LIMIT ?",
        [TOPPSKAL],
    ).fetchall()
    data_till = forsta_rad(con, _DATA_TILL[filtyp])[0]
    avvisade = lasta - godkanda
    meddelande = ""
    if fil.okanda_kolumner:
        meddelande = "okända kolumner lästes inte: " + ", ".join(maskera(k) for k in fil.okanda_kolumner)
    status = "inläst" if avvisade == 0 else "delvis inläst"
    kor(
        con,
        "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [import_id, namn, filtyp, sha, nu(), lasta, godkanda, avvisade, uppdaterade, status,
         meddelande or None, data_till, str(arkivfil)],
    )
    kor(con, "DROP TABLE norm")
    return FileResult(namn, status, filtyp, lasta, godkanda, avvisade, uppdaterade, meddelande, toppskal)


def ingest_paths(
    sokvagar: list[Path | str],
    *,
    db_path: Path | None = None,
    settings: Settings | None = None,
    demo: bool = False,
) -> ImportReport:
    """Läs in filer och mappar till lagret. Antingen går alla in, eller inget."""
    settings = settings or load_settings()
    db_path = Path(db_path) if db_path else settings.db_path
    nyckel = ladda_nyckel(settings.pseudonym_key, settings.key_file)
    filer, saknade = hitta_filer([Path(p) for p in sokvagar])
    rapport = ImportReport(list(saknade))
    with bygg_och_byt(db_path) as bygge:
        _forbered(bygge.con, nyckel)
        for sokvag in filer:
            resultat = _las_in_fil(bygge.con, sokvag, settings.archive_dir)
            rapport.filer.append(resultat)
            if resultat.status != "oförändrad":
                bygge.andrat = True
        if demo:
            # Sidorna märker allt som fiktivt så länge lagret byggts av demodata.
            kor(bygge.con, "INSERT OR REPLACE INTO lager_info VALUES ('demodata', 'ja')")
    return rapport

