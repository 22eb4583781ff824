"""Översikt: nyckeltal för urvalet, kartan färgad efter valt nyckeltal, och datadatum."""
from __future__ import annotations

import dash
from dash import Input, Output, callback, html

import queries
from dashboards.komponenter import (
    FILTER,
    diagramkort,
    ettval,
    filterparametrar,
    kommunknappar,
    kort_svar,
    kort_utdata,
    regionnamn,
    registrera_kommunknappar,
    registrera_korsfilter,
)
from figures import oversikt

dash.register_page(__name__, path="/", name="Översikt", title="Översikt – Samverkansmonitorn", order=0)


def _kpi(n: oversikt.Nyckeltal) -> html.Div:
    return html.Div([
        html.H2(n.rubrik, className="kpi-rubrik"),
        html.P(n.varde, className="kpi-varde", id=f"kpi-{n.id}"),
        html.P(n.jamforelse, className="kpi-jamfor"),
    ], className="kpi")


def layout(nyckeltal: str | None = None, **_fragor) -> html.Div:
    """?nyckeltal=utnyttjande väljer vad kartan färgas efter."""
    valt = nyckeltal if nyckeltal in oversikt.NYCKELTAL else "aktiva_per_1000"
    region = regionnamn()
    return html.Div([
        html.H1("Översikt"),
        html.P(f"Läget i arbetsmarknadssamverkan för urvalet, jämfört med hela {regionnamn(lang=True)}.",
               className="ingress"),
        html.Div(id="kpi-rad", className="kpi-rad"),
        ettval("karta-nyckeltal", "Färga kartan efter",
               [{"label": t, "value": k} for k, (t, _) in oversikt.NYCKELTAL.items()], valt, klass="kartval"),
        diagramkort("karta", f"Kommunerna i {region}",
                    "Klicka på en kommun i kartan eller på dess knapp under kartan för att se bara den. "
                    f"Knappen Visa hela {region} tar bort valet.", graf_hojd=540),
        kommunknappar("kartknapp"),
    ])


def _kpi_per_kommun(search):
    params = filterparametrar(search)
    return params, queries.run("kpi_per_kommun", **params)


@callback(Output("kpi-rad", "children"), inputs=FILTER)
def nyckeltal(search, lagerversion):
    params, df = _kpi_per_kommun(search)
    rad, region_rad = df[df.niva == "urval"].iloc[0], df[df.niva == "gr"].iloc[0]
    return [_kpi(n) for n in oversikt.nyckeltal(rad, region_rad, params["till"].year, regionnamn())]


@callback(output=kort_utdata("karta"), inputs={**FILTER, "valt": Input("karta-nyckeltal", "value")})
def karta(search, lagerversion, valt):
    params, df = _kpi_per_kommun(search)  # samma fråga som nyckeltalen: ur frågelagrets cache
    valt = valt if valt in oversikt.NYCKELTAL else "aktiva_per_1000"
    return kort_svar(oversikt.karta(df, params, valt, regionnamn()), params)


registrera_korsfilter("karta-graf")
registrera_kommunknappar("kartknapp")
