"""Uppföljning: samrådets öppna uppföljningar, per kommun (filtret) och ansvarig, försenade markerade."""
from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from dashboards.anteckningsformular import anteckningsrad
from dashboards.appen import anteckningsbok, region, regionnamn
from dashboards.aria import aria
from dashboards.filtret import FILTER, ettval, filterparametrar
from dashboards.kortvy import diagramkort, kort_svar, kort_utdata
from figures import samrad

dash.register_page(__name__, path="/uppfoljning", name="Uppföljning", title="Uppföljning – Samverkansmonitorn",
                   order=5)

ALLA = "alla"


def layout(ansvarig: str | None = None, **_fragor) -> html.Div:
    ansvariga = sorted({a["ansvarig"] for a in anteckningsbok().oppna_uppfoljningar() if a["ansvarig"]})
    val = [{"label": "Alla", "value": ALLA}] + [{"label": a, "value": a} for a in ansvariga]
    return html.Div([
        html.H1("Uppföljning"),
        html.P("Det samrådet har bestämt att följa upp: vem som ansvarar och när det ska vara klart. Kommunfiltret "
               "ovan väljer kommuner; en uppföljning som passerat sitt datum är markerad som försenad.",
               className="ingress"),
        ettval("uppf-ansvarig", "Ansvarig", val, ansvarig if ansvarig and ansvarig in ansvariga else ALLA,
               klass="kartval"),
        html.Section([html.H2("Öppna uppföljningar", id="uppf-rubrik"),
                      html.Ul(id="uppf-lista", className="anteckningar-lista", **aria(live="polite"))],
                     className="kort", **aria(labelledby="uppf-rubrik")),
        diagramkort("uppfoljning", "Öppna uppföljningar per kommun",
                    "Tabellen laddas ner som CSV eller Excel till samrådets protokoll."),
    ])


def _oppna(search, ansvarig):
    params = filterparametrar(search)
    rader = anteckningsbok().oppna_uppfoljningar(kommuner=params["kommuner"] or None,
                                                 ansvarig=None if ansvarig in (None, ALLA) else ansvarig)
    return params, rader


@callback(Output("uppf-lista", "children"), inputs={**FILTER, "ansvarig": Input("uppf-ansvarig", "value")})
def lista(search, lagerversion, ansvarig):
    _, rader = _oppna(search, ansvarig)
    kommuner, namn = region(), regionnamn()
    return [anteckningsrad(a, samrad.rad(a, kommuner, namn)) for a in rader] or [html.Li("Inga öppna uppföljningar.")]


@callback(output=kort_utdata("uppfoljning"), inputs={**FILTER, "ansvarig": Input("uppf-ansvarig", "value")})
def tabell(search, lagerversion, ansvarig):
    params, rader = _oppna(search, ansvarig)
    return kort_svar(samrad.uppfoljningar(rader, region(), regionnamn()), params)
