"""Frågelagret: SQL i queries/sql/*.sql, körd mot lagret med namngivna parametrar.

Sidorna anropar run("budget_utfall_per_kommun", kommuner=[...], ...) och får en
DataFrame med färdiga aggregat. Ingen SQL byggs av användarens indata: värden
går alltid som parametrar ($namn i SQL-filen).

Lagret öppnas skrivskyddat. När ingest bytt in ett nytt lager (filen har ny
inod) öppnas det nya vid nästa fråga; pågående frågor läser klart det gamla.

Rollen och röjandeskyddet sköts här (queries/skydd.py): varje fråga körs med
anroparens åtkomst, små antal prickas enligt SQL-filens deklaration, och svaren
sparas i en cache vars nyckel är lagerversion, roll, gräns, fråga och parametrar,
så att ett nytt lager eller en annan roll aldrig får ett gammalt svar.
"""
from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
from cachelib import SimpleCache

from behorighet import Atkomst, striktast
from ingest.lager import lagerversion
from queries import fasta_urval
from queries.skydd import Behorighetsfel, Deklaration, las_deklaration, skydda

SQL_DIR = Path(__file__).parent / "sql"
# Källor som är frivilliga (offentlig statistik som förklarar): deras avsaknad flaggas inte.
KONTEXTKALLOR = frozenset({"arbetsmarknad", "kolada", "befolkning"})
# Ett lager med färre deltagarrader än så frågas med en tråd (Lager._anslutning).
SMA_LAGER_RADER = 2_000_000
# Tabellmakron som flera frågor delar (samma urval i flera .sql-filer).
MAKRON = Path(__file__).parent / "makron.sql"


@cache
def sql(namn: str) -> str:
    return (SQL_DIR / f"{namn}.sql").read_text(encoding="utf-8")


@cache
def parametrar(namn: str) -> frozenset[str]:
    """De $namn en fråga använder. DuckDB vägrar parametrar som frågan inte använder,
    så sidorna kan skicka hela filtret och varje fråga tar det den behöver."""
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)", sql(namn)))


@cache
def deklaration(namn: str) -> Deklaration:
    return las_deklaration(sql(namn))


log = logging.getLogger("samverkansmonitorn.fragor")


class Fragetidsfel(TimeoutError):
    """Frågan tog längre tid än gränsen och avbröts; meddelandet visas på kortet."""


class Urvalsfel(Behorighetsfel):
    """Urvalet är inte ett fast urval och rollen ser skyddade antal (queries/fasta_urval.py); meddelandet
    visas på kortet och händelsen hamnar i granskningsloggen."""


class _Vakt:
    """En tråd som avbryter frågor som passerat sin tidsgräns. En threading.Timer per fråga startade en ny
    tråd varje gång (ett par millisekunder per kort, profilerat). Startas om i en ny process (gunicorn)."""

    def __init__(self) -> None:
        self._villkor = threading.Condition()
        self._frister: dict[int, tuple[float, duckdb.DuckDBPyConnection]] = {}
        self._nummer = 0
        self._pid: int | None = None
        self._slut = False

    def bevaka(self, cur: duckdb.DuckDBPyConnection, sekunder: float) -> int:
        with self._villkor:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                self._slut = False
                trad = threading.Thread(target=self._vakta, name="fragevakt", daemon=True)
                trad.start()
                atexit.register(self._stoppa, trad)
            self._nummer += 1
            self._frister[self._nummer] = (time.monotonic() + sekunder, cur)
            self._villkor.notify()
            return self._nummer

    def slapp(self, nummer: int) -> None:
        with self._villkor:
            self._frister.pop(nummer, None)

    def _stoppa(self, trad: threading.Thread) -> None:
        # Vakttråden avslutas före DuckDB, så att inget av DuckDB:s objekt lever kvar när processen slutar.
        with self._villkor:
            self._slut = True
            self._villkor.notify()
        trad.join(timeout=1)

    def _vakta(self) -> None:
        with self._villkor:
            while not self._slut:
                narmast = self._avbryt_forfallna(time.monotonic())
                self._villkor.wait(None if narmast is None else max(0.0, narmast - time.monotonic()))

    def _avbryt_forfallna(self, nu: float) -> float | None:
        """Avbryt frågorna vars frist gått ut; ger den närmaste kvarvarande fristen. En egen metod, så att
        vakttråden inte håller kvar en cursor mellan varven."""
        for nummer, (frist, cur) in list(self._frister.items()):
            if frist <= nu:
                del self._frister[nummer]
                cur.interrupt()
        return min((frist for frist, _ in self._frister.values()), default=None)


