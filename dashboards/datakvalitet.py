"""Datakvalitet: importlogg, avvisade rader med skäl och hur färsk varje källa är."""
from __future__ import annotations

import dash
from dash import Input, Output, callback, html

import queries
from dashboards.appen import installningar
from dashboards.aria import aria, rullbar
from dashboards.kortvy import tabell
from figures import format as fmt
from figures.datakvalitet import KALLOR, kallans_lage
from figures.kort import Kolumn, Tabell

dash.register_page(__name__, path="/datakvalitet", name="Datakvalitet",
                   title="Datakvalitet – Samverkansmonitorn", order=5)

def layout(**_fragor):
    # Sidan visas bara för styrgruppen; frågorna bakom den vägrar dessutom andra roller.
    if not queries.atkomst().far_se("/datakvalitet"):
        return html.Div([html.H1("Datakvalitet"),
                         html.P("Sidan visar importlogg och avvisade rader och är öppen för styrgruppen och "
                                "dataförvaltaren.")])
    return _layout


_layout = html.Div([
    html.H1("Datakvalitet"),
    html.P("Vad som lästs in, vad som avvisats och varför, och hur gammal varje källa är. "
           "Personnummer visas aldrig: i avvisade rader syns bara födelsedatum.", className="ingress"),
    html.Section([html.H2("Källornas färskhet", id="farskhet-rubrik"),
                  html.Div(id="farskhet", **rullbar("Källornas färskhet"))],
                 className="kort", **aria(labelledby="farskhet-rubrik")),
    html.Section([html.H2("Importlogg", id="logg-rubrik"), html.Div(id="importlogg", **rullbar("Importlogg"))],
                 className="kort", **aria(labelledby="logg-rubrik")),
    html.Section([html.H2("Avvisade rader", id="avvisade-rubrik"),
                  html.Div(id="avvisade", **rullbar("Avvisade rader"))],
                 className="kort", **aria(labelledby="avvisade-rubrik")),
])


@callback(Output("farskhet", "children"), Output("importlogg", "children"), Output("avvisade", "children"),
          Input("lagerversion", "data"))
def visa(_version):
    grans = installningar().max_age_days
    # Färskheten (samma fråga som sidfoten) och leveranserna: vem, när, nästa, luckor och datum efter leveransen.
    farsk = queries.run("datadatum").merge(queries.run("leveranser"), on="kalla", how="left")
    farsk["kalla_namn"] = farsk.kalla.map(KALLOR)
    farsk["lage"] = [kallans_lage(r, grans) for r in farsk.to_dict("records")]
    farsk_tabell, _ = tabell(Tabell(farsk, [
        Kolumn("kalla_namn", "Källa"), Kolumn("fil", "Senaste fil", fmt.text), Kolumn("levererad_av", "Lämnad av",
                                                                                    fmt.text),
        Kolumn("senast_inlast", "Senast inläst", fmt.datum), Kolumn("data_till", "Data t.o.m.", fmt.datum),
        Kolumn("dagar_sedan", "Dagar sedan", lambda v: fmt.tal(v)), Kolumn("nasta", "Nästa väntas", fmt.datum),
        Kolumn("lage", "Läge"),
    ], f"En källa flaggas när den är äldre än {grans} dagar, när en månad saknas mellan den första och den "
       "sista, och när rader har ett datum efter leveransen. Månatliga källor väntas en månad efter den senaste."))
    logg = queries.run("importlogg")
    logg_tabell, _ = tabell(Tabell(logg, [
        Kolumn("imported_at", "Inläst", fmt.datum), Kolumn("file_name", "Fil"), Kolumn("file_type", "Typ"),
        Kolumn("levererad_av", "Lämnad av"),
        Kolumn("status", "Status"), Kolumn("rows_read", "Lästa", fmt.tal), Kolumn("rows_accepted", "Godkända", fmt.tal),
        Kolumn("rows_rejected", "Avvisade", fmt.tal), Kolumn("rows_updated", "Uppdaterade", fmt.tal),
        Kolumn("meddelande", "Meddelande", fmt.text),
    ], "Inlästa och refuserade filer, senaste först"))
    avvisade = queries.run("avvisade_rader")
    avv_tabell, _ = tabell(Tabell(avvisade, [
        Kolumn("file_name", "Fil"), Kolumn("line_no", "Rad", str), Kolumn("reason", "Skäl"),
        Kolumn("rad", "Radens innehåll (maskerat)"),
    ], f"{fmt.tal(len(avvisade))} avvisade rader"))
    return farsk_tabell, logg_tabell, avv_tabell
