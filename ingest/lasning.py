"""Läser en exportfil till rader med radnummer, utan att tolka värdena.

Här avgörs teckenkodning, avgränsare, rubrikrad och filtyp. Värdena tolkas
sedan i DuckDB (ingest/sql/), så att en miljon rader inte valideras en och en
i Python. En textfil läses en gång i bitar (kopiera: kontrollsumma, kopia i
arkivet, kodning och radbrytningar) och sedan av DuckDB ur kopian: Python
håller aldrig hela filen, bara dess första 64 kB.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import errno
import hashlib
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.filtyper import FILTYP_PER_NAMN, FILTYPER, Filtyp, beskriv_krav, normalize_header
from ingest.granser import Granser, OverGrans, prova_storlek, prova_text, prova_xlsx, rader_i

FILFORMAT = {".csv", ".txt", ".xlsx", ".json"}
AVGRANSARE = (";", ",", "\t")
# Så många rader letar vi efter rubrikraden i (titelrader och tomrader ovanför).
RUBRIK_SOKDJUP = 50
_EXCEL_EPOK = dt.date(1899, 12, 30)


class FilRefuserad(Exception):
    """Hela filen kan inte läsas in. Meddelandet är skrivet för en handläggare."""


@dataclass
class LastFil:
    """En fil som gått att läsa: typ, rubrik och rader med radnummer (1-baserat)."""

    filtyp: Filtyp
    rubrikrad: int
    # (kolumnindex i filen, kanoniskt namn) för de kolumner vi känner igen
    kolumner: list[tuple[int, str]]
    rader: Sequence[tuple[int, Sequence[object]]]
    okanda_kolumner: list[str] = field(default_factory=list)
    teckenkodning: str | None = None
    avgransare: str | None = None
    # Snabbväg för rena textfiler: DuckDB läser filen (csv_fil) själv, förbi de första hoppa_rader raderna
    # (titelrader och rubrik), i stället för csv-modulen. datarader: så många rader ska DuckDB få (prövas).
    csv_fil: Path | None = None
    hoppa_rader: int = 0
    datarader: int = 0
    kodek: str = "utf-8"
    # Byte 0x80–0x9F (i Windows-1252 bl.a. – och €): DuckDB:s Latin-1 läser dem inte.
    c1: bool = False
    forsta_datarad: int = 0
    antal_kolumner: int = 0

    def kolumnvarden(self) -> dict[str, list[str | None]]:
        """Kolumnvis som text, klart för DuckDB: {'line_no': [...], 'kommun': [...]}."""
        datum = self.filtyp.datumkolumner
        ut: dict[str, list] = {"line_no": [nr for nr, _ in self.rader]}
        for index, namn in self.kolumner:
            som_datum = namn in datum
            ut[namn] = [_cell_text(rad[index] if index < len(rad) else None, som_datum) for _, rad in self.rader]
        return ut


def _cell_text(cell: object, som_datum: bool) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "Ja" if cell else "Nej"
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, (int, float)):
        if som_datum and 1 <= cell < 2_958_466:
            # En datumcell utan datumformat kommer som Excels serietal.
            return (_EXCEL_EPOK + dt.timedelta(days=int(cell))).isoformat()
        if isinstance(cell, float) and cell.is_integer():
            return str(int(cell))
        return repr(cell)
    return str(cell)


def avkoda(data: bytes) -> tuple[str, str]:
    """Hela filen som text (JSON) och kodningens namn; kodningen avgörs av kodning_for."""
    kodek, namn, bom = kodning_for(data)
    return data[bom:].decode(kodek), namn


@dataclass
class _Rubrikkandidat:
    radindex: int
    filtyp: Filtyp
    kolumner: list[tuple[int, str]]
    okanda: list[str]
    komplett: bool

    @property
    def traffar(self) -> int:
        return len(self.kolumner)


def _tolka_rubrik(celler: Sequence[object], filtyp: Filtyp) -> tuple[list[tuple[int, str]], list[str]]:
    kolumner: list[tuple[int, str]] = []
    sedda: set[str] = set()
    okanda: list[str] = []
    for index, cell in enumerate(celler):
        namn = filtyp.kolumn_for(normalize_header(cell))
        if namn and namn not in sedda:
            kolumner.append((index, namn))
            sedda.add(namn)
        elif cell is not None and str(cell).strip():
            okanda.append(str(cell).strip())
    return kolumner, okanda


def _kandidater(rader: Sequence[Sequence[object]]) -> list[_Rubrikkandidat]:
    ut = []
    for radindex, celler in enumerate(rader[:RUBRIK_SOKDJUP]):
        for filtyp in FILTYPER:
            kolumner, okanda = _tolka_rubrik(celler, filtyp)
            if len(kolumner) >= 2:
                komplett = not filtyp.saknade_krav({n for _, n in kolumner})
                ut.append(_Rubrikkandidat(radindex, filtyp, kolumner, okanda, komplett))
    return ut


def valj_rubrik(rader: Sequence[Sequence[object]], filnamn: str) -> _Rubrikkandidat:
    """Första raden som bär en komplett rubrik; filtypen av kolumnerna, eller av filnamnet."""
    kandidater = _kandidater(rader)
    kompletta = [k for k in kandidater if k.komplett]
    namntyp = next((t for t in FILTYPER if filnamn.lower().startswith(t.namn)), None)
    if not kompletta:
        delvisa = [k for k in kandidater if k.filtyp is namntyp]
        if delvisa and namntyp is not None:
            basta = max(delvisa, key=lambda k: k.traffar)
            raise FilRefuserad(_saknar_text(namntyp, namntyp.saknade_krav({n for _, n in basta.kolumner})))
        if not kandidater:
            raise FilRefuserad(
                f"hittar ingen rubrikrad med kända kolumnnamn bland de första {RUBRIK_SOKDJUP} raderna"
            )
        basta = max(kandidater, key=lambda k: (k.traffar, -k.radindex))
        saknas = basta.filtyp.saknade_krav({n for _, n in basta.kolumner})
        raise FilRefuserad(_saknar_text(basta.filtyp, saknas))

    forsta_rad = min(k.radindex for k in kompletta)
    pa_raden = [k for k in kompletta if k.radindex == forsta_rad]
    if namntyp and any(k.filtyp is namntyp for k in pa_raden):
        return next(k for k in pa_raden if k.filtyp is namntyp)
    if len(pa_raden) == 1:
        return pa_raden[0]
    # Flera typer passar: den som känner igen flest kolumner vinner, lika = tvetydigt.
    pa_raden.sort(key=lambda k: k.traffar, reverse=True)
    if pa_raden[0].traffar > pa_raden[1].traffar:
        return pa_raden[0]
    typer = " och ".join(k.filtyp.namn for k in pa_raden)
    raise FilRefuserad(
        f"kan inte avgöra filtyp: kolumnerna passar både {typer}. "
        "Döp filen så att namnet börjar med filtypen, t.ex. 'budget_2024.csv'"
    )


def _saknar_text(filtyp: Filtyp, saknas: list[tuple[str, ...]]) -> str:
    delar = []
    for grupp in saknas:
        synonymer = ", ".join(dict.fromkeys(s for k in grupp for s in filtyp.kolumner[k][1:4]))
        delar.append(f"{beskriv_krav(grupp)}" + (f" (eller {synonymer})" if synonymer else ""))
    return f"ser ut som en {filtyp.namn}fil men saknar obligatorisk kolumn: " + "; ".join(delar)


def _ar_tom(celler: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in celler)


class _Kodningsprov:
    """Filens kodning avgjord bit för bit: UTF-8 (med eller utan BOM), annars Windows-1252, och Latin-1 om någon
    av de fem byte som Windows-1252 saknar finns. Samma regel för en fil i minnet och en fil som läses i bitar;
    filen finns aldrig avkodad i minnet bara för att kontrolleras."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self.utf8 = True
        self.odefinierad = False
        self.c1 = False
        self.bom = False
        self._forsta = True

    def bit(self, data: bytes | memoryview) -> None:
        if self._forsta:
            self.bom, self._forsta = bytes(data[:3]) == b"\xef\xbb\xbf", False
        if self.utf8:
            try:
                self._utf8.decode(data)
            except UnicodeDecodeError:
                self.utf8 = False
        # bytes.translate med bytes att ta bort: en kopia av biten i C, inget per tecken i Python.
        rest = bytes(data)
        self.odefinierad = self.odefinierad or len(rest.translate(None, _ODEFINIERADE_CP1252)) != len(rest)
        self.c1 = self.c1 or len(rest.translate(None, _C1)) != len(rest)

    def resultat(self) -> tuple[str, str, int]:
        """(Pythons kodek, namnet som visas, BOM-längd)."""
        if self.utf8:
            try:
                self._utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8 = False
        if self.bom:
            return "utf-8", "UTF-8 med BOM", 3
        if self.utf8:
            return "utf-8", "UTF-8", 0
        if not self.odefinierad:
            return "cp1252", "Windows-1252", 0
        return "latin-1", "Latin-1", 0  # fem byte är odefinierade i cp1252; Latin-1 avkodar alla


