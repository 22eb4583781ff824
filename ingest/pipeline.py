"""Inläsningen från början till slut: filer in, lager ut, och en rapport.

För varje fil: arkivera som den kom (med sha256), läs, tolka i DuckDB,
lägg avvisade rader åt sidan med skäl, uppdatera lagret och logga. Alla
filer i ett anrop hamnar i samma nya lager, som byts in först när allt gått
bra (se ingest.lager).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from config import AF_MATT, Settings, load_settings
from ingest.granser import Granser
from ingest.kommuner import alias_key, kommun_aliases, regionnamn_for, sverige_kommuner
from ingest.lager import AGGREGATENS_KALLOR, bygg_och_byt, forsta_rad, kor, nu, sql_satser
from ingest.lasning import FILFORMAT, FilRefuserad, Kopia, kopiera, las_kopia, las_rad_for_rad
from ingest.pseudonym import hmac_paddar, ladda_nyckel, maskera, nyckelns_id

log = logging.getLogger("samverkansmonitorn.ingest")
TOPPSKAL = 5
_PNR_FORM = re.compile(r"(\d{6}|\d{8})[-+ ]?\d{4}")


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
    # Rader för kommuner utanför regionen (kontextfiler): varken godkända eller avvisade.
    hoppade: int = 0
    # Sekunder per fas (läsning, staging, tolkning, avvisade, lagret): loggas, och bench/ingest_bench.py visar dem.
    faser: dict[str, float] = field(default_factory=dict)

    @property
    def refuserad(self) -> bool:
        return self.status == "refuserad"


@dataclass(frozen=True)
class Leverans:
    """Vem som lämnar in filerna och vad den får lämna in (sidan Lämna in filer). En chef lämnar bara in
    deltagar- och budgetfiler, och bara rader för sin hemkommun: andra rader avvisas med skälet
    "gäller inte din kommun". Utan leverans (inkorgen, kommandoraden) gäller inga sådana gränser."""

    av: str
    kanal: str = "webb"
    bara_kommun: str | None = None
    typer: frozenset[str] | None = None  # filtyper (källnamn) som får lämnas in; None = alla


EJ_DIN_KOMMUN = "gäller inte din kommun"
TYPNAMN = {"deltagare": "deltagarfil", "budget": "budgetfil", "jobbspar": "jobbspårsfil", "projekt": "projektfil",
           "arbetsmarknad": "fil med AF:s statistik", "kolada": "Koladafil", "befolkning": "befolkningsfil"}


def _typnamn(kalla: str) -> str:
    return TYPNAMN.get(kalla, f"{kalla}fil")


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


def _forbered(con: duckdb.DuckDBPyConnection, nyckel: bytes, region: str) -> None:
    for sats in sql_satser("makron") + sql_satser("kontext_makron"):
        kor(con, sats)
    ipad, opad = hmac_paddar(nyckel)
    kor(con, "SET VARIABLE ipad = ?", [ipad])
    kor(con, "SET VARIABLE opad = ?", [opad])
    kor(con, "SET VARIABLE ar_nu = ?", [dt.date.today().year])
    kor(con, "SET VARIABLE regionnamn = ?", [regionnamn_for(region)[0]])
    # Budgetrader från före postnycklarna: nycklarna räknas här, med samma nyckel som pseudonymerna. (Deltagarnas
    # postnycklar kommer ur personnumrets HMAC; ett lager med en äldre regel byggs om ur arkivet, se ingest_paths.)
    kor(con, "UPDATE budget SET rkey = postnyckel(budgetrad_nyckel(kommun_kod, ar, manad, budgetpost)) "
             "WHERE rkey IS NULL")
    # Listorna går in som två listparametrar i en sats: executemany kör en sats per rad (0,1 s per import).
    _tabell_ur_par(con, "kommun_alias", kommun_aliases(region))
    _tabell_ur_par(con, "sverige_kommun", [(alias_key(namn), kod) for kod, namn in sverige_kommuner()]
                   + [(kod, kod) for kod, _ in sverige_kommuner()])


def _tabell_ur_par(con: duckdb.DuckDBPyConnection, tabell: str, par: list[tuple[str, str]]) -> None:
    """TEMP-tabellen tabell(nyckel, kod) ur par (nyckel, kod)."""
    kor(con, f"CREATE OR REPLACE TEMP TABLE {tabell} AS SELECT unnest($nycklar) AS nyckel, unnest($koder) AS kod",
        {"nycklar": [n for n, _ in par], "koder": [k for _, k in par]})


# Deltagarnas postnycklar: bitarna efter pseudonymens i personnumrets HMAC (ingest/sql/makron.sql, postnyckel_ur).
# Ett lager med en äldre regel byggs om ur arkivet innan nya filer läses in (lagret_har_aldre_postnycklar).
POSTNYCKELREGEL = "hmac-bitar"


def lagret_har_aldre_postnycklar(db_path: Path) -> bool:
    """Har lagret deltagare vars postnycklar räknades med en äldre regel (eller ingen alls)?"""
    if not db_path.exists():
        return False
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tabeller = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "deltagare" not in tabeller or not con.execute("SELECT 1 FROM deltagare LIMIT 1").fetchall():
            return False
        if "lager_info" not in tabeller:
            return True
        return con.execute("SELECT varde FROM lager_info WHERE nyckel = 'postnyckel'").fetchall() != [
            (POSTNYCKELREGEL,)]
    finally:
        con.close()


class Nyckelfel(RuntimeError):
    """Lagret är byggt med en annan pseudonymnyckel än den som läses in med: samma person skulle få två
    pseudonymer. Importen avbryts och lagret står kvar orört."""


def _samma_nyckel(con: duckdb.DuckDBPyConnection, nyckel: bytes) -> None:
    """Lagret minns sin nyckel (nyckelns_id). En annan nyckel (en ändrad SAMVERKAN_NYCKEL, en inkorg som laddade
    nyckeln innan bygg-om --ny-nyckel bytte den) vägras i stället för att blanda pseudonymer. Lagret märks också
    med postnycklarnas regel (POSTNYCKELREGEL): det som läses in nu räknas med den."""
    rad = con.execute("SELECT varde FROM lager_info WHERE nyckel = 'pseudonymnyckel'").fetchall()
    if rad and rad[0][0] != nyckelns_id(nyckel):
        raise Nyckelfel("lagret är byggt med en annan pseudonymnyckel än den som används nu (SAMVERKAN_NYCKEL "
                        "eller nyckelfilen). Inget lästes in. Byt tillbaka nyckeln, eller bygg om lagret med "
                        "'python app.py bygg-om'.")
    kor(con, "INSERT OR REPLACE INTO lager_info VALUES ('pseudonymnyckel', ?), ('postnyckel', ?)",
        [nyckelns_id(nyckel), POSTNYCKELREGEL])


def _kopiera_till_arkivet(kalla: Path, arkiv: Path, granser: Granser) -> Kopia:
    """Filen läses en gång, till en tillfällig fil i arkivet (0600 i en mapp med 0700)."""
    arkiv.mkdir(parents=True, exist_ok=True, mode=0o700)
    return kopiera(kalla, granser, arkiv / f".inkommer-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _arkivera(kopia: Kopia, kalla: Path, arkiv: Path) -> Path:
    """Kopian får sitt namn i arkivet (kontrollsummans början och filens namn); finns filen redan där tas
    kopian bort."""
    mal = arkiv / kopia.sha256[:2] / f"{kopia.sha256[:16]}_{kalla.name}"
    if mal.exists():
        kopia.sokvag.unlink(missing_ok=True)
    else:
        mal.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        kopia.sokvag.replace(mal)
    kopia.sokvag = mal
    return mal


def _staging(filtyp, kolumner: dict[str, list]) -> pa.Table:
    """Allt som text, med alla kanoniska kolumner (saknade som NULL) så att SQL:en kan nämna dem."""
    antal = len(kolumner["line_no"])
    alla = {namn: kolumner.get(namn) or [None] * antal for namn in ("line_no", *filtyp.kolumner)}
    return pa.table({
        namn: pa.array(v, type=pa.int32() if namn == "line_no" else pa.string())
        for namn, v in alla.items()
    })


def _skapa_staging(con, fil, namn: str, granser: Granser) -> None:
    """TEMP-tabellen stg: line_no och alla filtypens kolumner som text (i minnet, aldrig i lagret); mall (tom)
    ger filtypens kolumner som filen saknar."""
    con.register("mall_arrow", _staging(fil.filtyp, {"line_no": []}))
    kor(con, "CREATE OR REPLACE TEMP TABLE mall AS SELECT * FROM mall_arrow")
    con.unregister("mall_arrow")
    if fil.csv_fil is not None and _las_med_duckdb(con, fil):
        return
    if fil.csv_fil is not None:
        # DuckDB kunde inte läsa filen som den ser ut (en rad med fler fält än rubriken): csv-modulen.
        fil = las_rad_for_rad(fil.csv_fil, namn, granser)
    con.register("rader", _staging(fil.filtyp, fil.kolumnvarden()))
    kor(con, "CREATE OR REPLACE TEMP TABLE stg AS SELECT * FROM rader")
    con.unregister("rader")


def _ta_bort_staging(con) -> None:
    for sats in ("DROP TABLE IF EXISTS stg", "DROP TABLE IF EXISTS mall"):
        kor(con, sats)


def _las_med_duckdb(con, fil) -> bool:
    """Snabbvägen: DuckDB läser filen (arkivets kopia) själv, med filens kodning. Windows-1252 med byte som
    DuckDB:s Latin-1 inte läser (– och € är 0x96 och 0x80) görs om till UTF-8 i bitar i en tillfällig fil.
    Falskt om filen inte går att läsa så."""
    kanda = dict(fil.kolumner)
    kolumner = {kanda.get(i, f"okand_{i}"): "VARCHAR" for i in range(fil.antal_kolumner)}
    with tempfile.TemporaryDirectory() as mapp:
        kalla, kodning = fil.csv_fil, "utf-8"
        if fil.kodek != "utf-8" and not fil.c1:
            kodning = "latin-1"
        elif fil.kodek != "utf-8":
            kalla = Path(mapp) / "data.csv"
            _skriv_utf8(fil.csv_fil, kalla, fil.kodek)
        try:
            # Rakt in i stg (en kopia av raderna, inte två): line_no sätts efteråt ur rowid, som följer filens
            # ordning (preserve_insertion_order); UNION BY NAME lägger till filtypens kolumner som filen saknar.
            kor(con, "CREATE OR REPLACE TEMP TABLE stg AS SELECT * FROM (SELECT NULL::INTEGER AS line_no, * FROM "
                     "read_csv($fil, delim=$avgr, header=false, skip=$hoppa, encoding=$kodning, columns=$kolumner, "
                     "quote='\"', escape='\"', null_padding=true, auto_detect=false)) "
                     "UNION ALL BY NAME SELECT * FROM mall",
                {"fil": str(kalla), "avgr": fil.avgransare, "kolumner": kolumner, "hoppa": fil.hoppa_rader,
                 "kodning": kodning})
        except duckdb.InvalidInputException as exc:
            # Det enda väntade felet: en rad med fler fält än rubriken. csv-modulen läser den raden
            # (och avvisar den med skäl); varje annat fel från DuckDB refuserar filen med felet utskrivet.
            if "Expected Number of Columns" not in str(exc):
                raise FilRefuserad(f"filen gick inte att läsa: {_felrad(exc)}") from exc
            log.info("en rad har fler fält än rubriken: filen läses rad för rad (%s)", _felrad(exc))
            return False
        except duckdb.Error as exc:
            raise FilRefuserad(f"filen gick inte att läsa: {_felrad(exc)}") from exc
    # Rader och rader vars första kolumn är tom (bara de kan vara tomrader): en läsning av tabellen.
    lasta, forsta_tom = forsta_rad(con, "SELECT count(*), count(*) FILTER (WHERE sv_text(#2) IS NULL) FROM stg")
    if lasta != fil.datarader:
        # Radnumren stämmer bara om DuckDB såg lika många rader som filen har radbrytningar efter rubriken.
        log.warning("DuckDB läste %s rader där filen har %s: filen läses rad för rad", lasta, fil.datarader)
        kor(con, "DROP TABLE stg")
        return False
    kor(con, "UPDATE stg SET line_no = CAST(rowid AS INTEGER) + ?", [fil.forsta_datarad])
    # En rad med bara avgränsare eller blanksteg (";;;;") är ingen datarad: den tas bort, som i csv-vägen. Filens
    # första kolumn (#2) prövas först: bara rader där den är tom läser alla kolumner (coalesce).
    if forsta_tom:
        kor(con, "DELETE FROM stg WHERE line_no IN (SELECT line_no FROM stg WHERE coalesce(sv_text(#2), "
                 "trim(concat_ws('', *COLUMNS(* EXCLUDE (line_no))), ' ' || chr(9) || chr(160))) = '')")
    return True


def _skriv_utf8(kalla: Path, mal: Path, kodek: str, bit: int = 8 << 20) -> None:
    """Windows-1252 och Latin-1 (en byte per tecken) som UTF-8, i bitar: filen finns aldrig hel i minnet."""
    with open(kalla, "rb") as inn, open(mal, "wb") as ut:
        while data := inn.read(bit):
            ut.write(data.decode(kodek).encode("utf-8"))


def _felrad(exc: Exception) -> str:
    return maskera(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)


def _pnr_maskerad(text: str) -> str:
    siffror = re.sub(r"\D", "", text)
    return siffror[:-4] + "-****" if len(siffror) > 4 else "****"


def _radtext(celler: dict[str, str | None]) -> str:
    """En avvisad rads innehåll som 'kolumn=värde | …', med personnummer maskerade."""
    delar = []
    for namn, varde in celler.items():
        if varde is None or not str(varde).strip():
            continue
        varde = str(varde).strip()
        if namn == "personnummer" or (namn == "deltagare_id" and _PNR_FORM.fullmatch(varde)):
            varde = _pnr_maskerad(varde)
        delar.append(f"{namn}={maskera(varde)}")
    return " | ".join(delar)


def _spara_avvisade(con, import_id: int, namn: str, filtyp) -> None:
    """Avvisade rader med skäl och radens ursprungliga värden (maskerade), hämtade ur stg (avvisade.sql)."""
    for sats in sql_satser("avvisade"):
        kor(con, sats, {"import_id": import_id, "fil": namn, "kanda": list(filtyp.kolumner)})


_DATA_TILL = {
    "deltagare": "SELECT max(greatest(startdatum, coalesce(slutdatum, startdatum))) FROM norm "
                 "WHERE len(fel) = 0 AND startdatum <= current_date",
    "budget": "SELECT max(make_date(ar, coalesce(manad, 12), 1)) FROM norm "
              "WHERE len(fel) = 0 AND utfall_kr IS NOT NULL",
    # En jobbspårsförteckning gäller när den lästes in; den har inget eget datadatum.
    "jobbspar": "SELECT NULL::DATE",
    "projekt": "SELECT max(least(slutdatum, current_date)) FROM norm WHERE len(fel) = 0",
    "arbetsmarknad": "SELECT max(manad) FROM norm WHERE len(fel) = 0 AND NOT utanfor",
    "arbetsmarknad_bred": "SELECT max(manad) FROM norm WHERE len(fel) = 0 AND NOT utanfor",
    "kolada": "SELECT make_date(max(ar), 12, 31) FROM norm WHERE len(fel) = 0 AND NOT utanfor",
    "kolada_kpi": "SELECT NULL::DATE",
    "befolkning": "SELECT make_date(max(ar), 12, 31) FROM norm WHERE len(fel) = 0 AND NOT utanfor",
}


def _kolumner(con: duckdb.DuckDBPyConnection, tabell: str) -> set[str]:
    return {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?",
                                      [tabell]).fetchall()}


# Rader i filen (inte i norm: en bred arbetsmarknadsrad blir flera rader där, en per mått); kontextfiler har
# kolumnen utanfor för rader som gäller kommuner utanför regionen.
_RAKNA = "SELECT count(DISTINCT line_no), count(DISTINCT line_no) FILTER (WHERE len(fel) > 0), {} FROM norm"
_RAKNA_UTAN_UTANFOR = _RAKNA.format("0")
_RAKNA_MED_UTANFOR = _RAKNA.format("count(DISTINCT line_no) FILTER (WHERE utanfor)")


def _leverans(con: duckdb.DuckDBPyConnection, import_id: int, leverans: Leverans | None) -> None:
    if leverans is not None:
        kor(con, "INSERT OR REPLACE INTO leverans (import_id, levererad_av, kanal, bara_kommun, typer) "
                 "VALUES (?, ?, ?, ?, ?)", [import_id, leverans.av[:100], leverans.kanal, leverans.bara_kommun,
                                            sorted(leverans.typer) if leverans.typer is not None else None])


def _bara_hemkommunen(con: duckdb.DuckDBPyConnection, filtyp: str, kommun: str) -> None:
    """En chefs fil: rader för en annan kommun avvisas, och en deltagarrad som skulle ersätta en annan
    kommuns rad (samma person, insats och start) likaså."""
    kor(con, "UPDATE norm SET fel = list_append(fel, ?) WHERE len(fel) = 0 AND kommun_kod IS DISTINCT FROM ?",
        [EJ_DIN_KOMMUN, kommun])
    if filtyp == "deltagare":
        kor(con, """UPDATE norm n SET fel = list_append(fel, ?)
                    WHERE len(n.fel) = 0 AND EXISTS (
                        SELECT 1 FROM deltagare d WHERE d.deltagare_id = n.deltagare_id AND d.insats = n.insats
                          AND d.startdatum = n.startdatum AND d.kommun_kod <> n.kommun_kod)""", [EJ_DIN_KOMMUN])


class _Faser:
    """Tiden för varje fas av en fils inläsning, för loggen och benchmarken."""

    def __init__(self) -> None:
        self.sekunder: dict[str, float] = {}
        self._start = time.perf_counter()

    def klar(self, fas: str) -> None:
        nu_ = time.perf_counter()
        self.sekunder[fas] = round(nu_ - self._start, 3)
        self._start = nu_

    def __str__(self) -> str:
        return ", ".join(f"{fas} {sek:.2f} s".replace(".", ",") for fas, sek in self.sekunder.items())


def _las_in_fil(con: duckdb.DuckDBPyConnection, sokvag: Path, arkiv: Path, granser: Granser,
                leverans: Leverans | None = None, inlast: dt.datetime | None = None) -> FileResult:
    """inlast: när filen kom (bygg-om läser in arkivet med filernas egna tider); annars nu."""
    namn = sokvag.name
    faser = _Faser()
    inlast = inlast or nu()
    try:
        # En läsning ger kontrollsumman och arkivets kopia, som DuckDB sedan läser: filen kan inte bytas mellan dem.
        kopia = _kopiera_till_arkivet(sokvag, arkiv, granser)
    except FilRefuserad as exc:
        return FileResult(namn, "refuserad", meddelande=str(exc))
    sha = kopia.sha256
    # En refuserad fil får prövas igen under nytt namn (t.ex. döpt efter filtypen).
    tidigare = con.execute(
        "SELECT file_name, imported_at FROM import_log WHERE sha256 = ? "
        "AND (status <> 'refuserad' OR file_name = ?) ORDER BY import_id LIMIT 1",
        [sha, namn],
    ).fetchone()
    if tidigare:
        kopia.sokvag.unlink(missing_ok=True)
        return FileResult(
            namn, "oförändrad",
            meddelande=f"redan inläst {tidigare[1]:%Y-%m-%d %H:%M} (som {tidigare[0]}) – inget ändrat",
        )
    arkivfil = _arkivera(kopia, sokvag, arkiv)
    import_id = forsta_rad(con, "SELECT nextval('import_id_seq')")[0]
    try:
        fil = las_kopia(kopia, namn, granser=granser)
        if leverans is not None and leverans.typer is not None and fil.filtyp.kallnamn not in leverans.typer:
            raise FilRefuserad(f"filen är en {_typnamn(fil.filtyp.kallnamn)}; din roll lämnar bara in "
                               + " och ".join(_typnamn(t) + "er" for t in sorted(leverans.typer)))
        faser.klar("läsning")
        _skapa_staging(con, fil, namn, granser)
        faser.klar("staging")
    except FilRefuserad as exc:
        meddelande = maskera(str(exc))
        kor(
            con,
            "INSERT INTO import_log VALUES (?, ?, NULL, ?, ?, 0, 0, 0, 0, 'refuserad', ?, NULL, ?)",
            [import_id, namn, sha, inlast, meddelande, str(arkivfil)],
        )
        _leverans(con, import_id, leverans)
        return FileResult(namn, "refuserad", meddelande=meddelande)

    # Raderna finns nu i DuckDB: raderna i Python (csv-modulens väg) släpps innan tolkningen.
    fil.rader = []
    filtyp = fil.filtyp.namn
    # Kolumnerna filen har (en bred arbetsmarknadsfil: vilka mått den har).
    kor(con, "SET VARIABLE filkolumner = ?", [[namn for _, namn in fil.kolumner]])
    kor(con, "SET VARIABLE af_koder = ?", [list(AF_MATT)])
    for sats in sql_satser(filtyp):
        kor(con, sats)
    faser.klar("tolkning")
    kolumner = _kolumner(con, "norm")
    if leverans is not None and leverans.bara_kommun and "kommun_kod" in kolumner:
        _bara_hemkommunen(con, filtyp, leverans.bara_kommun)
    rakna = _RAKNA_MED_UTANFOR if "utanfor" in kolumner else _RAKNA_UTAN_UTANFOR
    lasta, avvisade, hoppade = forsta_rad(con, rakna)
    okanda_matt = (forsta_rad(con, "SELECT count(DISTINCT line_no) FILTER (WHERE okand_matt) FROM norm")[0]
                   if "okand_matt" in kolumner else 0)
    godkanda = lasta - avvisade - hoppade
    _spara_avvisade(con, import_id, namn, fil.filtyp)
    faser.klar("avvisade")
    kor(con, "SET VARIABLE import_id = ?", [import_id])
    uppdaterade = 0
    for sats in sql_satser(f"upsert_{fil.filtyp.lagras_som or filtyp}"):
        rader = con.execute(sats).fetchall()
        # Den första DELETE:n säger hur många rader en nyare ögonblicksbild ersatte.
        kod = "\n".join(r for r in sats.splitlines() if not r.lstrip().startswith("--")).lstrip()
        if kod.upper().startswith("DELETE") and not uppdaterade and rader:
            uppdaterade = rader[0][0]
    toppskal = con.execute(
        "SELECT skal, count(*) AS n FROM (SELECT unnest(fel) AS skal FROM norm WHERE len(fel) > 0) "
        "GROUP BY skal ORDER BY n DESC, skal LIMIT ?",
        [TOPPSKAL],
    ).fetchall()
    data_till = forsta_rad(con, _DATA_TILL[filtyp])[0]
    delar = []
    if hoppade - okanda_matt:
        delar.append(f"{_tal(hoppade - okanda_matt)} rader utanför regionen hoppades över")
    if okanda_matt:
        delar.append(f"{_tal(okanda_matt)} rader med måttkoder som monitorn inte använder hoppades över")
    if fil.okanda_kolumner:
        delar.append("okända kolumner lästes inte: " + ", ".join(maskera(k) for k in fil.okanda_kolumner))
    meddelande = "; ".join(delar)
    status = "inläst" if avvisade == 0 else "delvis inläst"
    kor(
        con,
        "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [import_id, namn, fil.filtyp.kallnamn, sha, inlast, lasta, godkanda, avvisade, uppdaterade, status,
         meddelande or None, data_till, str(arkivfil)],
    )
    _leverans(con, import_id, leverans)
    kor(con, "DROP TABLE norm")
    _ta_bort_staging(con)
    faser.klar("lagret")
    log.info("%s: %s", namn, faser)
    return FileResult(namn, status, fil.filtyp.kallnamn, lasta, godkanda, avvisade, uppdaterade, meddelande,
                      toppskal, hoppade, faser.sekunder)


def ingest_paths(
    sokvagar: list[Path | str],
    *,
    db_path: Path | None = None,
    settings: Settings | None = None,
    demo: bool = False,
    utom: frozenset[Path] = frozenset(),
    leverans: Leverans | None = None,
) -> ImportReport:
    """Läs in filer och mappar till lagret. Antingen går alla in, eller inget. utom: filer som redan refuserats
    (kommandoradens provläsning i barnprocess) och inte ska läsas. leverans: vem som lämnade in filerna och
    vad den får lämna in (sidan Lämna in filer)."""
    settings = settings or load_settings()
    db_path = Path(db_path) if db_path else settings.db_path
    if lagret_har_aldre_postnycklar(db_path):
        # Postnycklarna ändrade regel (en HMAC per person, bitarna efter pseudonymen): lagret byggs om ur arkivet
        # med samma nyckel, i ett eget atomärt byte, innan nya filer läses in.
        from ingest.bygg_om import bygg_om

        log.info("lagret har deltagarnas postnycklar enligt en äldre regel: byggs om ur arkivet först")
        bygg_om(settings, db_path)
    filer, saknade = hitta_filer([Path(p) for p in sokvagar])
    filer = [f for f in filer if f not in utom]
    rapport = ImportReport(list(saknade))
    with bygg_och_byt(db_path, settings.ingest_minne_mb, settings.ingest_tradar) as bygge:
        # Nyckeln läses under lagrets lås: en pågående bygg-om --ny-nyckel byter den bara medan den håller låset.
        from ingest.bygg_om import fullfolj_nyckelbyte

        fullfolj_nyckelbyte(settings, db_path)
        nyckel = ladda_nyckel(settings.pseudonym_key, settings.key_file)
        _forbered(bygge.con, nyckel, settings.region)
        _samma_nyckel(bygge.con, nyckel)
        for sokvag in filer:
            resultat = _las_in_fil(bygge.con, sokvag, settings.archive_dir, settings.granser, leverans)
            rapport.filer.append(resultat)
            if resultat.status != "oförändrad":
                bygge.andrat = True
            if resultat.status in ("inläst", "delvis inläst") and resultat.filtyp in AGGREGATENS_KALLOR:
                bygge.aggregat_andrat = True
        if demo:
            # Sidorna märker allt som fiktivt så länge lagret byggts av demodata.
            kor(bygge.con, "INSERT OR REPLACE INTO lager_info VALUES ('demodata', 'ja')")
    return rapport

