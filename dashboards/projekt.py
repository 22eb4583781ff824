"""Projekt: tidslinje, deltagare per projekt och kommun, resultat mot målet och kostnad per deltagare."""
from __future__ import annotations

import dash
from dash import callback, html

import queries
from dashboards.filtret import FILTER, filterparametrar
from dashboards.kortvy import diagramkort, kort_svar, kort_utdata
from figures import projekt as kort

dash.register_page(__name__, path="/projekt", name="Projekt", title="Projekt – Samverkansmonitorn", order=3)


def layout(**_fragor) -> html.Div:
    return html.Div([
        html.H1("Projekt"),
        html.P("Projekt i samverkan, som Mellan Rum och Premiär i kommunen: deltagare och hur det gick.",
               className="ingress"),
        diagramkort("projekt-tid", "Projektens tidslinje"),
        diagramkort("projekt-resultat", "I arbete eller studier, mot projektets mål",
                    "Andel av de avslutade som gick till arbete eller studier, och andelen som var i arbete "
                    "eller studier 90 dagar efter."),
        diagramkort("projekt-kommun", "Deltagare per projekt och kommun"),
    ])


def _resultat(search):
    params = filterparametrar(search)
    return params, queries.run("projekt_resultat", **params)


@callback(output=kort_utdata("projekt-tid"), inputs=FILTER)
def tidslinje(search, lagerversion):
    params, df = _resultat(search)
    return kort_svar(kort.tidslinje(df), params)


@callback(output=kort_utdata("projekt-resultat"), inputs=FILTER)
def resultat(search, lagerversion):
    params, df = _resultat(search)
    return kort_svar(kort.resultat(df), params)


@callback(output=kort_utdata("projekt-kommun"), inputs=FILTER)
def per_kommun(search, lagerversion):
    params = filterparametrar(search)
    return kort_svar(kort.per_kommun(queries.run("projekt_per_kommun", kommuner=params["kommuner"])), params)
