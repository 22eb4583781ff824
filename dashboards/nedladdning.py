"""Nedladdningarna: ett korts siffror som CSV och Excel, och mötespaketet som PowerPoint och PDF.

Ett korts uttag signeras till rollen som fick det (behorighet.webb.signera) och varje nedladdning hamnar i
granskningsloggen. Cellerna görs ofarliga i export/uttag.py."""
from __future__ import annotations

import datetime as dt

from dash import MATCH, Input, Output, State, ctx, dcc, no_update

import queries
from behorighet import webb as behorighet
from dashboards.appen import anteckningsbok, region, regionnamn
from dashboards.filtret import URL, filterparametrar
from export import uttag
from figures import format as fmt
from queries.skydd import storningsnot


def kortdata(filnamn: str, rader: list[dict], params: dict, datum_text: str) -> dict:
    atkomst = queries.atkomst()
    namn = region()
    om = [
        f"Urval: {', '.join(namn.get(k, k) for k in params['kommuner']) or 'Hela ' + regionnamn()}",
        f"Period: {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}",
        f"Data t.o.m.: {datum_text}",
        (f"{storningsnot(atkomst.troskel)} <{atkomst.troskel} är ett dolt antal; "
         ".. är dolt så att ett annat dolt värde inte kan räknas fram." if atkomst.troskel
         else "Uttaget för styrgruppen: små antal är inte dolda. Sprid det inte vidare."),
    ]
    return behorighet.signera({"filnamn": filnamn, "rader": rader, "om": om})


def registrera(app) -> None:
    """Nedladdningarnas callbacks på appen."""

    @app.callback(
        Output({"typ": "fil", "kort": MATCH}, "data"),
        Input({"typ": "csv", "kort": MATCH}, "n_clicks"),
        Input({"typ": "xlsx", "kort": MATCH}, "n_clicks"),
        State({"typ": "data", "kort": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def ladda_ner(_csv, _xlsx, data):
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

    @app.callback(
        Output("motespaket-fil", "data"),
        Input("motespaket-pptx", "n_clicks"), Input("motespaket-pdf", "n_clicks"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def ladda_ner_motespaket(_pptx, _pdf, search):
        """Det aktuella urvalet som PowerPoint eller PDF, för samrådets protokoll."""
        from export import motespaket

        bilder, meta = motespaket.bygg(filterparametrar(search, offentlig=True), anteckningsbok().lista())
        namn = f"motespaket_{dt.date.today():%Y-%m-%d}"
        behorighet.granska("nedladdning", fil=f"{namn}.{'pdf' if ctx.triggered_id == 'motespaket-pdf' else 'pptx'}")
        if ctx.triggered_id == "motespaket-pdf":
            return dcc.send_bytes(motespaket.som_pdf(bilder, meta), f"{namn}.pdf")
        return dcc.send_bytes(motespaket.som_pptx(bilder, meta), f"{namn}.pptx")
