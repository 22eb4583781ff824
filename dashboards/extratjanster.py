"""Extratjänster: AF:s tilldelning mot förbrukat och besatta platser, prognos och lokala avvikelser."""
from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import Input, callback, dcc, html

import queries
from dashboards.komponenter import (FILTER_INPUTS, Kolumn, diagramkort, filterparametrar, kort_utdata, kortdata,
                                    registrera_korsfilter, tabell)
from figures import format as fmt

dash.register_page(__name__, path="/extratjanster", name="Extratjänster",
                   title="Extratjänster – Samverkansmonitorn", order=1)

layout = html.Div([
    html.H1("Extratjänster"),
    html.P("Arbetsförmedlingens tilldelning mot vad som förbrukats och hur många platser som är besatta, "
           "per kommun. Året är det år som filtrets slutmånad ligger i.", className="ingress"),
    diagramkort("budget-kommun", "Tilldelat och förbrukat hittills i år per kommun",
                "Klicka på en kommuns stapel för att visa bara den."),
    diagramkort("budget-trend", "Tilldelat och förbrukat per månad"),
    diagramkort("prognos", "Prognos för helåret", "Förbrukat hittills per månad med utfall, gånger tolv, "
                "jämfört med årets tilldelning."),
    html.Section([
        html.H2("Lokala avvikelser", id="avvikelse-rubrik"),
        html.P("Har AF minskat eller ökat tilldelningen mer i någon kommun än i GR som helhet? "
               "Varje kommuns förändring mot samma månader året innan, jämförd med GR:s förändring.",
               className="hjalptext"),
        html.Div([
            html.Label("Flagga när skillnaden mot GR är större än (procentenheter)", htmlFor="troskel"),
            dcc.Input(id="troskel", type="number", min=1, max=100, step=1, value=10, className="form-control"),
        ], className="troskel"),
    ], className="kort-inledning", **{"aria-labelledby": "avvikelse-rubrik"}),
    diagramkort("avvikelse", "Förändring av tilldelningen jämfört med GR"),
])


@callback(*kort_utdata("budget-kommun"), *kort_utdata("prognos"), *FILTER_INPUTS)
def per_kommun(*filter):
    params = filterparametrar(*filter)
    df = queries.run("budget_per_kommun", ar=params["till"].year, till_manad=params["till"].month,
                     kommuner=params["kommuner"])
    kommuner = df[df.kommun_kod != "GR"]
    gr = df[df.kommun_kod == "GR"].iloc[0]
    ar = params["till"].year
    linjefarg = ["#000000" if v else "#999999" for v in kommuner.vald]
    fig = go.Figure([
        go.Bar(name="Tilldelat", x=kommuner.kommun_namn, y=kommuner.budget_hittills_kr, marker_color="#56B4E9",
               marker_line=dict(color=linjefarg, width=1.5), customdata=kommuner.kommun_kod,
               hovertemplate="%{x}<br>Tilldelat: %{y:,.0f} kr<extra></extra>"),
        go.Bar(name="Förbrukat", x=kommuner.kommun_namn, y=kommuner.utfall_hittills_kr, marker_color="#0072B2",
               marker_pattern_shape="/", customdata=kommuner.kommun_kod,
               hovertemplate="%{x}<br>Förbrukat: %{y:,.0f} kr<extra></extra>"),
    ])
    fig.update_layout(barmode="group", yaxis_title="kronor", height=440)
    utn = kommuner.dropna(subset=["utnyttjande"]).sort_values("utnyttjande")
    text = (f"Utnyttjandet av extratjänstbudgeten {ar} är högst i {utn.iloc[-1].kommun_namn}, "
            f"{fmt.procent(utn.iloc[-1].utnyttjande, 0)}, och lägst i {utn.iloc[0].kommun_namn}, "
            f"{fmt.procent(utn.iloc[0].utnyttjande, 0)}. GR som helhet: {fmt.procent(gr.utnyttjande, 0)}."
            if len(utn) else f"Ingen extratjänstbudget registrerad för {ar}.")
    kolumner = [
        Kolumn("kommun_namn", "Kommun"),
        Kolumn("budget_hittills_kr", "Tilldelat hittills", fmt.kr),
        Kolumn("utfall_hittills_kr", "Förbrukat hittills", fmt.kr),
        Kolumn("utnyttjande", "Utnyttjande", fmt.procent),
        Kolumn("platser", "Platser (snitt/mån)", lambda v: fmt.tal(v, 0)),
        Kolumn("besatta_platser", "Besatta platser (snitt/mån)", lambda v: fmt.tal(v, 0)),
        Kolumn("besatta_per_1000", "Besatta per 1 000 inv.", lambda v: fmt.tal(v, 2)),
    ]
    tabellvy, export = tabell(df, kolumner, f"Extratjänster {ar} t.o.m. {fmt.manad(ar, params['till'].month)}")
    data = kortdata(f"extratjanster_{ar}", export, params, fmt.datum(params["till"]))

    prognos = kommuner.sort_values("kommun_namn")
    pfig = go.Figure([
        go.Bar(name="Årets tilldelning", x=prognos.kommun_namn, y=prognos.budget_ar_kr, marker_color="#56B4E9"),
        go.Bar(name="Prognos helår", x=prognos.kommun_namn, y=prognos.prognos_kr, marker_color="#D55E00",
               marker_pattern_shape="x"),
    ])
    pfig.update_layout(barmode="group", yaxis_title="kronor", height=420)
    over = prognos[prognos.prognos_andel > 1.0]
    under = prognos[prognos.prognos_andel < 0.85]
    ptext = (f"I takten hittills förbrukar GR {fmt.procent(gr.prognos_andel, 0)} av årets tilldelning. "
             + (f"Över tilldelningen: {', '.join(over.kommun_namn)}. " if len(over) else "Ingen kommun går över tilldelningen. ")
             + (f"Under 85 %: {', '.join(under.kommun_namn)}." if len(under) else ""))
    ptabell, pexport = tabell(df, [
        Kolumn("kommun_namn", "Kommun"),
        Kolumn("budget_ar_kr", "Årets tilldelning", fmt.kr),
        Kolumn("manader_med_utfall", "Månader med utfall", lambda v: fmt.tal(v)),
        Kolumn("prognos_kr", "Prognos helår", fmt.kr),
        Kolumn("prognos_andel", "Prognos av tilldelning", fmt.procent),
    ], f"Prognos för {ar}")
    pdata = kortdata(f"extratjanster_prognos_{ar}", pexport, params, fmt.datum(params["till"]))
    return fig, text, tabellvy, data, pfig, ptext, ptabell, pdata


