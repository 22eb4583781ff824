"""Projekt: tidslinje, deltagare per projekt och kommun, resultat mot målet och kostnad per deltagare."""
from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import callback, html

import queries
from dashboards.komponenter import FILTER_INPUTS, Kolumn, diagramkort, filterparametrar, kort_utdata, kortdata, tabell
from figures import format as fmt
from queries.skydd import prickfotnot

dash.register_page(__name__, path="/projekt", name="Projekt", title="Projekt – Samverkansmonitorn", order=3)

layout = html.Div([
    html.H1("Projekt"),
    html.P("Projekt i samverkan, som Mellan Rum och Premiär i kommunen: deltagare och hur det gick.", className="ingress"),
    diagramkort("projekt-tid", "Projektens tidslinje"),
    diagramkort("projekt-resultat", "I arbete eller studier, mot projektets mål",
                "Andel av de avslutade som gick till arbete eller studier, och andelen som var i arbete eller studier 90 dagar efter."),
    diagramkort("projekt-kommun", "Deltagare per projekt och kommun"),
])


@callback(*kort_utdata("projekt-tid"), *kort_utdata("projekt-resultat"), *FILTER_INPUTS)
def projekt(*filter):
    params = filterparametrar(*filter)
    df = queries.run("projekt_resultat", **params)
    datum = fmt.datum(params["till"])
    tid = go.Figure()
    for rad in df.itertuples():
        # Projektnamnet kommer ur en importfil: som data (%{y}), escapat, aldrig i själva mallen.
        namn = fmt.diagramtext(rad.projekt)
        tid.add_trace(go.Scatter(
            x=[rad.startdatum, rad.slutdatum], y=[namn, namn], mode="lines+markers",
            line=dict(width=14, color="#0072B2"), marker=dict(size=14, symbol=["circle", "square"]),
            name=namn, showlegend=False,
            hovertemplate=f"%{{y}}<br>{fmt.datum(rad.startdatum)} – {fmt.datum(rad.slutdatum)}<extra></extra>",
        ))
    tid.update_layout(height=140 + 60 * len(df), margin=dict(l=240), xaxis_title="")
    tidtext = "; ".join(f"{r.projekt} {fmt.datum(r.startdatum)} – {fmt.datum(r.slutdatum)}" for r in df.itertuples()) + "."
    kolumner = [
        Kolumn("projekt", "Projekt"), Kolumn("projekt_id", "Diarienummer", lambda v: v or "–"),
        Kolumn("startdatum", "Start", fmt.datum), Kolumn("slutdatum", "Slut", fmt.datum),
        Kolumn("agare", "Projektägare", lambda v: v or "–"), Kolumn("kommuner", "Kommuner", lambda v: v or "–"),
        Kolumn("budget_kr", "Budget", fmt.kr), Kolumn("esf_stod_kr", "ESF-stöd", fmt.kr),
        Kolumn("planerade_deltagare", "Planerade deltagare", lambda v: fmt.tal(v)),
        Kolumn("deltagare", "Deltagare", fmt.antal),
        Kolumn("kostnad_per_deltagare", "Kostnad per deltagare", fmt.kr),
    ]
    tidtabell, tidexport = tabell(df, kolumner, "Projekt")

    res = go.Figure([
        go.Bar(name="Vid avslut", x=fmt.diagramtext(df.projekt), y=df.andel_avslut * 100, marker_color="#56B4E9"),
        go.Bar(name="90 dagar efter", x=fmt.diagramtext(df.projekt), y=df.andel_90 * 100, marker_color="#0072B2",
               marker_pattern_shape="/"),
        go.Scatter(name="Mål", x=fmt.diagramtext(df.projekt), y=df.mal_andel * 100, mode="markers",
                   marker=dict(symbol="line-ew-open", size=60, line=dict(width=4, color="#D55E00"))),
    ])
    res.update_layout(barmode="group", yaxis_title="procent", yaxis_range=[0, 100], height=420)
    delar = []
    for r in df.itertuples():
        if r.andel_90 == r.andel_90 and r.mal_andel == r.mal_andel:  # inte NaN
            lage = "når" if r.andel_90 >= r.mal_andel else "når inte"
            delar.append(f"{r.projekt} {lage} målet {fmt.procent(r.mal_andel, 0)}: {fmt.procent(r.andel_90)} efter 90 dagar")
        elif r.deltagare == 0:
            delar.append(f"{r.projekt}: inga deltagare i urvalet")
    restext = ("; ".join(delar) + ". " if delar else "Inga resultat att visa. ") + prickfotnot(df)
    restabell, resexport = tabell(df, [
        Kolumn("projekt", "Projekt"), Kolumn("avslutade", "Avslutade", fmt.antal),
        Kolumn("andel_avslut", "Arbete/studier vid avslut", fmt.procent),
        Kolumn("uppfoljda_90", "Uppföljda 90 dagar", fmt.antal),
        Kolumn("andel_90", "Arbete/studier 90 dagar", fmt.procent), Kolumn("mal_andel", "Mål", fmt.procent),
    ], "Resultat mot mål")
    return (tid, tidtext, tidtabell, kortdata("projekt", tidexport, params, datum),
            res, restext, restabell, kortdata("projekt_resultat", resexport, params, datum))


@callback(*kort_utdata("projekt-kommun"), *FILTER_INPUTS)
def per_kommun(*filter):
    params = filterparametrar(*filter)
    alla = queries.run("projekt_per_kommun", kommuner=params["kommuner"])
    df, summor = alla[~alla.totalrad], alla[alla.totalrad]
    synliga = df[df.deltagare.notna()]
    fig = go.Figure()
    for i, (projekt, grupp) in enumerate(synliga.groupby("projekt")):
        fig.add_bar(name=fmt.diagramtext(projekt), x=grupp.kommun_namn, y=grupp.deltagare, marker_color=fmt.FARGER[i % len(fmt.FARGER)])
    fig.update_layout(barmode="group", yaxis_title="deltagare", height=400)
    text = ", ".join(f"{r['projekt']}: {fmt.cell(r, 'deltagare')} deltagare i {r['kommuner']} kommuner"
                     for r in summor.to_dict("records")) or "Inga projektdeltagare i urvalet."
    if len(synliga) < len(df):
        text += ". Dolda antal ritas inte. " + prickfotnot(df)
    tabellvy, export = tabell(df, [Kolumn("projekt", "Projekt"), Kolumn("kommun_namn", "Kommun"),
                                   Kolumn("deltagare", "Deltagare", fmt.antal)], "Deltagare per projekt och kommun")
    return fig, text, tabellvy, kortdata("projekt_per_kommun", export, params, fmt.datum(params["till"]))
