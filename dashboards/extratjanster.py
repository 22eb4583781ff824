"""Extratjänster: AF:s tilldelning mot förbrukat och besatta platser, prognos och lokala avvikelser.

En callback per kort; korten byggs av figures/extratjanster.py, samma funktioner som mötespaketet använder.
"""
from __future__ import annotations

import datetime as dt

import dash
from dash import Output, callback, dcc, html

import queries
from config import AF_MATT
from dashboards import urlfilter
from dashboards.anteckningsformular import anteckningsformular
from dashboards.appen import anteckningsbok, installningar, regionnamn
from dashboards.aria import aria
from dashboards.filtret import FILTER, filterparametrar, filtrets_ar, registrera_korsfilter, sidval
from dashboards.kortvy import diagramkort, kort_svar, kort_utdata
from dashboards.visa_som import med_namnare, visa_som
from figures import extratjanster as kort
from figures import format as fmt
from figures import samrad
from figures import varfor as varfor_kort
from figures.visning import VISNINGAR, visning

GRANS = urlfilter.FALTEN["avvikelsegrans"]

dash.register_page(__name__, path="/extratjanster", name="Extratjänster",
                   title="Extratjänster – Samverkansmonitorn", order=1)


def layout(avvikelsegrans: str | None = None, troskel: str | None = None, kommun: str | None = None,
           till: str | None = None, visa: str | None = None, **_fragor) -> html.Div:
    """?avvikelsegrans=15 sätter gränsen för en lokal avvikelse (troskel: samma sak i äldre länkar); annars 10
    procentenheter. kommun och till ger anteckningsformulärets förval (den första valda kommunen, filtrets år)."""
    region = regionnamn()
    formular = anteckningsformular("extratjanster", (kommun or "").split(",")[0] or queries.atkomst().hemkommun,
                                   filtrets_ar(till), "/extratjanster")
    return html.Div([
        html.H1("Extratjänster"),
        html.P("Arbetsförmedlingens tilldelning mot vad som förbrukats och hur många platser som är besatta, "
               "per kommun. Året är det år som filtrets slutmånad ligger i.", className="ingress"),
        visa_som_val(visa),
        diagramkort("budget-kommun", "Tilldelat och förbrukat hittills i år per kommun",
                    "Klicka på en kommuns stapel för att visa bara den."),
        diagramkort("budget-trend", "Tilldelat och förbrukat per månad"),
        diagramkort("prognos", "Prognos för helåret", "Förbrukat hittills per månad med utfall, gånger tolv, "
                    "jämfört med årets tilldelning."),
        html.Section([
            html.H2("Lokala avvikelser", id="avvikelse-rubrik"),
            html.P(f"Har AF minskat eller ökat tilldelningen mer i någon kommun än i {region} som helhet? "
                   f"Varje kommuns förändring mot samma månader året innan, jämförd med {region}:s förändring.",
                   className="hjalptext"),
            # Ett sidval som de andra: adressen behåller gränsen (?avvikelsegrans=15) och korten läser den där.
            html.Label([
                f"Flagga när skillnaden mot {region} är större än (procentenheter)",
                dcc.Input(id={"sidval": "avvikelsegrans", "standard": GRANS.standard}, type="number",
                          min=GRANS.minst, max=GRANS.hogst, step=1, debounce=True, className="form-control",
                          value=int(GRANS.prova(avvikelsegrans or troskel or "") or GRANS.standard)),
            ], className="avvikelsegrans"),
        ], className="kort-inledning", **aria(labelledby="avvikelse-rubrik")),
        diagramkort("avvikelse", f"Förändring av tilldelningen jämfört med {region}"),
        html.Section([
            html.H2("Varför?", id="varfor-rubrik"),
            html.P(f"För varje kommun som avviker: pekar AF:s statistik åt samma håll? Målgruppen räknas när den "
                   f"förändrats åt samma håll som avvikelsen och minst hälften så mycket mer än i {region}; "
                   f"utnyttjandet förra året räknas vid en nedskärning när kommunen använde minst 10 "
                   f"procentenheter mindre av tilldelningen än {region}.", className="hjalptext"),
            html.Ul(id="varfor-lista", className="varfor-lista", **aria(live="polite")),
            html.P("Samrådets förklaringar, beslut och uppföljningar för en kommun och period visas på raden, i "
                   "tabellen över avvikelser (★ i diagrammet) och på kommunprofilen.", className="hjalptext"),
            formular,
        ], className="kort-inledning", **aria(labelledby="varfor-rubrik")),
        diagramkort("varfor", "Tilldelningens förändring mot målgruppens",
                    f"En punkt per kommun; krysset är {region}. Kommuner som avviker är markerade och namngivna."),
    ])


