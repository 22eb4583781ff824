"""Delade byggstenar för sidorna: filterparametrar, diagramkort med tabellvy och nedladdning."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, dcc, html, no_update

from behorighet import webb as behorighet
from export import uttag
from figures import format as fmt
from queries.skydd import prick, prickfotnot, storningsnot

FILTER_INPUTS = [
    Input("f-kommun", "value"),
    Input("f-fran", "value"),
    Input("f-till", "value"),
    Input("f-malgrupp", "value"),
    Input("f-kon", "value"),
    Input("lagerversion", "data"),
]

def rullbar(etikett: str) -> dict:
    """En rullbar yta ska gå att nå med tangentbordet och ha ett namn (WCAG 2.1.1)."""
    return {"className": "tabellram", "tabIndex": "0", "role": "region", "aria-label": etikett}


def kommunknappar(id_typ: str) -> html.Div:
    """Kommunerna som knappar: kartans klickval för den som använder tangentbord eller skärmläsare."""
    from ingest.kommuner import GR_KOMMUNER

    return html.Div([
        html.Span("Välj kommun: ", className="knapprubrik", id=f"{id_typ}-rubrik"),
        *[html.Button(namn, id={"typ": id_typ, "kod": kod}, className="btn btn-sm kommunknapp")
          for kod, namn, _ in sorted(GR_KOMMUNER, key=lambda k: k[1])],
    ], className="kommunknappar", role="group", **{"aria-labelledby": f"{id_typ}-rubrik"})


def ettval(id: str, rubrik: str, alternativ: list[dict], varde: str, klass: str = "filter") -> html.Div:
    """Ett val ur en lista: en vanlig <select>, som skärmläsare, tangentbord och telefoner redan kan."""
    return html.Div([html.Label(rubrik, htmlFor=id),
                     dbc.Select(id=id, options=alternativ, value=varde, class_name="form-select")], className=klass)


def flerval(id: str, rubrik: str, tomt: str, alternativ: list[dict]) -> html.Fieldset:
    """Flera val: kryssrutor i en fällbar grupp; sammanfattningen visar vad som är valt."""
    return html.Fieldset([
        html.Legend(rubrik),
        html.Details([
            html.Summary(tomt, id=f"{id}-sammanfattning"),
            dbc.Checklist(id=id, options=alternativ, value=[], class_name="kryssrutor"),
        ]),
    ], className="filter flerval")


GRAF_CONFIG = {"displaylogo": False, "responsive": True, "locale": "sv",
               "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def manad_start(text: str | None, standard: dt.date) -> dt.date:
    try:
        ar, man = (int(x) for x in (text or "").split("-")[:2])
        return dt.date(ar, man, 1)
    except ValueError:
        return standard


def manad_slut(text: str | None, standard: dt.date) -> dt.date:
    start = manad_start(text, standard.replace(day=1))
    nasta = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nasta - dt.timedelta(days=1)


def filterparametrar(kommun, fran, till, malgrupp, kon, *_ignorerade) -> dict:
    """Filtrens värden som namngivna parametrar till queries.run()."""
    idag = dt.date.today()
    fran_d = manad_start(fran, dt.date(idag.year - 1, 1, 1))
    till_d = manad_slut(till, idag)
    if till_d < fran_d:
        fran_d, till_d = manad_start(till, fran_d), manad_slut(fran, till_d)
    return {
        "kommuner": list(kommun or []),
        "fran": fran_d,
        "till": till_d,
        "malgrupper": list(malgrupp or []),
        "kon": "" if kon in (None, "", "alla") else kon,
    }


@dataclass(frozen=True)
class Kolumn:
    namn: str
    rubrik: str
    format: Callable[[object], str] = str


def tabell(df: pd.DataFrame, kolumner: list[Kolumn], bildtext: str) -> tuple[html.Table, list[dict]]:
    """Tabellvy för skärmläsare och tangentbord, och samma siffror för nedladdning."""
    huvud = html.Thead(html.Tr([html.Th(k.rubrik, scope="col") for k in kolumner]))
    rader = []
    export = []
    for rad in df.to_dict("records"):
        # Ett dolt värde (frågelagrets prick) visas och laddas ner som sin prick, aldrig som siffra.
        rader.append(html.Tr([html.Td(fmt.cell(rad, k.namn, k.format)) for k in kolumner]))
        export.append({k.rubrik: prick(rad, k.namn) or _exportvarde(rad.get(k.namn)) for k in kolumner})
    fotnot = prickfotnot(df)
    tabell_ = html.Table([html.Caption(bildtext + (f" {fotnot}" if fotnot else "")), huvud, html.Tbody(rader)],
                         className="table table-sm datatabell")
    return tabell_, export


def _exportvarde(v):
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        return fmt.datum(v)
    if isinstance(v, float) and pd.isna(v):
        return None
    return v


def diagramkort(kort_id: str, titel: str, hjalptext: str | None = None, graf_hojd: int | None = None) -> html.Section:
    """Ett diagram med rubrik, textsammanfattning, tabellvy och nedladdning som CSV och Excel."""
    rubrik_id = f"{kort_id}-rubrik"
    return html.Section(
        [
            html.H2(titel, id=rubrik_id),
            html.P(hjalptext, className="hjalptext") if hjalptext else None,
            html.P(id=f"{kort_id}-sammanfattning", className="sammanfattning", **{"aria-live": "polite"}),
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
                    html.Button("Ladda ner CSV", id={"typ": "csv", "kort": kort_id}, className="btn btn-outline-primary btn-sm"),
                    html.Button("Ladda ner Excel", id={"typ": "xlsx", "kort": kort_id}, className="btn btn-outline-primary btn-sm"),
                ],
                className="nedladdning",
            ),
            dcc.Store(id={"typ": "data", "kort": kort_id}),
            dcc.Download(id={"typ": "fil", "kort": kort_id}),
        ],
        className="kort",
        **{"aria-labelledby": rubrik_id},
    )


def kort_utdata(kort_id: str) -> list[Output]:
    """Utdata som en sidas callback fyller för ett diagramkort, i ordningen graf, text, tabell, data."""
    return [
        Output(f"{kort_id}-graf", "figure"),
        Output(f"{kort_id}-sammanfattning", "children"),
        Output(f"{kort_id}-tabell", "children"),
        Output({"typ": "data", "kort": kort_id}, "data"),
    ]


@callback(
    Output({"typ": "fil", "kort": MATCH}, "data"),
    Input({"typ": "csv", "kort": MATCH}, "n_clicks"),
    Input({"typ": "xlsx", "kort": MATCH}, "n_clicks"),
    State({"typ": "data", "kort": MATCH}, "data"),
    prevent_initial_call=True,
)
def ladda_ner(_csv, _xlsx, data):
    from dash import ctx

    if not data:
        return no_update
    # Uttaget måste ha skapats av servern för just den här rollen (signerat); annars vägras det.
    if not behorighet.kontrollera_signatur(data):
        behorighet.granska("vagrad_nedladdning", fil=data.get("filnamn"))
        return no_update
    namn = data["filnamn"]
    rader = data["rader"]
    behorighet.granska("nedladdning", fil=f"{namn}.{ctx.triggered_id['typ']}", rader=len(rader))
    if ctx.triggered_id["typ"] == "csv":
        return dcc.send_bytes(uttag.som_csv(rader), f"{namn}.csv")
    return dcc.send_bytes(uttag.som_xlsx(rader, data.get("om", [])), f"{namn}.xlsx")


def kortdata(filnamn: str, rader: list[dict], params: dict, datum_text: str) -> dict:
    import queries

    atkomst = queries.atkomst()
    om = [
        f"Urval: {', '.join(params['kommuner']) or 'Hela GR'}",
        f"Period: {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}",
        f"Data t.o.m.: {datum_text}",
        (f"{storningsnot(atkomst.troskel)} <{atkomst.troskel} är ett dolt antal; "
         ".. är dolt så att ett annat dolt värde inte kan räknas fram." if atkomst.troskel
         else "Uttaget för styrgruppen: små antal är inte dolda. Sprid det inte vidare."),
    ]
    return behorighet.signera({"filnamn": filnamn, "rader": rader, "om": om})


def registrera_korsfilter(*graf_idn: str) -> None:
    """Korsfilter: klick på en kommun i ett diagram väljer den i kommunfiltret (klick igen tar bort den).

    Diagrammen bär kommunkoden i customdata; diagram utan kod ignoreras.
    """
    @callback(
        Output("f-kommun", "value", allow_duplicate=True),
        *[Input(g, "clickData") for g in graf_idn],
        State("f-kommun", "value"),
        prevent_initial_call=True,
    )
    def klick(*args):
        from dash import ctx

        klickdata = dict(zip(graf_idn, args[:-1])).get(ctx.triggered_id)
        valda = list(args[-1] or [])
        punkter = (klickdata or {}).get("points") or []
        kod = punkter[0].get("customdata") if punkter else None
        if isinstance(kod, list):
            kod = kod[0] if kod else None
        if not isinstance(kod, str) or not kod.isdigit():
            return no_update
        return [k for k in valda if k != kod] if kod in valda else valda + [kod]


def registrera_kommunknappar(id_typ: str) -> None:
    """Knapparna väljer och avväljer kommunen precis som ett klick i kartan."""
    from dash import ALL, ctx

    @callback(
        Output("f-kommun", "value", allow_duplicate=True),
        Input({"typ": id_typ, "kod": ALL}, "n_clicks"),
        State("f-kommun", "value"),
        prevent_initial_call=True,
    )
    def knapp(klick, valda):
        if not ctx.triggered_id or not any(klick):
            return no_update
        kod = ctx.triggered_id["kod"]
        valda = list(valda or [])
        return [k for k in valda if k != kod] if kod in valda else valda + [kod]
