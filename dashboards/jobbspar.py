"""Jobbspår: vilka kommuner som kör vilka jobbspår tillsammans, deltagare och vad som hände sedan."""
from __future__ import annotations

import dash
from dash import Input, Output, callback, html

import queries
from dashboards.appen import region
from dashboards.filtret import FILTER, ettval, filterparametrar
from dashboards.kortvy import diagramkort, kort_svar, kort_utdata
from figures import jobbspar as kort

dash.register_page(__name__, path="/jobbspar", name="Jobbspår", title="Jobbspår – Samverkansmonitorn", order=2)


def layout(**_fragor) -> html.Div:
    return html.Div([
        html.H1("Jobbspår"),
        html.P("Jobbspåren drivs i kluster av grannkommuner tillsammans med Arbetsförmedlingen.", className="ingress"),
        # Ett län eller hela landet är högre än brett: samma höjd som kartan väljer (figures/karta.py).
        diagramkort("kluster-karta", "Kluster på kartan", graf_hojd=520 if len(region()) <= 60 else 900),
        diagramkort("kluster", "Deltagare och resultat per jobbspår och kommun"),
        ettval("flode-kluster", "Visa flödet för kluster", [{"label": "Alla kluster", "value": "alla"}], "alla",
               klass="kartval"),
        diagramkort("flode", "Från start till läget 90 dagar efter avslut",
                    "Deltagare som påbörjat jobbspår under perioden: hur de avslutade och var de var 90 dagar senare."),
    ])


def _kluster(search):
    params = filterparametrar(search)
    return params, queries.run("jobbspar_kluster", **params)


@callback(output={**kort_utdata("kluster-karta"), "klusterval": Output("flode-kluster", "options")}, inputs=FILTER)
def kluster_karta(search, lagerversion):
    # Klustren ur jobbspårsförteckningen (en gång per lagerversion), inte ur deltagarraderna.
    params, df = filterparametrar(search), queries.referens("jobbspar_kluster_kommuner")
    alternativ = [{"label": "Alla kluster", "value": "alla"}] + [{"label": k, "value": k}
                                                                   for k in sorted(df.kluster.unique())]
    return {**kort_svar(kort.kluster_karta(df, params["kommuner"], region()), params), "klusterval": alternativ}


@callback(output=kort_utdata("kluster"), inputs=FILTER)
def per_spar(search, lagerversion):
    params, df = _kluster(search)
    # Summorna per jobbspår räknas i DuckDB och prickas där, inte genom att summera prickade rader här.
    return kort_svar(kort.per_spar(queries.run("jobbspar_per_spar", **params), df), params)


@callback(output=kort_utdata("flode"), inputs={**FILTER, "kluster": Input("flode-kluster", "value")})
def flode(search, lagerversion, kluster):
    params = filterparametrar(search)
    valt = "" if kluster in (None, "alla") else kluster
    df, utfall = queries.run_samtidigt(("jobbspar_flode", {"kluster": valt, **params}),
                                       ("jobbspar_utfall", {"kluster": valt, **params}))
    return kort_svar(kort.flode(df, utfall.iloc[0]), params)