def visa_som_val(visa: str | None):
    """"Visa som" för tilldelat, förbrukat och prognos; adressen behåller valet (?visa=per_invanare)."""
    return sidval("visa", "Visa som", [{"label": v.etikett, "value": v.id} for v in VISNINGAR.values()], visa)


def _budget(search: str | None):
    """Budget per kommun och "Visa som" ur adressen; med nämnarna (SCB, AF) när valet delar kronorna."""
    params = filterparametrar(search)
    visa = visning(visa_som(search))
    df = queries.run("budget_per_kommun", ar=params["till"].year, till_manad=params["till"].month,
                     kommuner=params["kommuner"])
    if visa.namnare:
        df = med_namnare(df, dt.date(params["till"].year, 1, 1), params["till"], df.niva == "region")
    return params, visa, df


@callback(output=kort_utdata("budget-kommun"), inputs=FILTER)
def per_kommun(search, lagerversion):
    params, visa, df = _budget(search)
    return kort_svar(kort.per_kommun(df, params["till"].year, params["till"].month, regionnamn(), visa), params)


@callback(output=kort_utdata("prognos"), inputs=FILTER)
def prognos(search, lagerversion):
    params, visa, df = _budget(search)  # samma frågor som kortet ovan: svaren kommer ur frågelagrets cache
    return kort_svar(kort.prognos(df, params["till"].year, regionnamn(), visa), params)


@callback(output=kort_utdata("budget-trend"), inputs=FILTER)
def trend(search, lagerversion):
    params = filterparametrar(search)
    df = queries.run("budget_trend", fran=params["fran"], till=params["till"], kommuner=params["kommuner"])
    return kort_svar(kort.trend(df), params)


def _avvikelsegrans(search: str | None) -> float:
    """Gränsen för en lokal avvikelse ur adressen, som andel (0,1 = 10 procentenheter)."""
    return int(urlfilter.sidval(search, "avvikelsegrans")) / 100


@callback(output=kort_utdata("avvikelse"), inputs=FILTER)
def avvikelser(search, lagerversion):
    params = filterparametrar(search)
    andel = _avvikelsegrans(search)
    df = queries.run("budget_avvikelse", ar=params["till"].year, avvikelsegrans=andel)
    return kort_svar(kort.avvikelser(df, andel, regionnamn(), _samrad(params["till"].year), _uppfoljningar()),
                     params)


def _samrad(ar: int) -> dict[str, str]:
    """Samrådets senaste förklaring (eller beslut) per kommun för året: kopplad till siffrorna när de läses."""
    return samrad.forklaringar_per_kommun(anteckningsbok().lista(period_borjar=str(ar)), ar)


def _uppfoljningar() -> dict[str, str]:
    """Samrådets öppna uppföljningar per kommun, oavsett period: det som ännu ska göras."""
    return samrad.uppfoljningar_per_kommun(anteckningsbok().oppna_uppfoljningar())


@callback(output={**kort_utdata("varfor"), "lista": Output("varfor-lista", "children")},
          inputs=FILTER)
def varfor(search, lagerversion):
    params = filterparametrar(search)
    andel = _avvikelsegrans(search)
    malgrupp = installningar().malgrupp_afkod
    df = queries.run("budget_varfor", ar=params["till"].year, malgrupp_kod=malgrupp)
    kortet, forklaringar = varfor_kort.kort(df, andel, regionnamn(), AF_MATT.get(malgrupp, f"AF-mått {malgrupp}"),
                                            _samrad(params["till"].year), _uppfoljningar())
    lista = [html.Li([html.Strong(t) if fet else t for t, fet in f.delar]) for f in forklaringar] or [
        html.Li(f"Ingen kommun avviker mer än {fmt.tal(andel * 100)} procentenheter från {regionnamn()}.")]
    return {**kort_svar(kortet, params), "lista": lista}


registrera_korsfilter("budget-kommun-graf", "avvikelse-graf", "varfor-graf")