def kodning_for(data: bytes) -> tuple[str, str, int]:
    """(Pythons kodek, namnet som visas, BOM-längd) för en fil i minnet, prövad i bitar."""
    prov = _Kodningsprov()
    vy = memoryview(data)
    for start in range(0, len(data), _BIT):
        prov.bit(vy[start:start + _BIT])
    return prov.resultat()


_BIT = 16 << 20


def _rubrik_i_text(text: str, filnamn: str) -> tuple[_Rubrikkandidat, str]:
    """Rubrikraden och avgränsaren ur filens början (text)."""
    if "\x00" in text[:4096]:
        raise FilRefuserad("filen ser inte ut som text (binärt innehåll); spara som CSV eller XLSX")
    huvud = text.splitlines()[:RUBRIK_SOKDJUP]
    basta: tuple[_Rubrikkandidat, str] | None = None
    fel: FilRefuserad | None = None
    for avgr in AVGRANSARE:
        provrader = list(csv.reader(huvud, delimiter=avgr))
        try:
            kandidat = valj_rubrik(provrader, filnamn)
        except FilRefuserad as exc:
            # Det mest träffande skälet vinner: "saknar kolumn X" före "hittar ingen rubrik".
            if fel is None or ("saknar obligatorisk" in str(exc) and "saknar obligatorisk" not in str(fel)):
                # Utan traceback: den håller den här ramen, och därmed filens bytes, i en cykel som bara
                # skräpsamlaren bryter (nationell inläsning: 190 MB kvar per fil).
                fel = exc.with_traceback(None)
            continue
        if basta is None or kandidat.traffar > basta[0].traffar:
            basta = (kandidat, avgr)
    if basta is None:
        raise fel or FilRefuserad("kan inte läsa filen")
    return basta


