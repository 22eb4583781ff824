"""Lämna in filer: förhandsgranskningen (ingest/forhandsgranskning.py) i ord, med monitorns svenska format."""
from __future__ import annotations

from figures import format as fmt

RADORD = {"deltagare": "deltagarrader", "budget": "budgetrader", "jobbspar": "jobbspårsrader",
          "projekt": "projektrader"}
MAX_RADER = 20


def radeffekt(fil: dict) -> str | None:
    """"312 nya deltagarrader, 40 uppdaterade; 3 avvisade rader läses inte in", för en fil som läses in."""
    if fil["status"] in ("refuserad", "oförändrad"):
        return None
    text = f"{fmt.tal(fil['godkanda'] - fil['uppdaterade'])} nya {RADORD.get(fil['filtyp'] or '', 'rader')}"
    if fil["uppdaterade"]:
        text += f", {fmt.tal(fil['uppdaterade'])} uppdaterade"
    if fil["avvisade"] == 1:
        text += "; 1 avvisad rad läses inte in"
    elif fil["avvisade"]:
        text += f"; {fmt.tal(fil['avvisade'])} avvisade rader läses inte in"
    return text


def tilldelning(andringar: list[dict]) -> list[str]:
    """"Ale 2026: tilldelat 1 820 000 kr → 1 500 000 kr (−18 %)", högst MAX_RADER rader och hur många till."""
    ut = []
    for a in andringar[:MAX_RADER]:
        if a["fore"] is None:
            ut.append(f"{a['kommun']} {a['ar']}: tilldelat {fmt.kr(a['efter'])} (nytt)")
        else:
            andring = f" ({fmt.forandring(a['efter'] / a['fore'] - 1)})" if a["fore"] else ""
            ut.append(f"{a['kommun']} {a['ar']}: tilldelat {fmt.kr(a['fore'])} → {fmt.kr(a['efter'])}{andring}")
    if len(andringar) > MAX_RADER:
        ut.append(f"… och {fmt.tal(len(andringar) - MAX_RADER)} kommuner och år till")
    return ut