_vakt = _Vakt()


class Lager:
    """Skrivskyddad åtkomst till lagerfilen, med en cursor per fråga.

    Alla frågor går genom run(), som datasettes execute(): behörighet, parametrar, cache,
    tidsgräns (frågan avbryts efter max_sekunder) och en loggrad per fråga på debug-nivå
    med namn, parametrar (filtervärden, aldrig personuppgifter), rader och millisekunder."""

    def __init__(self, db_path: Path, cache_poster: int = 0, max_sekunder: float = 0,
                 offentlig_troskel: int | None = None) -> None:
        """offentlig_troskel: gränsen för det som visas för andra (referensdata, projektorn); utan den
        inställningarnas."""
        self.db_path = Path(db_path)
        self.max_sekunder = max_sekunder
        if offentlig_troskel is None:
            from config import load_settings

            offentlig_troskel = load_settings().suppression_threshold
        self.offentlig_troskel = offentlig_troskel
        self._las = threading.Lock()
        self._version: str | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        # cachelib är det flask-caching bygger på; frågelagret behöver ingen Flask.
        self._cache = SimpleCache(threshold=cache_poster, default_timeout=0) if cache_poster else None
        self._referenser: dict[str, pd.DataFrame] = {}
        self._referens_version: str | None = None
        # (månadstabellen, dagen, perioden): räknas om först när lagret eller dagen byts.
        self._standard: tuple[pd.DataFrame, dt.date, tuple[dt.date, dt.date]] | None = None
        # (kommuntabellen, kod -> namn): regionens kommuner, byggda en gång per referenstabell.
        self._kommunnamn: tuple[pd.DataFrame, dict[str, str]] | None = None

    @property
    def version(self) -> str | None:
        return lagerversion(self.db_path)

    def _anslutning(self, version: str | None) -> duckdb.DuckDBPyConnection:
        if version is None:
            raise FileNotFoundError(f"Lagret finns inte: {self.db_path}. Kör 'python app.py ingest' först.")
        with self._las:
            if version != self._version or self._con is None:
                # En ny minnesinstans per lagerversion: DuckDB cachar instanser per sökväg,
                # så en vanlig connect() kunde ge tillbaka den gamla, utbytta filen.
                con = duckdb.connect(":memory:")
                con.execute("ATTACH ? AS lager (READ_ONLY)", [str(self.db_path)]).fetchall()
                con.execute(MAKRON.read_text(encoding="utf-8")).fetchall()
                # En regions lager är litet: där kostar trådarnas samordning mer än de ger (GR-skala, profilerat:
                # en tråd 30 % snabbare per kort). Ett nationellt lager får alla kärnor.
                rader = con.execute("SELECT estimated_size FROM duckdb_tables() "
                                    "WHERE database_name = 'lager' AND table_name = 'deltagare'").fetchone()
                if rader is not None and rader[0] < SMA_LAGER_RADER:
                    con.execute("SET threads = 1").fetchall()
                self._con, self._version = con, version
            return self._con

    def referens(self, namn: str) -> pd.DataFrame:
        """Lagrets referensdata (kommunerna, månaderna med data): frågor utan parametrar och utan antal
        personer, som varje callback behöver. En gång per lagerversion, också när frågecachen är avstängd."""
        version = self.version
        if self._referens_version != version:
            self._referenser, self._referens_version = {}, version
        if namn not in self._referenser:
            self._referenser[namn] = self.run(namn, striktast(self.offentlig_troskel))
        return self._referenser[namn]

    def kommunnamn(self) -> dict[str, str]:
        """Regionens kommuner (kod -> namn) ur lagret: listorna följer regionen lagret byggdes för."""
        tabell = self.referens("kommuner")
        if self._kommunnamn is None or self._kommunnamn[0] is not tabell:
            self._kommunnamn = (tabell, dict(tabell[["kommun_kod", "kommun_namn"]].itertuples(index=False)))
        return self._kommunnamn[1]

    def standardperiod(self) -> tuple[dt.date, dt.date]:
        """Perioden när adressen inte anger någon, och den enda fria perioden i de fasta urvalen. Prövas i varje
        skyddad fråga, så den räknas en gång per lagerversion och dag."""
        tabell, idag = self.referens("manader"), dt.date.today()
        if self._standard is None or self._standard[0] is not tabell or self._standard[1] != idag:
            manader = [m.date() if hasattr(m, "date") else m for m in tabell["manad"]]
            self._standard = (tabell, idag, fasta_urval.standardperiod(manader, idag))
        return self._standard[2]

    def run(self, namn: str, atkomst: Atkomst, **params: object) -> pd.DataFrame:
        dekl = deklaration(namn)
        if dekl.roller is not None and atkomst.roll not in dekl.roller:
            raise Behorighetsfel(f"rollen {atkomst.roll} får inte köra frågan {namn}")
        anvanda = parametrar(namn)
        saknas = anvanda - params.keys()
        if saknas:
            raise TypeError(f"frågan {namn} saknar parametrar: {', '.join(sorted(saknas))}")
        bundna = {k: v for k, v in params.items() if k in anvanda}
        if atkomst.troskel > 0 and dekl.personer:
            # Skyddade antal bara för fasta urval: annars kan många överlappande urval medelvärdesbildas.
            fel = fasta_urval.prova(bundna, self.standardperiod())
            if fel:
                raise Urvalsfel(fel)
        # Versionen läses en gång: cachenyckeln och anslutningen gäller då samma lager.
        version = self.version
        nyckel = None
        if self._cache is not None:
            # Rollen och gränsen ingår i nyckeln: två roller får aldrig varandras svar.
            nyckel = hashlib.sha256(repr((version, namn, atkomst.roll, atkomst.troskel,
                                          sorted(bundna.items()))).encode()).hexdigest()
            svar = self._cache.get(nyckel)
            if svar is not None:
                return svar
        start = time.perf_counter()
        cur = self._anslutning(version).cursor()
        bevakning = None
        try:
            # Tabellerna ur lagret, makrona (queries/makron.sql) ur minnesdatabasen.
            cur.execute("SET search_path = 'lager,memory'").fetchall()
            if self.max_sekunder:
                bevakning = _vakt.bevaka(cur, self.max_sekunder)
            df = cur.execute(sql(namn), bundna).df()
        except duckdb.InterruptException as exc:
            log.warning("fråga %s avbröts efter %.0f s", namn, self.max_sekunder)
            raise Fragetidsfel(f"Frågan tog längre än {self.max_sekunder:g} sekunder och avbröts. "
                               "Välj en kortare period eller färre kommuner.") from exc
        finally:
            if bevakning is not None:
                _vakt.slapp(bevakning)
            cur.close()
        log.debug("fråga %s %s: %d rader, %.1f ms", namn, _loggbara(bundna), len(df),
                  (time.perf_counter() - start) * 1000)
        svar = skydda(df, dekl, atkomst.troskel)
        if nyckel is not None and self._cache is not None:
            self._cache.set(nyckel, svar)
        return svar


