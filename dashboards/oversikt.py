"""Översikt: nyckeltal för urvalet, kartan färgad efter valt nyckeltal, och datadatum."""
from __future__ import annotations

import dash
from dash import Input, Output, callback, html

import queries
from dashboards.appen import region as region_
from dashboards.appen import regionnamn
from dashboards.filtret import (
    FILTER,
    ettval,
    filterparametrar,
    kommunknappar,
    registrera_kommunknappar,
    registrera_korsfilter,
    sidval,
)
from dashboards.kortvy import diagramkort, kort_svar, kort_utdata
from dashboards.visa_som import med_namnare, visa_som
from figures import oversikt, resultat
from figures.visning import VISNINGAR, visning

dash.register_page(__name__, path="/", name="Översikt", title="Översikt – Samverkansmonitorn", order=0)


def _kpi(n: oversikt.Nyckeltal) -> html.Div:
    return html.Div([
        html.H2(n.rubrik, className="kpi-rubrik"),
        html.P(n.varde, className="kpi-varde", id=f"kpi-{n.id}"),
        html.P(n.jamforelse, className="kpi-jamfor"),
    ], className="kpi")


def layout(nyckeltal: str | None = None, visa: str | None = None, **_fragor) -> html.Div:
    """?nyckeltal=utnyttjande väljer vad kartan färgas efter; ?visa=per_invanare hur förbrukad budget visas."""
    valt = nyckeltal if nyckeltal in oversikt.NYCKELTAL else "aktiva_per_1000"
    region = regionnamn()
    return html.Div([
        html.H1("Översikt"),
        html.P(f"Läget i arbetsmarknadssamverkan för urvalet, jämfört med hela {regionnamn(lang=True)}.",
               className="ingress"),
        html.Div(id="kpi-rad", className="kpi-rad"),
        ettval("karta-nyckeltal", "Färga kartan efter",
               [{"label": t, "value": k} for k, (t, _) in oversikt.NYCKELTAL.items()], valt, klass="kartval"),
        sidval("visa", "Visa förbrukad budget som", [{"label": v.etikett, "value": v.id} for v in VISNINGAR.values()],
               visa, klass="sidval kartval", falt_id="visa-som-falt",
               hjalp="Gäller när kartan färgas efter förbrukad extratjänstbudget.", av=valt != oversikt.VISA_SOM),
        diagramkort("karta", f"Kommunerna i {region}",
                    "Klicka på en kommun i kartan eller på dess knapp under kartan för att se bara den. "
                    f"Knappen Visa hela {region} tar bort valet.",
                    # Ett län eller hela landet är högre än brett (figures/karta.py väljer samma höjd).
                    graf_hojd=540 if len(region_()) <= 60 else 900),
        kommunknappar("kartknapp"),
    ])


def _kpi_per_kommun(search):
    params = filterparametrar(search)
    return params, queries.run("kpi_per_kommun", **params)


@callback(Output("kpi-rad", "children"), inputs=FILTER)
def nyckeltal(search, lagerversion):
    params, df = _kpi_per_kommun(search)
    rad, region_rad = df[df.niva == "urval"].iloc[0], df[df.niva == "region"].iloc[0]
    return [_kpi(n) for n in oversikt.nyckeltal(rad, region_rad, params["till"], regionnamn())]


@callback(output={**kort_utdata("karta"), "visa_av": Output("visa-som-falt", "disabled")},
          inputs={**FILTER, "valt": Input("karta-nyckeltal", "value")})
def karta(search, lagerversion, valt):
    params, df = _kpi_per_kommun(search)  # samma fråga som nyckeltalen: ur frågelagrets cache
    valt = valt if valt in oversikt.NYCKELTAL else "aktiva_per_1000"
    visa = visning(visa_som(search))
    if valt == oversikt.VISA_SOM and visa.namnare:
        df = med_namnare(df, params["fran"], params["till"], df.niva != "kommun")
    bedomningar = None
    if valt == oversikt.RESULTAT:
        # Resultatet jämförs mot förväntat, aldrig som högst och lägst (figures/resultat.py).
        per_kommun = queries.run("resultat_forvantat", horisont=90, enhet="kommun", **{**params, "kommuner": []})
        bedomningar = dict(zip(per_kommun.enhet, resultat.bedom(per_kommun).etikett, strict=True))
    return {**kort_svar(oversikt.karta(df, params, valt, regionnamn(), visa, bedomningar), params),
            # "Visa som" gäller förbrukad budget; de andra nyckeltalen är redan per invånare eller andelar.
            "visa_av": valt != oversikt.VISA_SOM}


registrera_korsfilter("karta-graf")
registrera_kommunknappar("kartknapp")
