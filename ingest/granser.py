"""Gränser som prövas innan en fil tolkas, så att en fientlig eller trasig fil inte kan ta slut på minnet.

En XLSX-fil på 5 kB med en enda cell i ZZ200000 får Excel-läsaren att reservera ett område
på 140 miljoner celler (flera GiB) och processen att krascha. Därför läses arbetsbokens XML
först som ström: största rad och kolumn, och hur stort innehållet är uppackat (zip-bomb),
innan Excel-läsaren får filen. För textfiler räknas rader och rubrikens kolumner på bytes.
Meddelandena namnger gränsen och inställningen som ändrar den.
"""
from __future__ import annotations

import io
import re
import zipfile

from config import Granser

# Celler och rader med eller utan namnrymdsprefix (<x:c>), och attributet med ' eller ": Excel-läsaren godtar alla.
_CELLREF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(?:c|row)\b[^>]*?\sr\s*=\s*["\']([A-Za-z]{0,3})([0-9]{1,9})["\']')
_DIMENSION = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref\s*=\s*["\'][A-Za-z]{0,3}[0-9]{0,9}:?([A-Za-z]{0,3})([0-9]{0,9})["\']')
_BIT = 1 << 20


class OverGrans(Exception):
    """Filen är större än en gräns; meddelandet är skrivet för en handläggare."""


__all__ = ["Granser", "OverGrans", "prova_storlek", "prova_text", "prova_xlsx", "rader_i"]


def _tal(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _kolumnnummer(bokstaver: bytes) -> int:
    n = 0
    for b in bokstaver.upper():
        n = n * 26 + (b - 64)
    return n


def prova_storlek(storlek: int, granser: Granser) -> None:
    if storlek > granser.max_byte:
        raise OverGrans(f"filen är {_tal(storlek // _BIT)} MB; gränsen är {_tal(granser.max_byte // _BIT)} MB "
                        "(SAMVERKAN_MAX_FIL_MB)")


def rader_i(data: bytes) -> int:
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def prova_text(rader: int, huvud: bytes, avgransare: str, granser: Granser) -> None:
    """Rader (räknade på filens bytes, när den lästes in) och kolumner (i filens början) i en textfil."""
    if rader > granser.max_rader:
        raise OverGrans(f"filen har {_tal(rader)} rader; gränsen är {_tal(granser.max_rader)} (SAMVERKAN_MAX_RADER)")
    forsta = huvud[:1 << 16].split(b"\n", 50)
    kolumner = max((rad.count(avgransare.encode()) + 1 for rad in forsta[:50]), default=0)
    if kolumner > granser.max_kolumner:
        raise OverGrans(f"filen har {_tal(kolumner)} kolumner; gränsen är {_tal(granser.max_kolumner)} "
                        "(SAMVERKAN_MAX_KOLUMNER)")


def prova_xlsx(data: bytes, granser: Granser) -> None:
    """Uppackad storlek, och varje blads största rad och kolumn, innan Excel-läsaren öppnar filen."""
    try:
        arkiv = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise OverGrans("Excel-filen går inte att öppna (inte ett giltigt zip-arkiv)") from exc
    with arkiv:
        uppackat = sum(i.file_size for i in arkiv.infolist())
        if uppackat > granser.max_uppackat:
            raise OverGrans(f"Excel-filen packas upp till {_tal(uppackat // _BIT)} MB; gränsen är "
                            f"{_tal(granser.max_uppackat // _BIT)} MB (SAMVERKAN_MAX_FIL_MB × 2)")
        # Varje del som är XML prövas, var den än ligger: arbetsboken kan peka ut ett blad var som helst i
        # arkivet (xl/_rels/workbook.xml.rels), och Excel-läsaren följer pekaren, inte mappnamnet.
        for info in arkiv.infolist():
            if not info.is_dir() and _ar_xml(arkiv, info):
                _prova_blad(arkiv, info, granser)


def _ar_xml(arkiv: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with arkiv.open(info) as strom:
        borjan = strom.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return borjan.startswith(b"<")


def _prova_blad(arkiv: zipfile.ZipFile, info: zipfile.ZipInfo, granser: Granser) -> None:
    max_rad = max_kol = 0
    rest = b""
    # Läses i bitar: minnet är en bit åt gången, oavsett hur stort bladet är uppackat.
    with arkiv.open(info) as strom:
        while bit := strom.read(_BIT):
            text = rest + bit
            for m in _CELLREF.finditer(text):
                max_rad = max(max_rad, int(m.group(2)))
                if m.group(1):
                    max_kol = max(max_kol, _kolumnnummer(m.group(1)))
            for m in _DIMENSION.finditer(text):
                if m.group(2):
                    max_rad = max(max_rad, int(m.group(2)))
                if m.group(1):
                    max_kol = max(max_kol, _kolumnnummer(m.group(1)))
            # En tagg kan delas mellan två bitar: de sista 256 tecknen läses igen med nästa bit.
            rest = text[-256:]
            _prova_omfang(info.filename, max_rad, max_kol, granser)


def _prova_omfang(blad: str, rader: int, kolumner: int, granser: Granser) -> None:
    namn = blad.rsplit("/", 1)[-1].removesuffix(".xml")
    if rader > granser.max_rader:
        raise OverGrans(f"bladet {namn} går till rad {_tal(rader)}; gränsen är {_tal(granser.max_rader)} rader "
                        "(SAMVERKAN_MAX_RADER)")
    if kolumner > granser.max_kolumner:
        raise OverGrans(f"bladet {namn} går till kolumn {_tal(kolumner)}; gränsen är {_tal(granser.max_kolumner)} "
                        "kolumner (SAMVERKAN_MAX_KOLUMNER)")
    if rader * kolumner > granser.max_celler:
        raise OverGrans(f"bladet {namn} spänner över {_tal(rader * kolumner)} celler ({_tal(rader)} rader × "
                        f"{_tal(kolumner)} kolumner); gränsen är {_tal(granser.max_celler)} celler "
                        "(SAMVERKAN_MAX_CELLER)")
