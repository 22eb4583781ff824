"""Kommunprofilens kort: kommunen mot regionens snitt och dess rang, på varje nyckeltal."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures import format as fmt
from figures.kort import Kolumn, Kort, Tabell
from queries.skydd import prickfotnot

NYCKELTAL = (
    ("aktiva_per_1000", "rang_aktiva_per_1000", "Aktiva deltagare per 1 000 invånare", lambda v: fmt.tal(v, 1)),
    ("utnyttjande", "rang_utnyttjande", "Utnyttjad extratjänstbudget", fmt.procent),
    ("andel_arbete_studier_90", "rang_andel_arbete_studier_90", "I arbete/studier 90 dagar efter", fmt.procent),
    ("jobbspar_per_1000", "rang_jobbspar", "Jobbspårsdeltagare per 1 000 invånare", lambda v: fmt.tal(v, 2)),
)


def profil(df: pd.DataFrame, kod: str, params: dict, region: str = "GR") -> Kort:
    """df: kpi_per_kommun.sql; kod: kommunen som visas."""
    kommuner = df[df.niva == "kommun"]
    antal = len(kommuner)
    region_rad = df[df.niva == "gr"].iloc[0]
    # Snittet är kommunernas snitt, så att kommunen jämförs med en typisk kommun. Det räknas bara när
    # inget kommunvärde är dolt: annars kunde det dolda räknas fram ur snittet.
    snitt = {k: (None if k + "__prick" in kommuner and kommuner[k + "__prick"].notna().any() else kommuner[k].mean())
             for k, *_ in NYCKELTAL}
    rad = kommuner[kommuner.kommun_kod == kod].iloc[0]
    rader = []
    for kolumn, rang, rubrik, format_ in NYCKELTAL:
        rader.append({"nyckeltal": rubrik, "kommun": rad[kolumn], "snitt": snitt[kolumn],
                      "rang_text": fmt.cell(rad, rang, lambda v: f"{fmt.tal(v)} av {antal}"),
                      "kommun_text": fmt.cell(rad, kolumn, format_),
                      "snitt_text": format_(snitt[kolumn]) if snitt[kolumn] is not None else ".."})
    index = [r["kommun"] / r["snitt"] * 100 if r["snitt"] and r["kommun"] == r["kommun"] else None for r in rader]
    fig = go.Figure([go.Bar(name=rad.kommun_namn, y=[r["nyckeltal"] for r in rader], x=index, orientation="h",
                            marker_color="#0072B2", textposition="auto",
                            text=[f"{r['kommun_text']} (rang {r['rang_text']})" for r in rader])])
    fig.add_vline(x=100, line_dash="dash", line_color="#000000", annotation_text=f"{region}-snitt = 100")
    storsta = max([i for i in index if i is not None] or [100])
    fig.update_layout(height=380, margin=dict(l=320, t=60), xaxis_title=f"index, {region}-snittet = 100",
                      xaxis_range=[0, max(130, storsta * 1.1)])
    text = f"{rad.kommun_namn}: " + "; ".join(
        f"{r['nyckeltal'].lower()} {r['kommun_text']} mot {region}-snittet {r['snitt_text']}, rang {r['rang_text']}"
        for r in rader) + ". " + prickfotnot(df)
    tabell = Tabell(pd.DataFrame(rader), [
        Kolumn("nyckeltal", "Nyckeltal"), Kolumn("kommun_text", rad.kommun_namn),
        Kolumn("snitt_text", f"{region}-snitt"), Kolumn("rang_text", "Rang"),
    ], f"{rad.kommun_namn} jämfört med {region} ({region} totalt: {fmt.cell(region_rad, 'aktiva')} aktiva)")
    return Kort(f"{rad.kommun_namn} jämfört med {region}-snittet", fig, text.strip(), tabell, f"kommunprofil_{kod}")