def _las_text(data: bytes, filnamn: str, granser: Granser,
               kodning_redan: tuple[str, str, int] | None = None) -> LastFil:
    """Textfilen rad för rad med csv-modulen (citattecken, tomma rader): radnumren räknas av csv-modulen.
    kodning_redan: (kodek, namn, BOM-längd) när filen redan lästs i bitar (Kopia), så att den inte avgörs igen."""
    kodek, kodning, bom = kodning_redan or kodning_for(data)
    # Bara början avkodas för att hitta rubriken; ett tecken som delas vid gränsen spelar ingen roll där.
    kandidat, avgr = _rubrik_i_text(data[bom:bom + 65536].decode(kodek, errors="ignore"), filnamn)
    try:
        prova_text(rader_i(data), data[:1 << 16], avgr, granser)
    except OverGrans as exc:
        raise FilRefuserad(str(exc)) from exc
    hel_text = data[bom:].decode(kodek)
    lasare = csv.reader(io.StringIO(hel_text, newline=""), delimiter=avgr)
    rader: list[tuple[int, Sequence[object]]] = []
    forra_slut = 0
    for index, celler in enumerate(lasare):
        start = forra_slut + 1
        forra_slut = lasare.line_num
        if index <= kandidat.radindex or _ar_tom(celler):
            continue
        rader.append((start, celler))
    return LastFil(
        filtyp=kandidat.filtyp,
        rubrikrad=kandidat.radindex + 1,
        kolumner=kandidat.kolumner,
        rader=rader,
        okanda_kolumner=kandidat.okanda,
        teckenkodning=kodning,
        avgransare=avgr,
    )