def _loggbara(params: dict) -> str:
    """Parametrarna som kort text för loggen: filtervärden (kommunkoder, datum, målgrupper)."""
    return ", ".join(f"{k}={v!s:.60}" for k, v in sorted(params.items()))


# Utanför en app (skript, tester av frågorna): lagret och åtkomsten som init() satte, för den här tråden.
# I appen kommer båda ur appens sammanhang (sammanhang.py), så två appar i en process ser var sitt lager.
_utanfor_appen: ContextVar[tuple[Lager, Callable[[], Atkomst]] | None] = ContextVar("lager_utanfor_appen",
                                                                                     default=None)


def init(db_path: Path, atkomstkalla: Callable[[], Atkomst] | None = None, cache_poster: int = 0,
         max_sekunder: float = 0) -> Lager:
    """Frågelagret för kod utanför en app (skript, tester): atkomstkalla ger anroparens åtkomst; utan den
    gäller den striktaste. max_sekunder: frågor som tar längre tid avbryts (0 = ingen gräns).
    En app bygger sitt eget Lager (app.skapa_app) och behöver inte detta."""
    lager = Lager(db_path, cache_poster, max_sekunder)
    _utanfor_appen.set((lager, atkomstkalla or (lambda: striktast(lager.offentlig_troskel))))
    return lager


