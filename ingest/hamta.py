"""Hämta Koladas nyckeltal för regionens kommuner och lägg svaret i inkorgen (python app.py hamta kolada).

Svaret skrivs som en fil, så att det går genom samma inläsning som allt annat: kontroller,
importlogg, arkiv och återinläsning utan dubbletter. Utan förbindelse med Kolada sägs det på en
rad, och inget skrivs. Testerna anropar aldrig Kolada: de pekar SAMVERKAN_KOLADA_URL mot en
server på den egna datorn som svarar med inspelade svar.
"""
from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path
from urllib.parse import urlparse

from config import KOLADA_KPI, Settings
from ingest.kommuner import region_kommuner


class IngenForbindelse(Exception):
    """Kolada gick inte att nå; meddelandet är en rad för den som körde kommandot."""


def _prova_forbindelse(bas_url: str, sekunder: float = 3) -> None:
    delar = urlparse(bas_url)
    vard, port = delar.hostname or "", delar.port or (443 if delar.scheme == "https" else 80)
    try:
        socket.create_connection((vard, port), timeout=sekunder).close()
    except OSError as exc:
        raise IngenForbindelse(f"Ingen förbindelse med Kolada ({vard}): {exc.strerror or exc}. "
                               "Inget hämtades; försök igen när datorn är uppkopplad.") from exc


def hamta_kolada(settings: Settings, ar: list[int], kpier: list[str] | None = None) -> tuple[Path, int]:
    """Hämtar värdena (och nyckeltalens titlar) och skriver dem som JSON i inkorgen. Ger filen och antalet poster."""
    from koladapy import KoladaAPI
    from koladapy.exceptions import KoladaAPIError

    kpier = kpier or list(KOLADA_KPI)
    _prova_forbindelse(settings.kolada_url)
    api = KoladaAPI(base_url=settings.kolada_url, timeout=20)
    koder = [kod for kod, _, _ in region_kommuner(settings.region)]
    try:
        varden = api.get_values(kpi_id=kpier, municipality_id=koder, years=ar)
        titlar = [api.get_kpi(kpi) for kpi in kpier]
    except KoladaAPIError as exc:
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
