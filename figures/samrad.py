"""Samrådets anteckningar som text och tabell: samma rader på sidorna, projektorn och i mötespaketet."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from anteckningar import HELA_REGIONEN, forsenad
from figures import format as fmt
from figures.figur import anteckning, figur, spar, uppdatera, utan_axlar
from figures.kort import Kolumn, Kort, Tabell


def kommunnamn(kod: str, kommuner: dict[str, str], region: str) -> str:
    return f"hela {region}" if kod == HELA_REGIONEN else kommuner.get(kod, kod)


def rad(a: dict, kommuner: dict[str, str], region: str = "GR", idag: dt.date | None = None) -> str:
    """En anteckning på en rad: "Uppföljning (Ale, 2026-11): Ale återkommer med plan – ansvarig: …, klart senast …"."""
    huvud = f"{a['typ']} ({kommunnamn(a['kommun_kod'], kommuner, region)}, {a['period']}): {a['text']}"
    if a["typ"] == "Uppföljning":
        sen = " – FÖRSENAD" if forsenad(a, idag) else ""
        huvud += f" – ansvarig: {a['ansvarig']}, klart senast {fmt.datum(a['klart_senast'])}{sen}"
        if a.get("status") == "klar":
            huvud += " (klar)"
    return huvud + f" – {a['skapad_av']} {fmt.datum(a['skapad'])}"


def senaste_forklaring(anteckningar: list[dict], kod: str) -> dict | None:
    """Den senaste förklaringen (eller beslutet) för en kommun; listan är nyast först."""
    return next((a for a in anteckningar if a["kommun_kod"] == kod and a["typ"] in ("Förklaring", "Beslut")), None)


def forklaringar_per_kommun(anteckningar: list[dict], ar: int) -> dict[str, str]:
    """Den senaste förklaringen (eller beslutet) per kommun för ett år; listan är nyast först."""
    return {a["kommun_kod"]: a["text"] for a in reversed(anteckningar)
            if a["typ"] in ("Förklaring", "Beslut") and str(a["period"]).startswith(str(ar))}


def uppfoljningar_per_kommun(oppna: list[dict], idag: dt.date | None = None) -> dict[str, str]:
    """De öppna uppföljningarna per kommun som en text (tidigast klart först): bredvid avvikelsen de gäller."""
    ut: dict[str, list[str]] = {}
    for a in sorted(oppna, key=lambda a: (a["klart_senast"] or dt.date.max, a["id"])):
        sen = ", FÖRSENAD" if forsenad(a, idag) else ""
        ut.setdefault(a["kommun_kod"], []).append(
            f"{a['text']} (ansvarig {a['ansvarig']}, klart senast {fmt.datum(a['klart_senast'])}{sen})")
    return {kod: "; ".join(texter) for kod, texter in ut.items()}


def sorterade(anteckningar: list[dict]) -> list[dict]:
    """Kommunprofilens ordning: öppna uppföljningar överst (tidigast klart först), sedan resten, nyast först."""
    oppna = sorted((a for a in anteckningar if a["typ"] == "Uppföljning" and a.get("status") == "öppen"),
                   key=lambda a: (a["klart_senast"] or dt.date.max, a["id"]))
    ovriga = [a for a in anteckningar if a not in oppna]
    return oppna + ovriga


def uppfoljningar(rader: list[dict], kommuner: dict[str, str], region: str = "GR",
                  idag: dt.date | None = None) -> Kort:
    """Öppna uppföljningar: /uppfoljning och mötespaketets sista bild."""
    idag = idag or dt.date.today()
    df = pd.DataFrame([{
        "id": a["id"], "kommun": kommunnamn(a["kommun_kod"], kommuner, region), "period": a["period"],
        "text": a["text"], "ansvarig": a["ansvarig"], "klart_senast": a["klart_senast"],
        "lage": "Försenad" if forsenad(a, idag) else "Öppen", "skapad_av": a["skapad_av"],
    } for a in rader], columns=["id", "kommun", "period", "text", "ansvarig", "klart_senast", "lage", "skapad_av"])
    forsenade = int((df.lage == "Försenad").sum())
    text = (f"{len(df)} öppna uppföljningar, varav {forsenade} försenade." if len(df)
            else "Inga öppna uppföljningar.")
    tabell = Tabell(df, [Kolumn("kommun", "Kommun"), Kolumn("period", "Period"), Kolumn("text", "Uppföljning"),
                         Kolumn("ansvarig", "Ansvarig"), Kolumn("klart_senast", "Klart senast", fmt.datum),
                         Kolumn("lage", "Läge"), Kolumn("skapad_av", "Skriven av")], "Öppna uppföljningar")
    per_kommun = df.groupby("kommun").size() if len(df) else pd.Series(dtype=int)
    fig = figur(spar("bar", x=list(per_kommun.values), y=list(per_kommun.index), orientation="h",
                           marker_color="#D55E00"))
    uppdatera(fig, height=max(260, 100 + 40 * len(per_kommun)), xaxis_title="öppna uppföljningar",
                      margin=dict(l=160))
    if df.empty:
        # Tomma axlar säger inget: en mening i stället.
        anteckning(fig, text="Inga öppna uppföljningar.", showarrow=False, x=0.5, y=0.5, xref="paper",
                           yref="paper", font=dict(size=18))
        utan_axlar(fig)
    return Kort("Uppföljningar från samrådet", fig, text, tabell, "uppfoljningar",
                list(per_kommun.index), {"Öppna uppföljningar": [float(v) for v in per_kommun.values]})
