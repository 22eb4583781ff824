"""Kommunprofil: chefens startsida. Kommunen mot regionens snitt och dess rang, kommunens trender mot
regionen (aktiva, förbrukning, resultat 90 dagar efter), dess jobbspår och projekt, samrådets anteckningar,
AF:s målgrupp och Kolada.

Sidan ett AME-chef bokmärker: /kommun?kommun=1440.
"""
from __future__ import annotations

from dataclasses import replace

import dash
from dash import Output, callback, html

import queries
from config import AF_MATT, KOLADA_KPI
from dashboards.anteckningsformular import anteckningsformular, anteckningsrad
from dashboards.appen import anteckningsbok, installningar, regionnamn
from dashboards.appen import region as region_
from dashboards.aria import aria
from dashboards.filtret import FILTER, filterparametrar, filtrets_ar
from dashboards.kortvy import diagramkort, kort_svar, kort_utdata
from figures import format as fmt
from figures import jobbspar as jobbsparkort
from figures import kommun as kommunkort
from figures import projekt as projektkort
from figures import samrad
from figures.kommun import profil as profilkort
from figures.resultat import bedom

dash.register_page(__name__, path="/kommun", name="Kommunprofil", title="Kommunprofil – Samverkansmonitorn", order=4)


def layout(kommun: str | None = None, till: str | None = None, **_fragor) -> html.Div:
    region = regionnamn()
    return html.Div([
        html.H1(id="kommun-rubrik", children="Kommunprofil"),
        html.P(id="kommun-ingress", className="ingress"),
        diagramkort("profil", f"Kommunen jämförd med {region}-snittet"),
        html.H2("Över tid", className="avsnitt"),
        diagramkort("aktiva-trend", f"Aktiva deltagare per månad, mot {region}",
                    "Personer aktiva någon dag i månaden, per 1 000 invånare."),
        diagramkort("forbrukning-trend", f"Förbrukad andel av årets extratjänsttilldelning, mot {region}"),
        diagramkort("utfall-trend", f"I arbete eller studier 90 dagar efter avslut, mot {region}",
                    "Per kvartal då insatsen avslutades."),
        html.Section([
            html.H2("Samrådets anteckningar", id="anteckningar-rubrik"),
            html.Ul(id="anteckningar-lista", className="anteckningar-lista", **aria(live="polite")),
            anteckningsformular("kommunprofil", (kommun or "").split(",")[0] or queries.atkomst().hemkommun,
                                filtrets_ar(till), "/kommun"),
        ], className="kort", **aria(labelledby="anteckningar-rubrik")),
        html.H2("Kommunens jobbspår och projekt", className="avsnitt"),
        diagramkort("kommun-jobbspar", "Jobbspår som kommunen är med i",
                    "Kommunens egna deltagare i varje jobbspår under perioden."),
        diagramkort("kommun-projekt", "Projekt som kommunen är med i",
                    "Resultat för kommunens egna deltagare, mot projektets mål."),
        html.H2("Sammanhang", className="avsnitt"),
        diagramkort("malgrupp", "AF:s målgrupp för extratjänster över tid",
                    "Arbetsförmedlingens statistik: kommunen mot regionen, första månaden = 100."),
        diagramkort("kolada", "Koladas nyckeltal", "Offentlig statistik ur Kolada: det senaste året med data, "
                    "året innan och regionen. Andelar vägs med folkmängden."),
    ])


def _kommun(params: dict) -> tuple[str, str]:
    """Den första valda kommunen, eller regionens största (Göteborg i GR) när ingen är vald, så att sidan
    aldrig är tom."""
    kommuner = queries.referens("kommuner")
    if params["kommuner"]:
        kod = params["kommuner"][0]
    else:
        kod = kommuner.sort_values("befolkning", ascending=False, na_position="last").iloc[0].kommun_kod
    return kod, kommuner.set_index("kommun_kod").kommun_namn.get(kod, kod)


@callback(output={"rubrik": Output("kommun-rubrik", "children"), "ingress": Output("kommun-ingress", "children"),
                  **kort_utdata("profil")}, inputs=FILTER)
def profil(search, lagerversion):
    params = filterparametrar(search)
    kod, namn = _kommun(params)
    df, resultat, varaktighet = queries.run_samtidigt(("kpi_per_kommun", params),
                                                      ("resultat_kommun", {"kommun": kod, **params}),
                                                      ("kommun_varaktighet", {"kommun": kod, **params}))
    if params["kommuner"]:
        ingress = ("Profilen visar den första valda kommunen. " if len(params["kommuner"]) > 1 else "") + \
            f"Period {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}."
    else:
        ingress = f"Välj en kommun i filtret för att se dess profil. Nu visas {namn}."
    kort = profilkort(df, kod, params, regionnamn(), bedom(resultat).iloc[0], varaktighet.iloc[0])
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


def _trend(search):
    params = filterparametrar(search)
    kod, namn = _kommun(params)
    return params, namn, queries.run("kommun_trend", kommun=kod, fran=params["fran"], till=params["till"],
                                     malgrupper=params["malgrupper"], kon=params["kon"])


@callback(output=kort_utdata("aktiva-trend"), inputs=FILTER)
def aktiva_trend(search, lagerversion):
    params, namn, df = _trend(search)
    return kort_svar(kommunkort.aktiva_trend(df, namn, regionnamn()), params)


@callback(output=kort_utdata("forbrukning-trend"), inputs=FILTER)
def forbrukning_trend(search, lagerversion):
    params, namn, df = _trend(search)  # samma fråga som kortet ovan: ur frågelagrets cache
    return kort_svar(kommunkort.forbrukning_trend(df, namn, regionnamn()), params)


@callback(output=kort_utdata("utfall-trend"), inputs=FILTER)
def utfall_trend(search, lagerversion):
    params = filterparametrar(search)
    kod, namn = _kommun(params)
    df = queries.run("kommun_utfall_trend", kommun=kod, fran=params["fran"], till=params["till"],
                     malgrupper=params["malgrupper"], kon=params["kon"])
    return kort_svar(kommunkort.utfall_trend(df, namn, regionnamn()), params)


@callback(output=kort_utdata("kommun-jobbspar"), inputs=FILTER)
def jobbspar(search, lagerversion):
    """Jobbspårssidans kort, för kommunen: samma frågor och samma byggare med kommunen som urval."""
    params = filterparametrar(search)
    kod, _ = _kommun(params)
    urval = {**params, "kommuner": [kod]}
    kortet = jobbsparkort.per_spar(*queries.run_samtidigt(("jobbspar_per_spar", urval), ("jobbspar_kluster", urval)))
    # Eget filnamn: kommunens uttag ska inte skriva över jobbspårssidans i chefens nedladdningsmapp.
    return kort_svar(replace(kortet, filnamn=f"jobbspar_{kod}"), params)


@callback(output=kort_utdata("kommun-projekt"), inputs=FILTER)
def projekt(search, lagerversion):
    params = filterparametrar(search)
    kod, namn = _kommun(params)
    df = queries.run("projekt_resultat", **{**params, "kommuner": [kod]})
    kortet = projektkort.resultat(kommunkort.kommunens_projekt(df, namn))
    return kort_svar(replace(kortet, filnamn=f"projekt_{kod}"), params)
