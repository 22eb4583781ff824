"""Datakvalitet: en källas läge i ord, ur datadatum.sql och leveranser.sql (en rad per källa)."""
from __future__ import annotations

from figures import format as fmt


def kallans_lage(rad: dict, grans: int) -> str:
    """"✓ Aktuell", eller flaggorna: äldre än gränsen, saknade månader (de sex första), rader daterade efter
    leveransen."""
    dagar = rad.get("dagar_sedan")
    if dagar is None or dagar != dagar:
        return "⚠ Ingen fil inläst"
    flaggor = [f"⚠ Äldre än {grans} dagar"] if dagar > grans else []
    saknade = rad.get("antal_saknade") or 0
    if saknade:
        flaggor.append(f"⚠ Saknar {fmt.tal(saknade)} {'månad' if saknade == 1 else 'månader'}: {rad['saknade']}"
                       + (" …" if saknade > 6 else ""))
    framtida = rad.get("framtida") or 0
    if framtida:
        flaggor.append(f"⚠ {fmt.tal(framtida)} {'rad' if framtida == 1 else 'rader'} med datum efter leveransen")
    return "; ".join(flaggor) or "✓ Aktuell"