def _lagret_och_atkomsten() -> tuple[Lager, Callable[[], Atkomst]]:
    import sammanhang

    appens = sammanhang.aktuellt()
    if appens is not None:
        return appens.lager, appens.atkomstkalla
    utanfor = _utanfor_appen.get()
    if utanfor is None:
        raise RuntimeError("inget lager: anropet görs varken i en app (app.skapa_app) eller efter queries.init()")
    return utanfor


def _lagret() -> Lager:
    return _lagret_och_atkomsten()[0]


def _lagret_och_anroparen(offentlig: bool) -> tuple[Lager, Atkomst]:
    """Lagret och anroparens åtkomst, läst i anropets tråd; offentlig: med små antal dolda oavsett roll."""
    lager, atkomstkalla = _lagret_och_atkomsten()
    atk = atkomstkalla()
    return lager, atk.offentlig(lager.offentlig_troskel) if offentlig else atk


def referens(namn: str) -> pd.DataFrame:
    """Referensdata ur lagret (kommuner, manader): en gång per lagerversion (Lager.referens)."""
    return _lagret().referens(namn)


def kommunnamn() -> dict[str, str]:
    """Regionens kommuner (kod -> namn) ur lagret."""
    return _lagret().kommunnamn()


def run(namn: str, *, offentlig: bool = False, **params: object) -> pd.DataFrame:
    """Kör frågan med anroparens roll. offentlig=True: små antal döljs oavsett roll (projektorn, mötespaketet)."""
    lager, atk = _lagret_och_anroparen(offentlig)
    return lager.run(namn, atk, **params)


def run_samtidigt(*fragor: tuple[str, dict], offentlig: bool = False) -> list[pd.DataFrame]:
    """Flera frågor som inte beror av varandra, samtidigt (ett kort med två eller tre frågor): DuckDB släpper
    GIL medan en fråga körs, så kortets tid blir den längsta frågans i stället för summan. Svaren i samma
    ordning som frågorna; samma roll, skydd, cache och tidsgräns som run()."""
    # Rollen läses här, i anropets tråd (flask.g finns inte i poolens trådar).
    lager, atk = _lagret_och_anroparen(offentlig)
    if len(fragor) < 2:
        return [lager.run(namn, atk, **params) for namn, params in fragor]
    framtider = [_fragepool().submit(lager.run, namn, atk, **params) for namn, params in fragor]
    return [f.result() for f in framtider]


_POOL: list = [None, None]  # [process-id, ThreadPoolExecutor]: processens trådar, inte en apps läge


def _fragepool():
    """Trådarna för run_samtidigt, en pool per process (en gunicorn-arbetare ärver inga trådar vid fork)."""
    from concurrent.futures import ThreadPoolExecutor

    if _POOL[0] != os.getpid():
        _POOL[:] = [os.getpid(), ThreadPoolExecutor(max_workers=4, thread_name_prefix="fragor")]
    return _POOL[1]


def atkomst() -> Atkomst:
    return _lagret_och_atkomsten()[1]()


def offentlig_atkomst() -> Atkomst:
    """Anroparens åtkomst med små antal dolda oavsett roll: det som visas för andra."""
    return _lagret_och_anroparen(offentlig=True)[1]


def standardperiod() -> tuple[dt.date, dt.date]:
    return _lagret().standardperiod()


def version() -> str | None:
    try:
        return _lagret().version
    except RuntimeError:
        return None