@callback(*kort_utdata("budget-trend"), *FILTER_INPUTS)
def trend(*filter):
    params = filterparametrar(*filter)
    df = queries.run("budget_trend", fran=params["fran"], till=params["till"], kommuner=params["kommuner"])
    df["manad_text"] = [fmt.manad(a, m) for a, m in zip(df.ar, df.manad)]
    fig = go.Figure([
        go.Scatter(name="Tilldelat", x=df.manad_text, y=df.budget_kr, mode="lines+markers",
                   line=dict(color="#56B4E9", width=3, dash="dash"), marker_symbol="circle"),
        go.Scatter(name="Förbrukat", x=df.manad_text, y=df.utfall_kr, mode="lines+markers",
                   line=dict(color="#0072B2", width=3), marker_symbol="square"),
    ])
    fig.update_layout(yaxis_title="kronor per månad", height=400, hovermode="x unified")
    if len(df):
        text = (f"Från {df.manad_text.iloc[0]} till {df.manad_text.iloc[-1]} tilldelades {fmt.kr(df.budget_kr.sum())} "
                f"och förbrukades {fmt.kr(df.utfall_kr.sum())} ({fmt.procent(df.utfall_kr.sum() / df.budget_kr.sum())}).")
    else:
        text = "Ingen budget i perioden."
    tabellvy, export = tabell(df, [
        Kolumn("manad_text", "Månad"), Kolumn("budget_kr", "Tilldelat", fmt.kr), Kolumn("utfall_kr", "Förbrukat", fmt.kr),
        Kolumn("utnyttjande", "Utnyttjande", fmt.procent),
        Kolumn("besatta_platser", "Besatta platser", lambda v: fmt.tal(v)),
    ], "Extratjänster per månad")
    return fig, text, tabellvy, kortdata("extratjanster_per_manad", export, params, fmt.datum(params["till"]))


@callback(*kort_utdata("avvikelse"), Input("troskel", "value"), *FILTER_INPUTS)
def avvikelser(troskel, *filter):
    params = filterparametrar(*filter)
    troskel = (troskel or 10) / 100
    df = queries.run("budget_avvikelse", ar=params["till"].year, troskel=troskel)
    gr_forandring = df.gr_forandring.dropna().iloc[0] if df.gr_forandring.notna().any() else None
    df["markering"] = ["▲ avviker" if f and a > 0 else "▼ avviker" if f else "" for f, a in zip(df.flaggad, df.avvikelse)]
    fig = go.Figure(go.Bar(
        x=df.forandring * 100, y=[f"{n} {m}".strip() for n, m in zip(df.kommun_namn, df.markering)], orientation="h",
        marker_color=["#D55E00" if f else "#999999" for f in df.flaggad],
        marker_pattern_shape=["x" if f else "" for f in df.flaggad],
        customdata=df.kommun_kod, hovertemplate="%{y}: %{x:.1f} %<extra></extra>",
    ))
    if gr_forandring is not None:
        fig.add_vline(x=gr_forandring * 100, line_dash="dash", line_color="#000000",
                      annotation_text=f"GR {fmt.procent(gr_forandring)}", annotation_position="top")
    fig.update_layout(xaxis_title="förändring mot året innan, procent", height=480, margin=dict(l=180))
    flaggade = df[df.flaggad]
    if gr_forandring is None:
        text = "Det finns inget föregående år att jämföra med."
    elif len(flaggade):
        text = (f"GR:s tilldelning förändrades {fmt.procent(gr_forandring)}. Mer än {fmt.tal(troskel * 100)} procentenheter "
                f"från GR avviker: " + "; ".join(f"{r.kommun_namn} {fmt.procent(r.forandring)}" for r in flaggade.itertuples()) + ".")
    else:
        text = f"GR:s tilldelning förändrades {fmt.procent(gr_forandring)}; ingen kommun avviker mer än {fmt.tal(troskel * 100)} procentenheter."
    tabellvy, export = tabell(df, [
        Kolumn("kommun_namn", "Kommun"), Kolumn("budget_fg_kr", "Året innan", fmt.kr), Kolumn("budget_ar_kr", "I år", fmt.kr),
        Kolumn("forandring", "Förändring", fmt.procent), Kolumn("avvikelse", "Skillnad mot GR", fmt.procentenheter),
        Kolumn("markering", "Flagga"), Kolumn("kommentar", "Kommentar i budgetfilen", lambda v: v or ""),
    ], "Lokala avvikelser i tilldelningen")
    return fig, text, tabellvy, kortdata("lokala_avvikelser", export, params, fmt.datum(params["till"]))


registrera_korsfilter("budget-kommun-graf", "avvikelse-graf")
