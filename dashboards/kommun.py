"""Kommunprofil: en kommun mot regionens snitt och dess rang bland kommunerna, på varje nyckeltal.

Sidan ett AME-chef bokmärker: /kommun?kommun=1440.
"""
from __future__ import annotations

import dash
from dash import Output, callback, html

import queries
from dashboards.komponenter import FILTER, diagramkort, filterparametrar, kort_svar, kort_utdata, regionnamn
from figures import format as fmt
from figures.kommun import profil as profilkort

dash.register_page(__name__, path="/kommun", name="Kommunprofil", title="Kommunprofil – Samverkansmonitorn", order=4)


def layout(**_fragor) -> html.Div:
    return html.Div([
        html.H1(id="kommun-rubrik", children="Kommunprofil"),
        html.P(id="kommun-ingress", className="ingress"),
        diagramkort("profil", f"Kommunen jämförd med {regionnamn()}-snittet"),
    ])


@callback(output={"rubrik": Output("kommun-rubrik", "children"), "ingress": Output("kommun-ingress", "children"),
                  **kort_utdata("profil")}, inputs=FILTER)
def profil(search, lagerversion):
    params = filterparametrar(search)
    df = queries.run("kpi_per_kommun", **params)
    kommuner = df[df.niva == "kommun"]
    if params["kommuner"]:
        kod = params["kommuner"][0]
        ingress = ("Profilen visar den första valda kommunen. " if len(params["kommuner"]) > 1 else "") + \
            f"Period {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}."
    else:
        # Utan val: regionens största kommun (Göteborg i GR), så att sidan aldrig är tom.
        storst = kommuner.sort_values("befolkning", ascending=False, na_position="last").iloc[0]
        kod = storst.kommun_kod
        ingress = f"Välj en kommun i filtret för att se dess profil. Nu visas {storst.kommun_namn}."
    kort = profilkort(df, kod, params, regionnamn())
    namn = kommuner[kommuner.kommun_kod == kod].kommun_namn.iloc[0]
    return {"rubrik": f"Kommunprofil: {namn}", "ingress": ingress, **kort_svar(kort, params)}
