"""Översikt: nyckeltal för urvalet, GR-kartan färgad efter valt nyckeltal, och datadatum."""
from __future__ import annotations

import dash
from dash import Input, Output, callback, html

import queries
from dashboards.komponenter import (FILTER_INPUTS, Kolumn, diagramkort, ettval, filterparametrar, kommunknappar,
                                    kort_utdata, kortdata, registrera_kommunknappar, registrera_korsfilter, tabell)
from figures import format as fmt
from figures.karta import gr_karta
from queries.skydd import prickfotnot


def per_1000(v) -> str:
    return fmt.tal(v, 1)


dash.register_page(__name__, path="/", name="Översikt", title="Översikt – Samverkansmonitorn", order=0)

NYCKELTAL = {
    "aktiva_per_1000": ("Aktiva deltagare per 1 000 invånare", lambda v: per_1000(v)),
    "utnyttjande": ("Utnyttjad extratjänstbudget i år", fmt.procent),
    "andel_arbete_studier_90": ("I arbete eller studier 90 dagar efter avslut", fmt.procent),
    "jobbspar_deltagare": ("Deltagare i jobbspår", fmt.antal),
}


def _kpi(rubrik: str, varde: str, jamfor: str, kpi_id: str) -> html.Div:
    return html.Div([
        html.H2(rubrik, className="kpi-rubrik"),
        html.P(varde, className="kpi-varde", id=f"kpi-{kpi_id}"),
        html.P(jamfor, className="kpi-jamfor"),
    ], className="kpi")


layout = html.Div([
    html.H1("Översikt"),
    html.P("Läget i arbetsmarknadssamverkan för urvalet, jämfört med hela Göteborgsregionen.", className="ingress"),
    html.Div(id="kpi-rad", className="kpi-rad"),
    ettval("karta-nyckeltal", "Färga kartan efter", [{"label": t, "value": k} for k, (t, _) in NYCKELTAL.items()],
           "aktiva_per_1000", klass="kartval"),
    diagramkort("karta", "Kommunerna i GR",
                "Klicka på en kommun i kartan eller på dess knapp under kartan för att se bara den. "
                "Knappen Visa hela GR tar bort valet.", graf_hojd=540),
    kommunknappar("kartknapp"),
])


@callback(
    Output("kpi-rad", "children"),
    *kort_utdata("karta"),
    Input("karta-nyckeltal", "value"),
    *FILTER_INPUTS,
)
def uppdatera(nyckeltal, *filter):
    params = filterparametrar(*filter)
    df = queries.run("kpi_per_kommun", **params)
    urval = df[df.niva == "urval"].iloc[0]
    gr = df[df.niva == "gr"].iloc[0]
    kommuner = df[df.niva == "kommun"]
    etikett = "urvalet" if params["kommuner"] else "hela GR"
    kpier = [
        _kpi("Aktiva deltagare nu", fmt.cell(urval, "aktiva"),
             f"{fmt.cell(urval, 'aktiva_per_1000', per_1000)} per 1 000 invånare "
             f"(GR: {fmt.cell(gr, 'aktiva_per_1000', per_1000)})", "aktiva"),
        _kpi(f"Extratjänstbudget utnyttjad {params['till'].year}", fmt.procent(urval.utnyttjande),
             f"{fmt.kr(urval.utfall_kr)} av {fmt.kr(urval.budget_kr)} (GR: {fmt.procent(gr.utnyttjande)})", "utnyttjande"),
        _kpi("Deltagare i jobbspår", fmt.cell(urval, "jobbspar_deltagare"),
             f"under perioden (GR: {fmt.cell(gr, 'jobbspar_deltagare')})", "jobbspar"),
        _kpi("I arbete eller studier 90 dagar efter", fmt.cell(urval, "andel_arbete_studier_90", fmt.procent),
             f"av {fmt.cell(urval, 'uppfoljda_90')} uppföljda "
             f"(GR: {fmt.cell(gr, 'andel_arbete_studier_90', fmt.procent)})", "andel90"),
    ]
    rubrik, format_ = NYCKELTAL[nyckeltal]
    varden = dict(zip(kommuner.kommun_kod, kommuner[nyckeltal]))
    etiketter = dict(zip(kommuner.kommun_kod, fmt.celler(kommuner, nyckeltal, format_)))
    fig = gr_karta(varden, rubrik, etiketter, valda=set(params["kommuner"]))
    sorterade = kommuner.dropna(subset=[nyckeltal]).sort_values(nyckeltal, ascending=False)
    if len(sorterade):
        hog, lag = sorterade.iloc[0], sorterade.iloc[-1]
        text = (f"{rubrik}: högst i {hog.kommun_namn}, {format_(hog[nyckeltal])}, "
                f"och lägst i {lag.kommun_namn}, {format_(lag[nyckeltal])}. "
                f"Värdet för {etikett} är {fmt.cell(urval, nyckeltal, format_)}. {prickfotnot(df)}").strip()
    else:
        text = f"{rubrik}: inga uppgifter för perioden."
    tabellvy, export = tabell(kommuner, [
        Kolumn("kommun_namn", "Kommun"),
        Kolumn("aktiva", "Aktiva deltagare", fmt.antal),
        Kolumn("aktiva_per_1000", "Per 1 000 invånare", per_1000),
        Kolumn("utnyttjande", "Utnyttjad budget", fmt.procent),
        Kolumn("jobbspar_deltagare", "Deltagare i jobbspår", fmt.antal),
        Kolumn("andel_arbete_studier_90", "I arbete/studier 90 dagar", fmt.procent),
    ], f"Nyckeltal per kommun {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}")
    data = kortdata("nyckeltal_per_kommun", export, params, fmt.datum(params["till"]))
    return kpier, fig, text, tabellvy, data


registrera_korsfilter("karta-graf")
registrera_kommunknappar("kartknapp")
