"""Projektens kort: tidslinjen, resultat mot målet och deltagare per kommun."""
from __future__ import annotations

import pandas as pd

from figures import format as fmt
from figures.figur import figur, spar, uppdatera
from figures.kort import Kolumn, Kort, Tabell, tal_eller_tomt
from queries.skydd import prickfotnot


def tidslinje(df: pd.DataFrame) -> Kort:
    """df: projekt_resultat.sql."""
    # zip över tre kolumner, inte itertuples: en namedtuple med alla frågans kolumner kostade millisekunder.
    rader = list(zip(df.projekt, df.startdatum, df.slutdatum, strict=True))
    # Projektnamnet kommer ur en importfil: som data (%{y}), escapat, aldrig i själva mallen.
    fig = figur([
        spar("scatter", x=[start, slut], y=[fmt.diagramtext(projekt)] * 2, mode="lines+markers",
                   line=dict(width=14, color="#0072B2"), marker=dict(size=14, symbol=["circle", "square"]),
                   name=fmt.diagramtext(projekt), showlegend=False,
                   hovertemplate=f"%{{y}}<br>{fmt.datum(start)} – {fmt.datum(slut)}<extra></extra>")
        for projekt, start, slut in rader
    ], layout=dict(height=max(300, 140 + 60 * len(df)), margin=dict(l=240), xaxis=dict(title=dict(text=""))))
    text = "; ".join(f"{projekt} {fmt.datum(start)} – {fmt.datum(slut)}" for projekt, start, slut in rader)
    tabell = Tabell(df, [
        Kolumn("projekt", "Projekt"), Kolumn("projekt_id", "Diarienummer", fmt.text),
        Kolumn("startdatum", "Start", fmt.datum), Kolumn("slutdatum", "Slut", fmt.datum),
        Kolumn("agare", "Projektägare", fmt.text), Kolumn("kommuner", "Kommuner", fmt.text),
        Kolumn("budget_kr", "Budget", fmt.kr), Kolumn("esf_stod_kr", "ESF-stöd", fmt.kr),
        Kolumn("planerade_deltagare", "Planerade deltagare", lambda v: fmt.tal(v)),
        Kolumn("deltagare", "Deltagare", fmt.antal),
        Kolumn("kostnad_per_deltagare", "Kostnad per deltagare", fmt.kr),
    ], "Projekt")
    return Kort("Projektens tidslinje", fig, (text + ".") if text else "Inga projekt.", tabell, "projekt")


def resultat(df: pd.DataFrame) -> Kort:
    """df: projekt_resultat.sql."""
    x = fmt.diagramtext(df.projekt)
    fig = figur([
        spar("bar", name="Vid avslut", x=x, y=df.andel_avslut * 100, marker_color="#56B4E9"),
        spar("bar", name="90 dagar efter", x=x, y=df.andel_90 * 100, marker_color="#0072B2", marker_pattern_shape="/"),
        spar("scatter", name="Mål", x=x, y=df.mal_andel * 100, mode="markers",
                   marker=dict(symbol="line-ew-open", size=60, line=dict(width=4, color="#D55E00"))),
    ])
    uppdatera(fig, barmode="group", yaxis_title="procent", yaxis_range=[0, 100], height=420)
    delar = []
    for r in df.to_dict("records"):
        if r["andel_90"] == r["andel_90"] and r["mal_andel"] == r["mal_andel"]:  # inte NaN
            lage = "når" if r["andel_90"] >= r["mal_andel"] else "når inte"
            delar.append(f"{r['projekt']} {lage} målet {fmt.procent(r['mal_andel'], 0)}: "
                         f"{fmt.cell(r, 'andel_90', fmt.procent)} efter 90 dagar")
        elif r["deltagare"] == 0:
            delar.append(f"{r['projekt']}: inga deltagare i urvalet")
    text = (("; ".join(delar) + ". ") if delar else "Inga resultat att visa. ") + prickfotnot(df)
    tabell = Tabell(df, [
        Kolumn("projekt", "Projekt"), Kolumn("avslutade", "Avslutade", fmt.antal),
        Kolumn("andel_avslut", "Arbete/studier vid avslut", fmt.procent),
        Kolumn("uppfoljda_90", "Uppföljda 90 dagar", fmt.antal),
        Kolumn("andel_90", "Arbete/studier 90 dagar", fmt.procent), Kolumn("mal_andel", "Mål", fmt.procent),
        Kolumn("kostnad_per_deltagare", "Kostnad/deltagare", fmt.kr),
    ], "Resultat mot mål")
    procent = {"Arbete/studier 90 dagar, %": df.andel_90, "Mål, %": df.mal_andel}
    return Kort("Projekt: resultat mot mål", fig, text.strip(), tabell, "projekt_resultat", list(df.projekt),
                {namn: [None if tal_eller_tomt(v) is None else float(v) * 100 for v in serie]
                 for namn, serie in procent.items()})


def per_kommun(alla: pd.DataFrame) -> Kort:
    """alla: projekt_per_kommun.sql (kommunrader och en summarad per projekt)."""
    df, summor = alla[~alla.totalrad], alla[alla.totalrad]
    synliga = df[df.deltagare.notna()]
    fig = figur()
    for i, (projekt, grupp) in enumerate(synliga.groupby("projekt")):
        fig["data"].append(spar("bar", name=fmt.diagramtext(projekt), x=grupp.kommun_namn, y=grupp.deltagare,
                                marker_color=fmt.FARGER[i % len(fmt.FARGER)]))
    uppdatera(fig, barmode="group", yaxis_title="deltagare", height=400)
    text = ", ".join(f"{r['projekt']}: {fmt.cell(r, 'deltagare')} deltagare i {r['kommuner']} kommuner"
                     for r in summor.to_dict("records")) or "Inga projektdeltagare i urvalet."
    if len(synliga) < len(df):
        text += ". Dolda antal ritas inte. " + prickfotnot(df)
    tabell = Tabell(df, [Kolumn("projekt", "Projekt"), Kolumn("kommun_namn", "Kommun"),
                         Kolumn("deltagare", "Deltagare", fmt.antal)], "Deltagare per projekt och kommun")
    return Kort("Deltagare per projekt och kommun", fig, text.strip(), tabell, "projekt_per_kommun")
