"""Ett diagramkort på sidan: rubrik, sammanfattning, diagram, tabellvy och nedladdningsknappar, och svaret
som ett korts callback fyller det med (ur en byggare i figures/)."""
from __future__ import annotations

import datetime as dt
from typing import Any, cast

import numpy as np
import pandas as pd
from dash import Output, dcc, html

from dashboards.aria import aria, rullbar
from dashboards.nedladdning import kortdata
from figures import format as fmt
from figures.kort import Kort, Tabell
from queries.skydd import prickfotnot

# Svensk Plotly (assets/plotly-locale-sv.js). "Dela" skickar diagrammet till Plotlys moln: aldrig härifrån.
GRAF_CONFIG: Any = {"displaylogo": False, "responsive": True, "locale": "sv",
               "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud"]}


def tabell(tab: Tabell) -> tuple[html.Table, list[dict]]:
    """Tabellvy för skärmläsare och tangentbord, och samma siffror för nedladdning."""
    huvud = html.Thead(html.Tr([html.Th(k.rubrik, scope="col") for k in tab.kolumner]))
    # Ett dolt värde (frågelagrets prick) visas och laddas ner som sin prick, aldrig som siffra.
    texter = tab.textrader()
    # Nedladdningen får värdena som de är (tal som tal), dolda som sin prick: samma kolumnvisa väg som texten.
    exportkolumner = [fmt.celler(tab.df, k.namn, _exportvarde) for k in tab.kolumner]
    # Raderna som Dash serialiserade form direkt: hela landets tabeller har tusentals celler, och en
    # html.Td-komponent per cell kostade mer än frågan (profilerat). Webbläsaren får samma sak.
    rader = [_html("Tr", [_html("Td", t) for t in rad]) for rad in texter]
    export = [{k.rubrik: kolumn[i] for k, kolumn in zip(tab.kolumner, exportkolumner, strict=True)}
              for i in range(len(tab.df))]
    fotnot = prickfotnot(tab.df)
    # Dash tar emot komponenter i serialiserad form; typerna i dash.html känner bara till komponentobjekten.
    kropp = html.Tbody(cast(Any, rader))
    tabell_ = html.Table([html.Caption(tab.bildtext + (f" {fotnot}" if fotnot else "")), huvud, kropp],
                         className="table table-sm datatabell")
    return tabell_, export


def _html(typ: str, children) -> dict:
    """En html-komponent i den form Dash skickar den (to_plotly_json), utan att bygga komponentobjektet."""
    return {"type": typ, "namespace": "dash_html_components", "props": {"children": children}}


def _exportvarde(v):
    """Ett värde i uttaget som JSON bär oförändrat (behorighet.webb.signera signerar den formen)."""
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        return fmt.datum(v)
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, np.generic):
        return _exportvarde(v.item())
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return None
    return v


def diagramkort(kort_id: str, titel: str, hjalptext: str | None = None, graf_hojd: int | None = None) -> html.Section:
    """Ett diagram med rubrik, textsammanfattning, tabellvy och nedladdning som CSV och Excel."""
    rubrik_id = f"{kort_id}-rubrik"
    return html.Section(
        [
            html.H2(titel, id=rubrik_id),
            html.P(hjalptext, className="hjalptext") if hjalptext else None,
            html.P(id=f"{kort_id}-sammanfattning", className="sammanfattning", **aria(live="polite")),
            # style=None kraschar dcc.Graph i Dash 4 (läser style.height): ange alltid en stil.
            dcc.Graph(id=f"{kort_id}-graf", config=GRAF_CONFIG,
                      style={"height": f"{graf_hojd}px"} if graf_hojd else {}),
            html.Details(
                [html.Summary("Visa siffrorna som tabell"),
                 html.Div(id=f"{kort_id}-tabell", **rullbar(f"Tabell: {titel}"))],
                className="tabellvy",
            ),
            html.Div(
                [
                    html.Button("Ladda ner CSV", id={"typ": "csv", "kort": kort_id},
                                className="btn btn-outline-primary btn-sm"),
                    html.Button("Ladda ner Excel", id={"typ": "xlsx", "kort": kort_id},
                                className="btn btn-outline-primary btn-sm"),
                ],
                className="nedladdning",
            ),
            dcc.Store(id={"typ": "data", "kort": kort_id}),
            dcc.Download(id={"typ": "fil", "kort": kort_id}),
        ],
        className="kort",
        **aria(labelledby=rubrik_id),
    )


def kort_utdata(kort_id: str) -> dict[str, Output]:
    """Utdata som ett korts callback fyller, med namn: figur, sammanfattning, tabell och nedladdningsdata."""
    return {
        "figur": Output(f"{kort_id}-graf", "figure"),
        "sammanfattning": Output(f"{kort_id}-sammanfattning", "children"),
        "tabell": Output(f"{kort_id}-tabell", "children"),
        "data": Output({"typ": "data", "kort": kort_id}, "data"),
    }


def kort_svar(kort: Kort, params: dict) -> dict:
    """Kortet (ur en byggare i figures/) som svar till kort_utdata: samma nycklar."""
    tabellvy, export = tabell(kort.tabell)
    return {"figur": kort.figur, "sammanfattning": kort.sammanfattning, "tabell": tabellvy,
            "data": kortdata(kort.filnamn, export, params, fmt.datum(params["till"]))}