def _radslut(data: bytes, start: int, radindex: int) -> int | None:
    """Byteposition efter rubrikraden (radindex 0-baserat), eller None om filen slutar där.
    \n är samma byte i UTF-8 och Windows-1252."""
    pos = start
    for _ in range(radindex + 1):
        nasta = data.find(b"\n", pos)
        if nasta < 0:
            return None
        pos = nasta + 1
    return pos


def _rena_datarader(sokvag: Path, start: int) -> int | None:
    """Kan DuckDB läsa dataraderna (från byte start) direkt, med radnummer = rubrikrad + rad? Inga
    citattecken, inga ensamma CR och inga tomma rader (som DuckDB hoppar över, så att radnumren förskjuts).
    Rader med bara avgränsare eller blanksteg tas bort i SQL (pipeline._las_med_duckdb). Svaret är antalet
    datarader, eller None. Filen läses i bitar med bytes.find/count, utan att hållas i minnet."""
    storlek = sokvag.stat().st_size
    with open(sokvag, "rb") as fil:
        # Avslutande radbrytningar räknas inte (en tom rad sist är ingen datarad).
        fil.seek(max(start, storlek - 4096))
        svans = fil.read()
        slut = storlek - (len(svans) - len(svans.rstrip(b"\r\n")))
        if slut <= start or (not svans.rstrip(b"\r\n") and storlek - 4096 > start):
            return None
        fil.seek(start)
        pos, forra, nyrader, cr, crlf = start, b"", 0, 0, 0
        while pos < slut:
            bit = fil.read(min(_BIT, slut - pos))
            if not bit:
                return None
            pos += len(bit)
            # En tom rad eller \r\n kan delas mellan två bitar: skarven (förra bitens två sista byte och den här
            # bitens två första) prövas för sig, utan att bitarna läggs ihop.
            skarv = forra + bit[:2]
            if b'"' in bit or b"\n\n" in bit or b"\n\r\n" in bit or b"\n\n" in skarv or b"\n\r\n" in skarv:
                return None
            nyrader += bit.count(b"\n")
            cr_har = bit.count(b"\r")
            if cr_har:
                cr += cr_har
                crlf += bit.count(b"\r\n")
            crlf += forra.endswith(b"\r") and bit.startswith(b"\n")
            forra = bit[-2:]
    return nyrader + 1 if cr == crlf else None


def _las_xlsx(data: bytes, filnamn: str) -> LastFil:
    import python_calamine

    try:
        bok = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine har flera feltyper för trasiga filer
        raise FilRefuserad(f"Excel-filen går inte att öppna ({type(exc).__name__})") from exc
    forsta_fel: FilRefuserad | None = None
    for bladnamn in bok.sheet_names:
        rader = bok.get_sheet_by_name(bladnamn).to_python(skip_empty_area=False)
        try:
            kandidat = valj_rubrik(rader, filnamn)
        except FilRefuserad as exc:
            forsta_fel = forsta_fel or FilRefuserad(f"blad '{bladnamn}': {exc}")
            continue
        datarader = [
            (index + 1, celler)
            for index, celler in enumerate(rader)
            if index > kandidat.radindex and not _ar_tom(celler)
        ]
        return LastFil(kandidat.filtyp, kandidat.radindex + 1, kandidat.kolumner, datarader, kandidat.okanda)
    raise forsta_fel or FilRefuserad("arbetsboken har inga blad med data")


def _las_json(data: bytes) -> LastFil:
    """Ett sparat svar från Koladas API (v3, eller v2 med next_page): {"values": [...]}.

    Värden: {"kpi", "municipality", "period", "values": [{"gender", "value", …}]} blir en rad per kön.
    Nyckeltalsbeskrivningar (/v3/kpi): {"id", "title", …} blir filtypen kolada_kpi."""
    import json

    from ingest.filtyper import KOLADA, KOLADA_KPI

    try:
        svar = json.loads(avkoda(data)[0])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FilRefuserad(f"JSON-filen går inte att läsa (rad {getattr(exc, 'lineno', '?')})") from exc
    poster = svar.get("values") if isinstance(svar, dict) else svar
    if not isinstance(poster, list) or not all(isinstance(p, dict) for p in poster):
        raise FilRefuserad("JSON-filen är inte ett svar från Koladas API (listan 'values' saknas)")
    if poster and all("id" in p and "title" in p for p in poster):
        kolumner = [(0, "kpi"), (1, "titel")]
        rader = [(i + 1, [p.get("id"), p.get("title")]) for i, p in enumerate(poster)]
        return LastFil(KOLADA_KPI, 0, kolumner, rader)
    rader_ut: list[tuple[int, Sequence[object]]] = []
    for i, post in enumerate(poster):
        if not {"kpi", "municipality", "period"} <= post.keys():
            raise FilRefuserad(f"post {i + 1} i JSON-filen saknar kpi, municipality eller period")
        for varde in post.get("values") or []:
            if varde.get("isdeleted"):
                continue
            rader_ut.append((i + 1, [post["kpi"], post["municipality"], post["period"], varde.get("gender", "T"),
                                     varde.get("value")]))
    kolumner = [(0, "kpi"), (1, "kommun"), (2, "ar"), (3, "kon"), (4, "varde")]
    return LastFil(KOLADA, 0, kolumner, rader_ut)


