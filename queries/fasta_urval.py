"""Fasta urval: vad roller med skyddade antal får kombinera (ärende #22, alternativ b).

Varför: cell-key-störningen ger samma personer samma brus, men varje fritt valt urval (en mängd
kommuner, ett månadsspann, flera målgrupper) är en ny mängd personer med ett nytt brus. En chef som
frågade efter aktiva(K ∪ S) − aktiva(S) för trettio mängder S och tog medelvärdet fick tillbaka 60 av 62
dolda antal; månadsspannen A..M − A..M−1 gav 31 av 37. Medelvärdet av många oberoende brus är sanningen.

Regeln, som ABS TableBuilder och ONS gör med flexibla tabeller: den som ser störda antal väljer ur en
fast, liten meny, så att varje antal bara kan fås på ett fåtal sätt och inget kan medelvärdesbildas:

* geografi: hela regionen eller en kommun (per-kommun-raderna visas alltid alla; jobbspårens kluster
  är fasta mängder som också får väljas);
* period: en kalendermånad, ett kvartal, ett kalenderår eller standardperioden (januari året före
  den senaste månaden med data till och med den månaden);
* målgrupp: alla eller en; kön: alla, kvinnor eller män (redan en fast meny).

Styrgruppen ser sanna antal och väljer fritt. Regeln prövas i frågelagret för varje fråga med antal
personer (queries.Lager.run), så att också en egenhändigt byggd callback stoppas, och URL-modellen
(dashboards/urlfilter.py) rättar adressen till närmaste tillåtna urval med en notis.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

TILLATET = "en kommun eller hela regionen, en månad, ett kvartal, ett år eller standardperioden, och en målgrupp"


def manad_slut(start: dt.date) -> dt.date:
    nasta = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nasta - dt.timedelta(days=1)


def standardperiod(manader: Iterable[dt.date], idag: dt.date) -> tuple[dt.date, dt.date]:
    """Från januari året före den senaste månaden med data (högst innevarande månad), till den månaden."""
    forsta = idag.replace(day=1)
    med_data = sorted(m for m in manader if m <= forsta) or [forsta]
    till = med_data[-1]
    fran = max(med_data[0], dt.date(till.year - 1, 1, 1))
    return fran, manad_slut(till)


def periodens_slag(fran: dt.date, till: dt.date, standard: tuple[dt.date, dt.date]) -> str | None:
    """"månad", "kvartal", "år" eller "standardperioden" när fran..till är en tillåten period, annars None."""
    if (fran, till) == tuple(standard):
        return "standardperioden"
    if fran.day != 1 or till != manad_slut(till.replace(day=1)) or fran.year != till.year:
        return None
    manader = till.month - fran.month + 1
    if manader == 1:
        return "månad"
    if manader == 3 and fran.month in (1, 4, 7, 10):
        return "kvartal"
    if manader == 12:
        return "år"
    return None


def narmaste_period(fran: dt.date, till: dt.date, standard: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """Den minsta tillåtna perioden som rymmer fran..till: kvartalet, året, annars standardperioden."""
    if periodens_slag(fran, till, standard):
        return fran, till
    if fran.year == till.year:
        kvartal = dt.date(fran.year, 3 * ((fran.month - 1) // 3) + 1, 1)
        kvartal_slut = manad_slut(dt.date(fran.year, kvartal.month + 2, 1))
        if till <= kvartal_slut:
            return kvartal, kvartal_slut
        return dt.date(fran.year, 1, 1), dt.date(fran.year, 12, 31)
    return standard


def prova(params: dict, standard: tuple[dt.date, dt.date]) -> str | None:
    """Varför urvalet inte får visas med skyddade antal, eller None om det är ett fast urval."""
    for namn, vad in (("kommuner", "kommun"), ("malgrupper", "målgrupp")):
        varde = params.get(namn)
        if isinstance(varde, Sequence) and not isinstance(varde, str) and len(varde) > 1:
            return f"Välj en {vad} i taget: med skyddade antal visas {TILLATET}."
    fran, till = params.get("fran"), params.get("till")
    if isinstance(fran, dt.date) and isinstance(till, dt.date) and periodens_slag(fran, till, standard) is None:
        return f"Perioden {fran:%Y-%m}–{till:%Y-%m} kan inte visas med skyddade antal: välj {TILLATET}."
    return None


def ett_val(valda: list[str], foredraget: str | None = None) -> list[str]:
    """Ett av flera val: det föredragna (chefens hemkommun) om det är bland dem, annars det första."""
    if len(valda) <= 1:
        return valda
    return [foredraget] if foredraget in valda else valda[:1]
