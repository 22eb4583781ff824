"""Projektorläge: bilder som byter av sig själva, för styrgruppen och det regionala samrådet.

    /presentation?bilder=gr,kommuner,kluster&sekunder=20&kommun=1440,1480

Bilderna: GR-översikt, varje vald kommun (alla 13 om ingen är vald), varje
jobbspårskluster. Mellanslag pausar, pilarna stegar, Home går till början,
Escape lämnar. Små antal döljs alltid här.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html

import queries
from config import AF_MATT
from dashboards import urlfilter
from dashboards.appen import anteckningsbok, installningar, region, regionnamn
from dashboards.aria import aria
from dashboards.filtret import FILTER, URL, filterparametrar
from figures import extratjanster, figur, jobbspar, oversikt, resultat, samrad, varfor
from figures import format as fmt
from queries.skydd import storningsnot

dash.register_page(__name__, path="/presentation", name="Projektorläge",
                   title="Projektorläge – Samverkansmonitorn", order=8)

BILDTYPER = urlfilter.BILDTYPER
STANDARD_SEKUNDER = int(urlfilter.FALTEN["sekunder"].standard)


def layout(**_fragor) -> html.Div:
    return html.Div([
        dcc.Store(id="bild-lista"),
        dcc.Store(id="bild-lage", data={"index": 0, "kvar": STANDARD_SEKUNDER, "pausad": False, "tick": 0}),
        dcc.Store(id="bild-tangent"),
        dcc.Interval(id="bild-klocka", interval=1000),
        html.Div([
            html.H1(id="bild-rubrik", children="Projektorläge"),
            html.Div(id="bild-innehall"),
            html.Div([
                html.Span(id="bild-nummer"),
                html.Span(id="bild-nedrakning", className="nedrakning", **aria(live="off")),
                html.Button("Helskärm", id="bild-helskarm", className="btn helskarmknapp"),
                html.Details([
                    html.Summary("Inställningar"),
                    html.Div([
                        html.Label("Sekunder per bild", htmlFor="bild-sekunder"),
                        dcc.Input(id="bild-sekunder", type="number", min=3, max=600, step=1, value=STANDARD_SEKUNDER,
                                  className="form-control"),
                        html.Fieldset([
                            html.Legend("Bilder"),
                            dbc.Checklist(id="bild-typer", value=list(BILDTYPER), class_name="kryssrutor-lista",
                                          options=[{"label": f"{regionnamn()}-översikt", "value": "region"},
                                                   {"label": "Varje kommun", "value": "kommuner"},
                                                   {"label": "Resultat mot förväntat", "value": "resultat"},
                                                   {"label": "Lokala avvikelser – varför?", "value": "varfor"},
                                                   {"label": "Varje jobbspårskluster", "value": "kluster"}]),
                        ]),
                        html.P("Mellanslag pausar, pilarna stegar, Home går till början och Escape lämnar."),
                    ], className="installningar"),
                ]),
            ], className="bild-fot"),
            html.Div(id="bild-datum", className="bild-datum"),
        ], className="presentation", id="presentation"),
    ])


@callback(
    Output("bild-sekunder", "value"), Output("bild-typer", "value"),
    Input(URL, "search"),
)
def installningar_fran_url(search):
    """?sekunder=30&bilder=region,kommuner: prövade av adressens modell (dashboards/urlfilter.py)."""
    return int(urlfilter.sidval(search, "sekunder")), urlfilter.sidval(search, "bilder").split(",")


@callback(Output("bild-lista", "data"), inputs={"typer": Input("bild-typer", "value"), **FILTER})
def bildlista(typer, search, lagerversion):
    params = filterparametrar(search, offentlig=True)
    bilder = []
    if "region" in (typer or []):
        bilder.append({"typ": "region"})
    if "kommuner" in (typer or []):
        koder = params["kommuner"] or [kod for kod, _ in sorted(region().items(), key=lambda k: k[1])]
        bilder += [{"typ": "kommun", "kod": kod} for kod in koder]
    if "resultat" in (typer or []):
        bilder.append({"typ": "resultat"})
    if "varfor" in (typer or []):
        bilder.append({"typ": "varfor"})
    if "kluster" in (typer or []):
        kluster = queries.run("jobbspar_kluster", offentlig=True, **params)
        bilder += [{"typ": "kluster", "namn": k} for k in sorted(kluster.kluster.unique())]
    return bilder or [{"typ": "region"}]


# Klockan och tangenterna sköts i webbläsaren: ingen serverrunda per sekund.
clientside_callback(
    """
    function(tick, tangent, lage, lista, sekunder) {
        const antal = (lista || []).length || 1;
        const ny = Object.assign({index: 0, kvar: sekunder, pausad: false, tick: 0}, lage || {});
        const trigger = (dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
        if (trigger.startsWith("bild-tangent") && tangent) {
            if (tangent.tangent === " ") { ny.pausad = !ny.pausad; }
            if (tangent.tangent === "ArrowRight") { ny.index = (ny.index + 1) % antal; ny.kvar = sekunder; }
            if (tangent.tangent === "ArrowLeft") { ny.index = (ny.index - 1 + antal) % antal; ny.kvar = sekunder; }
            if (tangent.tangent === "Home") { ny.index = 0; ny.kvar = sekunder; }
        } else if (trigger.startsWith("bild-klocka")) {
            ny.tick = (ny.tick || 0) + 1;
            if (!ny.pausad) {
                ny.kvar = Math.min(ny.kvar, sekunder) - 1;
                if (ny.kvar <= 0) { ny.index = (ny.index + 1) % antal; ny.kvar = sekunder; }
            }
        }
        if (ny.index >= antal) { ny.index = 0; }
        const text = ny.pausad ? "Pausad – mellanslag fortsätter" : "Nästa bild om " + ny.kvar + " s";
        return [ny, text, "Bild " + (ny.index + 1) + " av " + antal, String(ny.tick)];
    }
    """,
    Output("bild-lage", "data"), Output("bild-nedrakning", "children"), Output("bild-nummer", "children"),
    Output("bild-nedrakning", "data-tick"),
    Input("bild-klocka", "n_intervals"), Input("bild-tangent", "data"),
    State("bild-lage", "data"), State("bild-lista", "data"), State("bild-sekunder", "value"),
)


clientside_callback(
    """
    function(n) {
        if (n && document.fullscreenEnabled && !document.fullscreenElement) {
            document.documentElement.requestFullscreen().catch(function () {});
        } else if (n && document.fullscreenElement) {
            document.exitFullscreen();
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output("bild-helskarm", "title"),
    Input("bild-helskarm", "n_clicks"),
    prevent_initial_call=True,
)


def _tal_kort(n: oversikt.Nyckeltal) -> html.Div:
    return html.Div([html.H2(n.rubrik), html.P(n.varde, className="bild-tal"), html.P(n.jamforelse)],
                    className="bild-kort")


def _kpi_bild(rad, region_rad, rubrik: str, params: dict) -> tuple[str, list]:
    # Samma nyckeltal och meningar som översikten och mötespaketet (figures/oversikt.py).
    talen = oversikt.nyckeltal(rad, region_rad, params["till"], regionnamn())
    return rubrik, [html.Div([_tal_kort(n) for n in talen], className="bild-rad"),
                    html.P(oversikt.nyckeltalstext(rad, region_rad, params["till"], regionnamn()),
                           className="visually-hidden")]


def _region_bild(region_rad, params: dict) -> tuple[str, list]:
    """Regionens bild fyller skärmen: nyckeltalen i en rad, och regionens diagram med sin mening
    (tilldelat och förbrukat per månad, samma byggare som på /extratjanster)."""
    talen = oversikt.nyckeltal(region_rad, region_rad, params["till"], regionnamn())
    trend = extratjanster.trend(queries.run("budget_trend", offentlig=True, fran=params["fran"], till=params["till"],
                                            kommuner=[]))
    fig = figur.kopia(trend.figur)
    # Höjden följer skärmen (style nedan): bilden ska rymmas utan rullning även i 1280 × 720.
    figur.uppdatera(fig, autosize=True, height=None, paper_bgcolor="#000", plot_bgcolor="#000",
                      font=dict(color="#fff", size=24),
                      legend=dict(font=dict(size=24), orientation="h", y=1.02, yanchor="bottom", x=0), hovermode=False,
                      margin=dict(l=150, t=44, b=50, r=20), yaxis=dict(gridcolor="#555", title=None),
                      xaxis=dict(gridcolor="#555", nticks=8, tickangle=0))
    figur.uppdatera_spar(fig, line_width=5)
    return f"Hela {regionnamn(lang=True)}", [
        html.Div([html.Div([html.Span(n.varde, className="bild-tal"), html.Span(n.rubrik, className="bild-tal-rubrik")],
                           className="bild-kort kompakt") for n in talen], className="bild-rad kompakt"),
        html.P(trend.sammanfattning, className="bild-mening"),
        dcc.Graph(figure=fig, config={"displayModeBar": False, "staticPlot": True, "responsive": True},
                  id="bild-regiondiagram", style={"height": "calc(100vh - 545px)", "minHeight": "200px"}),
        html.P(oversikt.nyckeltalstext(region_rad, region_rad, params["till"], regionnamn()),
               className="visually-hidden"),
    ]


def _samradet(kod: str) -> list:
    """Kommunbildens rad om samrådet: öppna uppföljningar och den senaste förklaringen, när de finns."""
    anteckningar = anteckningsbok().lista(kommuner=[kod])
    oppna = [a for a in samrad.sorterade(anteckningar) if a["typ"] == "Uppföljning" and a["status"] == "öppen"]
    senaste = samrad.senaste_forklaring(anteckningar, kod)
    rader = [html.Li([html.Strong("Samrådet: "), senaste["text"]])] if senaste else []
    rader += [html.Li([html.Strong("Uppföljning: "), a["text"], f" – {a['ansvarig']}, klart senast ",
                       fmt.datum(a["klart_senast"])]) for a in oppna[:3]]
    return [html.Ul(rader, className="bild-samrad")] if rader else []


def _varfor_bild(params: dict) -> tuple[str, list]:
    """Samrådets fråga: vilka kommuner avviker, och vad säger AF:s statistik? Samma rader som på /extratjanster."""
    malgrupp = installningar().malgrupp_afkod
    df = queries.run("budget_varfor", offentlig=True, ar=params["till"].year, malgrupp_kod=malgrupp)
    kort, forklaringar = varfor.kort(df, 0.10, regionnamn(), AF_MATT.get(malgrupp, f"AF-mått {malgrupp}"))
    rader = [html.Li([html.Strong(t) if fet else t for t, fet in f.delar]) for f in forklaringar]
    return "Lokala avvikelser – varför?", [
        html.Ul(rader or [html.Li(kort.sammanfattning)], className="bild-varfor"),
        html.P(kort.sammanfattning, className="visually-hidden")]


def _resultat_per_kommun(params: dict) -> pd.DataFrame:
    """Resultat 90 dagar efter per kommun, ur de skyddade antal projektorn alltid visar."""
    return queries.run("resultat_forvantat", offentlig=True, horisont=90, enhet="kommun", **{**params, "kommuner": []})


def _bedomningar(params: dict) -> pd.DataFrame:
    """Resultat mot förväntat per kommun med etikett (samma som /resultat och mötespaketet)."""
    return resultat.bedom(_resultat_per_kommun(params))


def _resultat_bild(params: dict) -> tuple[str, list]:
    """Trattgrafen: samma byggare som /resultat, i projektorns färger."""
    kort = resultat.tratt(_resultat_per_kommun(params), params["kommuner"], regionnamn())
    fig = figur.kopia(kort.figur)
    figur.uppdatera(fig, height=560, paper_bgcolor="#000", plot_bgcolor="#000", font=dict(color="#fff", size=22),
                      legend=dict(font=dict(size=20), orientation="h", y=-0.22),
                      xaxis=dict(gridcolor="#555"),
                      yaxis=dict(gridcolor="#555", zerolinecolor="#aaa", title=dict(font=dict(size=18))))
    figur.uppdatera_spar(fig, dict(mode="markers+text"), textfont=dict(color="#fff", size=22))
    figur.uppdatera_spar(fig, dict(mode="lines"), line=dict(color="#ccc"))
    return "Resultat mot förväntat", [html.P(kort.sammanfattning, className="bild-underrubrik"),
                                      dcc.Graph(figure=fig, config={"displayModeBar": False, "staticPlot": True})]


def _kluster_bild(namn: str, params: dict) -> tuple[str, list]:
    # Hela klustret, alla dess kommuner; projektorn visar alltid störda och dolda antal (offentlig).
    helt = {**params, "kommuner": []}
    df = queries.run("jobbspar_kluster", offentlig=True, **helt)
    alla_spar = queries.run("jobbspar_per_spar", offentlig=True, **helt)
    spar = alla_spar[alla_spar.kluster == namn]
    kort = jobbspar.per_spar(spar, df[df.kluster == namn])
    kommuner = ", ".join(sorted(set(df[df.kluster == namn].kommun_namn)))
    fig = figur.kopia(kort.figur)
    figur.uppdatera(fig, height=330, paper_bgcolor="#000", plot_bgcolor="#000", barmode="group",
                      font=dict(color="#fff", size=24), legend=dict(font=dict(size=24), orientation="h", y=1.15, x=0),
                      margin=dict(l=420, t=60, b=40, r=20), xaxis=dict(gridcolor="#555", title=None))
    figur.uppdatera_spar(fig, textfont=dict(color="#fff"), textposition="auto")
    return f"{namn}", [html.P(f"Kommuner: {kommuner}", className="bild-underrubrik"),
                       dcc.Graph(figure=fig, config={"displayModeBar": False, "staticPlot": True}),
                       html.P(kort.sammanfattning, className="visually-hidden")]


@callback(
    output=[Output("bild-rubrik", "children"), Output("bild-innehall", "children"), Output("bild-datum", "children")],
    inputs={"lage": Input("bild-lage", "data"), "lista": Input("bild-lista", "data"), **FILTER},
)
def visa_bild(lage, lista, search, lagerversion):
    lista = lista or [{"typ": "region"}]
    bild = lista[min((lage or {}).get("index", 0), len(lista) - 1)]
    params = filterparametrar(search, offentlig=True)
    if bild["typ"] == "kluster":
        rubrik, innehall = _kluster_bild(bild["namn"], params)
    elif bild["typ"] == "varfor":
        rubrik, innehall = _varfor_bild(params)
    elif bild["typ"] == "resultat":
        rubrik, innehall = _resultat_bild(params)
    else:
        df = queries.run("kpi_per_kommun", offentlig=True, **{**params, "kommuner": []})
        gr = df[df.niva == "region"].iloc[0]
        if bild["typ"] == "region":
            rubrik, innehall = _region_bild(gr, params)
        else:
            rad = df[df.kommun_kod == bild["kod"]]
            if rad.empty:  # en bildlista från ett äldre lager: kommunen finns inte längre
                rubrik, innehall = _kpi_bild(gr, gr, f"Hela {regionnamn(lang=True)}", params)
            else:
                rubrik, innehall = _kpi_bild(rad.iloc[0], gr, str(rad.iloc[0].kommun_namn), params)
                # Kommunens resultat med sin bedömning mot förväntat, aldrig som en rang bland de andra.
                bedomning = resultat.bedom(queries.run("resultat_kommun", offentlig=True, kommun=bild["kod"],
                                                       **{**params, "kommuner": []})).iloc[0]
                innehall = [*innehall, html.P(resultat.mening(bedomning) + ".", className="bild-bedomning"),
                            *_samradet(bild["kod"])]
    return rubrik, innehall, _datarad(params)


def _datarad(params: dict) -> str:
    """Kort nog för en rad på projektorn: period, källornas datadatum, senaste uppdatering, dolda antal."""
    kallor = queries.run("datadatum")
    info = dict(queries.run("lager_info").itertuples(index=False))
    troskel = queries.offentlig_atkomst().troskel
    datum = ", ".join(f"{r.kalla} {fmt.datum(r.data_till)}" for r in kallor.itertuples()
                      if fmt.datum(r.data_till) != "–" and r.kalla in ("deltagare", "budget"))
    return (f"Period {fmt.datum(params['fran'])} – {fmt.datum(params['till'])} · Data t.o.m.: {datum} · "
            f"Uppdaterad {(info.get('byggt') or '–')[:16]} · {storningsnot(troskel, kort=True)}")