@dataclass
class Kopia:
    """En fil läst en gång, i bitar: kontrollsumman, storleken, kodningen och radbrytningarna, de första 64 kB,
    och (med ett mål) en kopia. Kontrollsumman, arkivets kopia och raderna kommer ur samma bytes: filen kan
    inte bytas mellan dem, för DuckDB läser kopian."""

    sokvag: Path
    sha256: str
    storlek: int
    huvud: bytes
    rader: int
    kodek: str
    kodning: str
    bom: int
    c1: bool


_HUVUD = (1 << 16) + 3
_C1 = bytes(range(0x80, 0xA0))
_ODEFINIERADE_CP1252 = b"\x81\x8d\x8f\x90\x9d"


def _oppna(sokvag: Path):
    """Filen för läsning; symboliska länkar följs inte."""
    try:
        fd = os.open(sokvag, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FilRefuserad("filen är en symbolisk länk; sådana läses inte") from exc
        raise FilRefuserad(f"filen går inte att läsa ({exc.strerror})") from exc
    return os.fdopen(fd, "rb")


def kopiera(kalla: Path, granser: Granser, mal: Path | None = None) -> Kopia:
    """Läs filen en gång i bitar om 16 MB och skriv den till mal (arkivets tillfälliga fil), om ett mål ges.
    En fil över storleksgränsen refuseras, och målet tas bort, så snart gränsen passeras."""
    sha = hashlib.sha256()
    prov = _Kodningsprov()
    huvud, storlek, nyrader, sista = b"", 0, 0, b""
    with _oppna(kalla) as fil, contextlib.ExitStack() as stack:
        try:
            prova_storlek(forvantad := os.fstat(fil.fileno()).st_size, granser)
        except OverGrans as exc:
            raise FilRefuserad(str(exc)) from exc
        # Bitar om högst 16 MB, och aldrig större än filen: en liten fil reserverar inte 16 MB (barnprocessens
        # minnesgräns gäller adressrymden).
        bitstorlek = max(1, min(_BIT, forvantad + 1))
        # Kopian är 0600 från början (inte efter umask): den har personnummer.
        ut = (stack.enter_context(os.fdopen(os.open(mal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"))
              if mal is not None else None)
        if mal is not None:
            # Avbryts läsningen (för stor, läsfel) tas den halva kopian bort.
            stack.callback(lambda: None if klar else mal.unlink(missing_ok=True))
        klar = False
        while bit := fil.read(bitstorlek):
            storlek += len(bit)
            try:
                prova_storlek(storlek, granser)  # filen kan ha vuxit sedan fstat
            except OverGrans as exc:
                raise FilRefuserad(str(exc)) from exc
            sha.update(bit)
            if ut is not None:
                ut.write(bit)
            if len(huvud) < _HUVUD:
                huvud += bit[:_HUVUD - len(huvud)]
            nyrader += bit.count(b"\n")
            sista = bit[-1:]
            prov.bit(bit)
        klar = True
    kodek, kodning, bom = prov.resultat()
    rader = nyrader + (0 if sista == b"\n" or not storlek else 1)
    # I UTF-8 är 0x80–0x9F delar av tecken: c1 gäller bara filer i en byte per tecken.
    return Kopia(mal if mal is not None else kalla, sha.hexdigest(), storlek, huvud, rader, kodek, kodning, bom,
                 prov.c1 and kodek != "utf-8")


def las_kopia(kopia: Kopia, filnamn: str, filtyp: str | None = None, granser: Granser | None = None) -> LastFil:
    """Tolka en kopierad fil. En textfil läses av DuckDB ur kopian när den är ren (utan citattecken och
    tomrader); annars, och för Excel och JSON (som har egna storleksgränser), läses kopians bytes."""
    granser = granser or Granser()
    if _andelse(filnamn) in (".xlsx", ".json"):
        return tolka(kopia.sokvag.read_bytes(), filnamn, filtyp, granser)
    if kopia.storlek <= len(kopia.huvud) and not kopia.huvud.strip():
        raise FilRefuserad("filen är tom")
    # Bara början avkodas för att hitta rubriken; ett tecken som delas vid gränsen spelar ingen roll där.
    kandidat, avgr = _rubrik_i_text(kopia.huvud[kopia.bom:].decode(kopia.kodek, errors="ignore"), filnamn)
    try:
        prova_text(kopia.rader, kopia.huvud, avgr, granser)
    except OverGrans as exc:
        raise FilRefuserad(str(exc)) from exc
    rubrik_slut = _radslut(kopia.huvud, kopia.bom, kandidat.radindex)
    datarader = _rena_datarader(kopia.sokvag, rubrik_slut) if rubrik_slut is not None else None
    if rubrik_slut is None or datarader is None:
        return _ratt_typ(_las_text(kopia.sokvag.read_bytes(), filnamn, granser,
                                   (kopia.kodek, kopia.kodning, kopia.bom)), filtyp)
    rubrik = next(csv.reader([kopia.huvud[kopia.bom:rubrik_slut].decode(kopia.kodek, errors="replace")
                              .splitlines()[-1]], delimiter=avgr))
    return _ratt_typ(LastFil(kandidat.filtyp, kandidat.radindex + 1, kandidat.kolumner, [], kandidat.okanda,
                             kopia.kodning, avgr, csv_fil=kopia.sokvag, hoppa_rader=kandidat.radindex + 1,
                             datarader=datarader, kodek=kopia.kodek, c1=kopia.c1,
                             forsta_datarad=kandidat.radindex + 2, antal_kolumner=len(rubrik)), filtyp)


def las_fil(sokvag: Path, filtyp: str | None = None, granser: Granser | None = None) -> LastFil:
    """Läs en fil där den ligger (provläsning, tester) eller refusera den hel med ett begripligt skäl."""
    granser = granser or Granser()
    _andelse(sokvag.name)
    return las_kopia(kopiera(sokvag, granser), sokvag.name, filtyp, granser)


def las_rad_for_rad(sokvag: Path, filnamn: str, granser: Granser) -> LastFil:
    """En textfil genom csv-modulen, när DuckDB inte kan läsa den som den ser ut."""
    return _las_text(sokvag.read_bytes(), filnamn, granser)


def _andelse(filnamn: str) -> str:
    andelse = Path(filnamn).suffix.lower()
    if andelse not in FILFORMAT:
        raise FilRefuserad(f"okänt filformat '{andelse or '(ingen ändelse)'}': endast .csv, .txt, .xlsx och "
                           ".json (Kolada) läses")
    return andelse


def _ratt_typ(fil: LastFil, filtyp: str | None) -> LastFil:
    if filtyp and fil.filtyp is not FILTYP_PER_NAMN[filtyp]:
        raise FilRefuserad(f"filen är av typen {fil.filtyp.namn}, inte {filtyp}")
    return fil


def tolka(data: bytes, filnamn: str, filtyp: str | None = None, granser: Granser | None = None) -> LastFil:
    """Tolka filens bytes: gränserna prövas först, innan någon läsare får filen."""
    granser = granser or Granser()
    andelse = _andelse(filnamn)
    try:
        prova_storlek(len(data), granser)
        if andelse == ".xlsx":
            prova_xlsx(data, granser)
    except OverGrans as exc:
        raise FilRefuserad(str(exc)) from exc
    if andelse == ".xlsx":
        fil = _las_xlsx(data, filnamn)
    elif andelse == ".json":
        fil = _las_json(data)
    else:
        if not data.strip():
            raise FilRefuserad("filen är tom")
        fil = _las_text(data, filnamn, granser)
    return _ratt_typ(fil, filtyp)
