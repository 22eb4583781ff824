"""Kommunprofil: en kommun mot regionens snitt och dess rang bland kommunerna, på varje nyckeltal.

Sidan ett AME-chef bokmärker: /kommun?kommun=1440.
"""
from __future__ import annotations

import dash
from dash import Output, callback, html

import queries
from config import AF_MATT, KOLADA_KPI
from dashboards.komponenter import (
    FILTER,
    anteckningsbok,
    anteckningsformular,
    anteckningsrad,
    aria,
    diagramkort,
    filterparametrar,
    filtrets_ar,
    installningar,
    kort_svar,
    kort_utdata,
    regionnamn,
)
from dashboards.komponenter import region as region_
from figures import format as fmt
from figures import kommun as kommunkort
from figures import samrad
from figures.kommun import profil as profilkort

dash.register_page(__name__, path="/kommun", name="Kommunprofil", title="Kommunprofil – Samverkansmonitorn", order=4)


def layout(kommun: str | None = None, till: str | None = None, **_fragor) -> html.Div:
    return html.Div([
        html.H1(id="kommun-rubrik", children="Kommunprofil"),
        html.P(id="kommun-ingress", className="ingress"),
        html.Section([
            html.H2("Samrådets anteckningar", id="anteckningar-rubrik"),
            html.Ul(id="anteckningar-lista", className="anteckningar-lista", **aria(live="polite")),
            anteckningsformular("kommunprofil", (kommun or "").split(",")[0] or queries.atkomst().hemkommun,
                                filtrets_ar(till), "/kommun"),
        ], className="kort", **aria(labelledby="anteckningar-rubrik")),
        diagramkort("profil", f"Kommunen jämförd med {regionnamn()}-snittet"),
        diagramkort("malgrupp", "AF:s målgrupp för extratjänster över tid",
                    "Arbetsförmedlingens statistik: kommunen mot regionen, första månaden = 100."),
        diagramkort("kolada", "Koladas nyckeltal", "Offentlig statistik ur Kolada: det senaste året med data, "
                    "året innan och regionen. Andelar vägs med folkmängden."),
    ])


def _kommun(params: dict) -> tuple[str, str]:
    """Den första valda kommunen, eller regionens största när ingen är vald."""
    kommuner = queries.run("kommuner")
    if params["kommuner"]:
        kod = params["kommuner"][0]
    else:
        kod = kommuner.sort_values("befolkning", ascending=False, na_position="last").iloc[0].kommun_kod
    return kod, kommuner.set_index("kommun_kod").kommun_namn.get(kod, kod)


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


@callback(Output("anteckningar-lista", "children"), inputs=FILTER)
def anteckningar(search, lagerversion):
    """Kommunens anteckningar, öppna uppföljningar överst, sedan nyast först."""
    params = filterparametrar(search)
    kod, _ = _kommun(params)
    rader = samrad.sorterade(anteckningsbok().lista(kommuner=[kod]))
    kommuner, region = region_(), regionnamn()
    if not rader:
        return [html.Li("Inga anteckningar för kommunen ännu.")]
    return [anteckningsrad(a, samrad.rad(a, kommuner, region)) for a in rader]


@callback(output=kort_utdata("malgrupp"), inputs=FILTER)
def malgrupp(search, lagerversion):
    params = filterparametrar(search)
    kod, namn = _kommun(params)
    afkod = installningar().malgrupp_afkod
    df = queries.run("malgrupp_trend", kommun=kod, afkod=afkod, fran=params["fran"], till=params["till"])
    return kort_svar(kommunkort.malgrupp_trend(df, namn, AF_MATT.get(afkod, f"AF-mått {afkod}"), regionnamn()), params)


@callback(output=kort_utdata("kolada"), inputs=FILTER)
def kolada(search, lagerversion):
    params = filterparametrar(search)
    kod, namn = _kommun(params)
    df = queries.run("kolada_kommun", kommun=kod, ar=params["till"].year)
    return kort_svar(kommunkort.kolada(df, namn, KOLADA_KPI, regionnamn()), params)
