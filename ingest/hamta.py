"""Hämta offentlig statistik och lägg svaret i inkorgen: Koladas nyckeltal (python app.py hamta kolada), SCB:s
folkmängd genom PxWeb-API:t (hamta scb, med pxwebpy) och AF:s öppna data om inskrivna per kommun och månad
(hamta af, från en inställbar adress). Bevakaren kör de källor som står i SAMVERKAN_HAMTA en gång i månaden.

Svaret skrivs som en fil, så att det går genom samma inläsning som allt annat: kontroller,
importlogg, arkiv och återinläsning utan dubbletter. Utan förbindelse med Kolada sägs det på en
rad, och inget skrivs. Testerna anropar aldrig Kolada: de pekar SAMVERKAN_KOLADA_URL mot en
server på den egna datorn som svarar med inspelade svar.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from config import KOLADA_KPI, Settings
from ingest.kommuner import region_kommuner


class IngenForbindelse(Exception):
    """Kolada gick inte att nå; meddelandet är en rad för den som körde kommandot."""


@dataclass
class Hamtvakt:
    """Gränser för en hämtning mot en server vi inte styr över: sidor, byte och tid, och en Retry-After som
    läses försiktigt och aldrig väntas längre än max_vanta_s. En trasig eller fientlig server (en next_url
    som aldrig tar slut, Retry-After: 999999, ett svar på flera gigabyte) ger en svensk rad, aldrig en
    evig körning eller en traceback."""

    kalla: str
    max_sidor: int = 200
    max_byte: int = 50_000_000
    max_sekunder: float = 300
    max_vanta_s: float = 60
    max_forsok: int = 3
    # Väntan när Retry-After saknas eller inte går att läsa.
    standard_vanta_s: float = 3.0
    sidor: int = 0
    byte: int = 0
    start: float = field(default_factory=time.monotonic)

    def kvar(self) -> float:
        kvar = self.max_sekunder - (time.monotonic() - self.start)
        if kvar <= 0:
            raise IngenForbindelse(f"{self.kalla} svarade inte klart inom {self.max_sekunder:g} sekunder. "
                                   "Inget hämtades.")
        return kvar

    def hamta_json(self, session, url: str, params: dict | None = None):
        """GET url som JSON inom gränserna; svaret läses i bitar och avbryts vid max_byte."""
        try:
            return json.loads(self.hamta_bytes(session, url, params))
        except ValueError:
            raise IngenForbindelse(f"{self.kalla} svarade med något som inte är JSON. Inget hämtades.") from None

    def hamta_bytes(self, session, url: str, params: dict | None = None) -> bytes:
        """GET url inom gränserna: sidor, tid och byte (svaret läses i bitar och avbryts vid max_byte)."""
        for forsok in range(1, self.max_forsok + 1):
            self.sidor += 1
            if self.sidor > self.max_sidor:
                raise IngenForbindelse(f"{self.kalla} skickade fler än {self.max_sidor} sidor; hämtningen avbröts "
                                       "och inget skrevs.")
            tidsgrans = min(30.0, self.kvar())
            try:
                svar = session.get(url, params=params, timeout=tidsgrans, stream=True)
            except Exception as exc:  # requests: förbindelse, tidsgräns, ogiltig adress
                raise IngenForbindelse(f"Ingen förbindelse med {self.kalla}: {type(exc).__name__}. "
                                       "Inget hämtades.") from None
            with svar:
                if svar.status_code in (429, 503) and forsok < self.max_forsok:
                    vanta = retry_after(svar.headers.get("Retry-After"), self.standard_vanta_s)
                    if vanta > min(self.max_vanta_s, self.kvar()):
                        raise IngenForbindelse(f"{self.kalla} bad oss vänta {vanta:.0f} sekunder; försök igen senare. "
                                               "Inget hämtades.")
                    time.sleep(vanta)
                    continue
                if svar.status_code != 200:
                    raise IngenForbindelse(f"{self.kalla} svarade {svar.status_code}. Inget hämtades.")
                delar = []
                for bit in svar.iter_content(64 * 1024):
                    self.byte += len(bit)
                    if self.byte > self.max_byte:
                        raise IngenForbindelse(f"{self.kalla} skickade mer än {self.max_byte // 1_000_000} MB; "
                                               "hämtningen avbröts och inget skrevs.")
                    delar.append(bit)
                    self.kvar()
            return b"".join(delar)
        raise IngenForbindelse(f"{self.kalla} svarade inte efter {self.max_forsok} försök. Inget hämtades.")


def retry_after(text: str | None, standard: float = 3.0) -> float:
    """Retry-After som sekunder (ett heltal eller ett HTTP-datum); något annat ger standard. Aldrig negativt."""
    text = (text or "").strip()[:64]
    if text.isdigit():
        return float(min(int(text[:12]), 10**9))
    try:
        datum = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return standard
    if datum.tzinfo is None:
        datum = datum.replace(tzinfo=dt.UTC)
    return max(0.0, (datum - dt.datetime.now(dt.UTC)).total_seconds())


def _kolada_klient(bas_url: str, vakt: Hamtvakt):
    """koladapy:s klient (sidor, satsvisa kommunlistor, titlar) med våra gränser för varje anrop: dess egen
    _make_request väntar Retry-After utan tak och försöker om på nytt utan slut."""
    from koladapy import KoladaAPI

    class BegransadKolada(KoladaAPI):
        def _make_request(self, endpoint: str, params: dict | None = None) -> dict:
            self._throttle_request()
            svar = vakt.hamta_json(self.session, urljoin(self.base_url, endpoint), params)
            if not isinstance(svar, dict):
                raise IngenForbindelse("Kolada svarade inte som väntat (inget JSON-objekt). Inget hämtades.")
            return svar

    return BegransadKolada(base_url=bas_url, timeout=20)


def _prova_forbindelse(bas_url: str, sekunder: float = 3, kalla: str = "Kolada") -> None:
    delar = urlparse(bas_url)
    vard, port = delar.hostname or "", delar.port or (443 if delar.scheme == "https" else 80)
    try:
        socket.create_connection((vard, port), timeout=sekunder).close()
    except OSError as exc:
        raise IngenForbindelse(f"Ingen förbindelse med {kalla} ({vard}): {exc.strerror or exc}. "
                               "Inget hämtades; försök igen när datorn är uppkopplad.") from exc


def hamta_kolada(settings: Settings, ar: list[int], kpier: list[str] | None = None,
                 vakt: Hamtvakt | None = None) -> tuple[Path, int]:
    """Hämtar värdena (och nyckeltalens titlar) och skriver dem som JSON i inkorgen. Ger filen och antalet poster."""
    from koladapy.exceptions import KoladaAPIError

    kpier = kpier or list(KOLADA_KPI)
    _prova_forbindelse(settings.kolada_url)
    api = _kolada_klient(settings.kolada_url, vakt or Hamtvakt("Kolada"))
    koder = [kod for kod, _, _ in region_kommuner(settings.region)]
    try:
        varden = api.get_values(kpi_id=kpier, municipality_id=koder, years=ar)
        titlar = [api.get_kpi(kpi) for kpi in kpier]
    except (KoladaAPIError, KeyError, TypeError, AttributeError) as exc:
        raise IngenForbindelse(f"Kolada svarade inte som väntat: {str(exc).splitlines()[0][:200]}") from exc
    datum = f"{dt.date.today():%Y-%m-%d}"
    # Titlarna först: när värdena läses in finns redan Koladas egna namn på nyckeltalen.
    _skriv_i_inkorgen(settings, f"kolada_kpi_{datum}.json",
                      json.dumps({"values": titlar}, ensure_ascii=False).encode("utf-8"))
    fil = _skriv_i_inkorgen(settings, f"kolada_{datum}.json",
                            json.dumps({"values": varden, "next_url": None}, ensure_ascii=False).encode("utf-8"))
    return fil, len(varden)


def _skriv_i_inkorgen(settings: Settings, namn: str, data: bytes) -> Path:
    inkorg = settings.inbox_dir
    inkorg.mkdir(parents=True, exist_ok=True)
    fil = inkorg / namn
    tillfallig = inkorg / f".{namn}.tmp"  # inkorgen läser inte punktfiler: filen syns först när den är hel
    tillfallig.write_bytes(data)
    tillfallig.replace(fil)
    return fil


# SCB:s tabell över folkmängden per region, ålder och kön (BE0101N1, ettårsklasser); PxWeb API 2.
ALDRAR = [str(a) for a in range(100)] + ["100+"]
KON = {"1": "män", "2": "kvinnor"}


def hamta_scb(settings: Settings, ar: int, max_sekunder: float = 300) -> tuple[Path, int]:
    """Folkmängden för regionens kommuner per ålder och kön för ett år, som en befolkningsfil i inkorgen
    (region;ålder;kön;år;folkmängd, som SCB:s egen nedladdning). Ger filen och antalet rader."""
    import concurrent.futures

    _prova_forbindelse(settings.scb_url, kalla="SCB")
    koder = [kod for kod, _, _ in region_kommuner(settings.region)]

    def hamta() -> list[dict]:
        from pxweb import PxApi

        # Ingen cache och en förfrågan i taget: en körning i månaden, och SCB:s gränser gäller.
        api = PxApi(settings.scb_url, language="sv", disable_cache=True, timeout=30, max_workers=1)
        return api.get_table_data(settings.scb_tabell, show="code", value_codes={
            "Region": koder, "Alder": ALDRAR, "Kon": list(KON), "ContentsCode": ["BE0101N1"], "Tid": [str(ar)]})

    # pxwebpy väntar själv på Retry-After utan tak: hela hämtningen har en tidsgräns här.
    utforare = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        rader = utforare.submit(hamta).result(timeout=max_sekunder)
    except concurrent.futures.TimeoutError:
        raise IngenForbindelse(f"SCB svarade inte klart inom {max_sekunder:g} sekunder. Inget hämtades.") from None
    except IngenForbindelse:
        raise
    except Exception as exc:  # pxwebpy: HTTP-fel, oväntat svar; en rad, aldrig en traceback
        raise IngenForbindelse(f"SCB svarade inte som väntat ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0][:160] if str(exc) else ''}). Inget hämtades.") from None
    finally:
        utforare.shutdown(wait=False, cancel_futures=True)
    text = ["region;ålder;kön;år;folkmängd"]
    for rad in rader:
        varden = list(rad.values())
        if len(varden) < 6:
            raise IngenForbindelse("SCB svarade med en annan tabell än väntat. Inget hämtades.")
        region, alder, kon, _, tid, varde = varden[:6]
        if varde is None or region not in koder:
            continue
        text.append(f"{region};{alder} år;{KON.get(str(kon), kon)};{tid};{varde}")
    if len(text) == 1:
        raise IngenForbindelse("SCB svarade utan värden för regionens kommuner. Inget hämtades.")
    fil = _skriv_i_inkorgen(settings, f"befolkning_scb_{ar}_{dt.date.today():%Y-%m-%d}.csv",
                            ("\n".join(text) + "\n").encode("utf-8"))
    return fil, len(text) - 1


def hamta_af(settings: Settings, vakt: Hamtvakt | None = None) -> tuple[Path, int]:
    """AF:s öppna data om inskrivna arbetssökande per kommun och månad (CSV, lång eller bred form) från
    SAMVERKAN_AF_URL, som den är, till inkorgen; inläsningen prövar den som varje annan fil."""
    import requests

    if not settings.af_url:
        raise IngenForbindelse("SAMVERKAN_AF_URL är inte satt: ange adressen till AF:s CSV-fil med inskrivna "
                               "arbetssökande per kommun och månad. Inget hämtades.")
    _prova_forbindelse(settings.af_url, kalla="Arbetsförmedlingen")
    vakt = vakt or Hamtvakt("Arbetsförmedlingen", max_byte=settings.granser.max_byte)
    with requests.Session() as session:
        data = vakt.hamta_bytes(session, settings.af_url)
    forsta = data[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not forsta or not any(t in forsta[0].lower() for t in ("afkod", "kommun", "manad", "månad")):
        raise IngenForbindelse("Arbetsförmedlingen svarade inte med en CSV-fil med kommun, månad och mått. "
                               "Inget hämtades.")
    fil = _skriv_i_inkorgen(settings, f"arbetsmarknad_af_{dt.date.today():%Y-%m-%d}.csv", data)
    return fil, max(0, data.count(b"\n") - 1)


def hamta_kalla(settings: Settings, kalla: str) -> str:
    """En källa med standardvalen (Kolada: de två senaste hela åren; SCB: förra året); en rad om vad som hämtades."""
    idag = dt.date.today()
    if kalla == "kolada":
        fil, antal = hamta_kolada(settings, [idag.year - 2, idag.year - 1])
    elif kalla == "scb":
        fil, antal = hamta_scb(settings, idag.year - 1)
    elif kalla == "af":
        fil, antal = hamta_af(settings)
    else:
        raise ValueError(f"okänd källa {kalla!r}")
    return f"{kalla}: {antal} rader till {fil.name}"


def hamta_det_som_ar_dags(settings: Settings, idag: dt.date | None = None) -> list[str]:
    """Varje källa i SAMVERKAN_HAMTA som inte hämtats den här månaden (data/hamtningar.json). Ett fel gäller den
    källan: den provas igen vid nästa varv, de andra hämtas ändå."""
    import logging

    log = logging.getLogger("samverkansmonitorn.hamta")
    manad = f"{idag or dt.date.today():%Y-%m}"
    tillstand_fil = settings.data_dir / "hamtningar.json"
    try:
        tillstand = json.loads(tillstand_fil.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        tillstand = {}
    rader = []
    for kalla in settings.hamta:
        if tillstand.get(kalla) == manad:
            continue
        try:
            rader.append(hamta_kalla(settings, kalla))
        except Exception as exc:  # offline, ett trasigt svar: en rad i loggen, nästa varv försöker igen
            log.warning("hämtningen av %s misslyckades: %s", kalla, exc)
            rader.append(f"{kalla}: {exc}")
            continue
        tillstand[kalla] = manad
        tillstand_fil.parent.mkdir(parents=True, exist_ok=True)
        tillstand_fil.write_text(json.dumps(tillstand), encoding="utf-8")
    return rader


def starta_schemalagd_hamtning(settings: Settings):
    """En tråd i bevakaren: en gång i timmen prövas om någon källa i SAMVERKAN_HAMTA ska hämtas den här månaden."""
    import logging
    import threading

    log = logging.getLogger("samverkansmonitorn.hamta")
    if not settings.hamta:
        return None

    def slinga() -> None:
        stopp = threading.Event()
        while True:
            try:
                for rad in hamta_det_som_ar_dags(settings):
                    log.info("hämtning: %s", rad)
            except Exception:  # aldrig bevakarens död
                log.exception("den schemalagda hämtningen avbröts")
            stopp.wait(3600)

    trad = threading.Thread(target=slinga, name="hamta", daemon=True)
    trad.start()
    log.info("hämtar %s en gång i månaden", ", ".join(settings.hamta))
    return trad
