"""Datakvalitet: källornas namn och läge, ur datadatum.sql och leveranser.sql (en rad per källa). Samma regler i
sidfoten, på Datakvalitet och i veckans sammanfattning."""
from __future__ import annotations

from figures import format as fmt
from queries import KONTEXTKALLOR

KALLOR = {"deltagare": "Deltagare", "budget": "Budget", "jobbspar": "Jobbspår", "projekt": "Projekt",
          "arbetsmarknad": "AF:s statistik", "kolada": "Kolada", "befolkning": "SCB:s folkmängd"}


def flaggas(rad: dict) -> bool:
    """AF:s, Koladas och SCB:s statistik är frivillig: en sådan källa utan inläst fil är inget att flagga."""
    return rad["kalla"] not in KONTEXTKALLOR or bool(rad["filer"])


def for_gammal(rad: dict, grans: int) -> bool:
    """Senast inläst för mer än grans dagar sedan (en källa utan fil är det inte: den saknas)."""
    dagar = rad.get("dagar_sedan")
    return dagar is not None and dagar == dagar and dagar > grans


def kallans_lage(rad: dict, grans: int) -> str:
    """"✓ Aktuell", eller flaggorna: äldre än gränsen, saknade månader (de sex första), rader daterade efter
    leveransen."""
    dagar = rad.get("dagar_sedan")
    if dagar is None or dagar != dagar:
        return "⚠ Ingen fil inläst"
    flaggor = [f"⚠ Äldre än {grans} dagar"] if for_gammal(rad, grans) else []
    saknade = rad.get("antal_saknade") or 0
    if saknade:
        flaggor.append(f"⚠ Saknar {fmt.tal(saknade)} {'månad' if saknade == 1 else 'månader'}: {rad['saknade']}"
                       + (" …" if saknade > 6 else ""))
    framtida = rad.get("framtida") or 0
    if framtida:
        flaggor.append(f"⚠ {fmt.tal(framtida)} {'rad' if framtida == 1 else 'rader'} med datum efter leveransen")
    return "; ".join(flaggor) or "✓ Aktuell"
