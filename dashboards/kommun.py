"""Kommunprofil: en kommun mot GR-snittet och dess rang bland de 13, på varje nyckeltal.

Sidan ett AME-chef bokmärker: /kommun?kommun=1440.
"""
from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import callback, html

import queries
from dashboards.komponenter import FILTER_INPUTS, Kolumn, diagramkort, filterparametrar, kort_utdata, kortdata, tabell
from figures import format as fmt
from queries.skydd import prickfotnot

dash.register_page(__name__, path="/kommun", name="Kommunprofil", title="Kommunprofil – Samverkansmonitorn", order=4)

NYCKELTAL = (
    ("aktiva_per_1000", "rang_aktiva_per_1000", "Aktiva deltagare per 1 000 invånare", lambda v: fmt.tal(v, 1), 1),
    ("utnyttjande", "rang_utnyttjande", "Utnyttjad extratjänstbudget", fmt.procent, 100),
    ("andel_arbete_studier_90", "rang_andel_arbete_studier_90", "I arbete/studier 90 dagar efter", fmt.procent, 100),
    ("jobbspar_per_1000", "rang_jobbspar", "Jobbspårsdeltagare per 1 000 invånare", lambda v: fmt.tal(v, 2), 1),
)

layout = html.Div([
    html.H1(id="kommun-rubrik", children="Kommunprofil"),
    html.P(id="kommun-ingress", className="ingress"),
    diagramkort("profil", "Kommunen jämförd med GR-snittet"),
])


@callback(dash.Output("kommun-rubrik", "children"), dash.Output("kommun-ingress", "children"),
          *kort_utdata("profil"), *FILTER_INPUTS)
def profil(*filter):
    params = filterparametrar(*filter)
    df = queries.run("kpi_per_kommun", **params)
    kommuner = df[df.niva == "kommun"]
    gr = df[df.niva == "gr"].iloc[0]
    # GR-snittet är snittet av kommunerna, så att varje kommun jämförs med en typisk kommun.
    # Snittet räknas bara när inget kommunvärde är dolt: annars kunde det dolda räknas fram ur snittet.
    snitt = {k: (None if k + "__prick" in kommuner and kommuner[k + "__prick"].notna().any() else kommuner[k].mean())
             for k, *_ in NYCKELTAL}
    if not params["kommuner"]:
        # Utan val: regionens största kommun (Göteborg i GR), så att sidan aldrig är tom.
        storst = kommuner.sort_values("befolkning", ascending=False, na_position="last").iloc[0]
        ingress = f"Välj en kommun i filtret för att se dess profil. Nu visas {storst.kommun_namn}."
        kod = storst.kommun_kod
    else:
        kod = params["kommuner"][0]
        ingress = ("Profilen visar den första valda kommunen." if len(params["kommuner"]) > 1 else "") + \
            f" Period {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}."
    rad = kommuner[kommuner.kommun_kod == kod].iloc[0]
    rader = []
    for kolumn, rang, rubrik, format_, skala in NYCKELTAL:
        rader.append({"nyckeltal": rubrik, "kommun": rad[kolumn], "snitt": snitt[kolumn],
                      "rang": rad[rang], "rang_text": fmt.cell(rad, rang, lambda v: f"{fmt.tal(v)} av 13"),
                      "kommun_text": fmt.cell(rad, kolumn, format_),
                      "snitt_text": format_(snitt[kolumn]) if snitt[kolumn] is not None else "..", "skala": skala})
    fig = go.Figure([
        go.Bar(name=rad.kommun_namn, y=[r["nyckeltal"] for r in rader],
               x=[r["kommun"] / r["snitt"] * 100 if r["snitt"] and r["kommun"] == r["kommun"] else None for r in rader], orientation="h",
               marker_color="#0072B2", text=[f"{r['kommun_text']} (rang {r['rang_text']})" for r in rader],
               textposition="auto"),
    ])
    fig.add_vline(x=100, line_dash="dash", line_color="#000000", annotation_text="GR-snitt = 100")
    storsta = max([r["kommun"] / r["snitt"] * 100 for r in rader if r["snitt"] and r["kommun"] == r["kommun"]] or [100])
    fig.update_layout(height=380, margin=dict(l=320, t=60), xaxis_title="index, GR-snittet = 100",
                      xaxis_range=[0, max(130, storsta * 1.1)])
    text = f"{rad.kommun_namn}: " + "; ".join(
        f"{r['nyckeltal'].lower()} {r['kommun_text']} mot GR-snittet {r['snitt_text']}, rang {r['rang_text']}"
        for r in rader) + ". " + prickfotnot(df)
    import pandas as pd

    tabellvy, export = tabell(pd.DataFrame(rader), [
        Kolumn("nyckeltal", "Nyckeltal"), Kolumn("kommun_text", rad.kommun_namn), Kolumn("snitt_text", "GR-snitt"),
        Kolumn("rang_text", "Rang"),
    ], f"{rad.kommun_namn} jämfört med GR (GR totalt: {fmt.cell(gr, 'aktiva')} aktiva)")
    return (f"Kommunprofil: {rad.kommun_namn}", ingress, fig, text, tabellvy,
            kortdata(f"kommunprofil_{kod}", export, params, fmt.datum(params["till"])))
