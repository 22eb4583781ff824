"""Hämta Koladas nyckeltal för regionens kommuner och lägg svaret i inkorgen (python app.py hamta kolada).

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
            try:
                return json.loads(b"".join(delar))
            except ValueError:
                raise IngenForbindelse(f"{self.kalla} svarade med något som inte är JSON. Inget hämtades.") from None
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


def _prova_forbindelse(bas_url: str, sekunder: float = 3) -> None:
    delar = urlparse(bas_url)
    vard, port = delar.hostname or "", delar.port or (443 if delar.scheme == "https" else 80)
    try:
        socket.create_connection((vard, port), timeout=sekunder).close()
    except OSError as exc:
        raise IngenForbindelse(f"Ingen förbindelse med Kolada ({vard}): {exc.strerror or exc}. "
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
    inkorg = settings.inbox_dir
    inkorg.mkdir(parents=True, exist_ok=True)
    datum = f"{dt.date.today():%Y-%m-%d}"
    # Titlarna först: när värdena läses in finns redan Koladas egna namn på nyckeltalen.
    for namn, innehall in ((f"kolada_kpi_{datum}.json", {"values": titlar}),
                           (f"kolada_{datum}.json", {"values": varden, "next_url": None})):
        fil = inkorg / namn
        tillfallig = inkorg / f".{namn}.tmp"  # inkorgen läser inte punktfiler: filen syns först när den är hel
        tillfallig.write_text(json.dumps(innehall, ensure_ascii=False), encoding="utf-8")
        tillfallig.replace(fil)
    return inkorg / f"kolada_{datum}.json", len(varden)
