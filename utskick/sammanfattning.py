"""Veckans sammanfattning för en mottagare: samma frågor och samma skydd som sidorna.

Siffrorna hämtas genom frågelagret med mottagarens egen åtkomst (queries.Lager.run): en chef får de
störda och dolda antal som chefens sidor visar, styrgruppen de sanna. Avvikelserna och deras förklaring är
Varför?-radens (figures/varfor.py), med samma gräns som sidans standard.
"""
from __future__ import annotations

import datetime as dt
import logging

from anteckningar import HELA_REGIONEN, Anteckningar, forsenad
from behorighet import Atkomst
from config import AF_MATT, Settings
from figures import format as fmt
from figures import samrad
from figures import varfor as varfor_kort
from figures.datakvalitet import KALLOR, flaggas, for_gammal
from utskick.meddelanden import Avvikelse, Sammanfattning

log = logging.getLogger("samverkansmonitorn.utskick")

AVVIKELSEGRANS = 0.10  # som sidan /extratjanster när adressen inte anger någon


def vecka(idag: dt.date) -> str:
    ar, nummer, _ = idag.isocalendar()
    return f"{ar}-V{nummer:02d}"


def bygg(*, lager, atkomst: Atkomst, settings: Settings, bok: Anteckningar, kommuner: dict[str, str],
         regionnamn: str, tidigare: dict, idag: dt.date) -> tuple[Sammanfattning, dict]:
    """Sammanfattningen och det som sparas till nästa vecka (vilka kommuner som var flaggade)."""
    hem = atkomst.hemkommun if atkomst.roll == "chef" else None
    omfang = [hem] if hem else list(kommuner)
    omfattning = kommuner.get(hem, hem) if hem else f"hela {regionnamn}"
    ar, nummer, _ = idag.isocalendar()
    s = Sammanfattning(omfattning=str(omfattning), vecka=f"vecka {nummer}, {ar}", hemkommun=hem)
    flaggade: list[str] = []
    try:
        if lager is None:
            raise FileNotFoundError(settings.db_path)
        malgrupp = settings.malgrupp_afkod
        df = lager.run("budget_varfor", atkomst, ar=lager.standardperiod()[1].year, malgrupp_kod=malgrupp)
        forra = set(tidigare.get("flaggade", []))
        for rad in varfor_kort.flaggade(df, AVVIKELSEGRANS).to_dict("records"):
            if rad["kommun_kod"] not in omfang:
                continue
            f = varfor_kort.forklara(rad, regionnamn, AF_MATT.get(malgrupp, f"AF-mått {malgrupp}"))
            flaggade.append(rad["kommun_kod"])
            s.avvikelser.append(Avvikelse(f.kommun_namn, f.text, rad["kommun_kod"] not in forra,
                                          fmt.cell(rad, "besatta_platser")))
        s.gamla_kallor.extend(_gamla_kallor(lager.run("datadatum", atkomst), settings.max_age_days))
    except Exception as exc:  # lagret saknas eller byts just nu: sammanfattningen går ut med anteckningarna
        log.warning("sammanfattningen: lagret kunde inte läsas (%s: %s)", type(exc).__name__, exc)
        s = Sammanfattning(omfattning=s.omfattning, vecka=s.vecka, hemkommun=hem, lagret_saknas=True)
    med_region = [*omfang, HELA_REGIONEN]
    sedan = dt.datetime.combine(idag - dt.timedelta(days=7), dt.time())
    s.nya_anteckningar.extend(samrad.rad(a, kommuner, regionnamn, idag) for a in bok.lista(kommuner=med_region)
                              if a["skapad"] >= sedan)
    s.uppfoljningar.extend((samrad.rad(a, kommuner, regionnamn, idag), forsenad(a, idag))
                           for a in bok.oppna_uppfoljningar(kommuner=med_region))
    return s, {"flaggade": flaggade}


def _gamla_kallor(df, grans: int) -> list[str]:
    """Källorna som sidfoten flaggar som äldre än gränsen (figures.datakvalitet)."""
    return [f"{KALLOR.get(rad['kalla'], rad['kalla'])}: senast inläst {fmt.datum(rad['senast_inlast'])}, "
            f"{int(rad['dagar_sedan'])} dagar sedan (gränsen är {grans})."
            for rad in df.to_dict("records") if flaggas(rad) and for_gammal(rad, grans)]
