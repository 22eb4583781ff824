"""Resultat mot förväntat: varje kommuns andel i arbete eller studier 90 dagar efter, mot den andel som väntas för
de deltagare kommunen har (ärende #23), i en trattgraf med tabell."""
from __future__ import annotations

import dash
from dash import callback, html

import queries
from dashboards import urlfilter
from dashboards.appen import region as region_
from dashboards.appen import regionnamn
from dashboards.filtret import FILTER, filterparametrar, sidval
from dashboards.kortvy import diagramkort, kort_svar, kort_utdata
from figures import resultat as kort
from figures.resultat import ENHETER, HORISONTER, MINST

dash.register_page(__name__, path="/resultat", name="Resultat mot förväntat",
                   title="Resultat mot förväntat – Samverkansmonitorn", order=3)


def _horisonter() -> list[int]:
    """90 dagar alltid; 6 och 12 månader när filerna har de frivilliga kolumnerna."""
    return [int(d) for d in queries.referens("horisonter")["dagar"]]


def layout(horisont: str | None = None, enhet: str | None = None, **_fragor) -> html.Div:
    """?horisont=365: läget 12 månader efter avslut i stället för 90 dagar (när filerna har det);
    ?enhet=jobbspar eller projekt: jämför jobbspåren eller projekten i stället för kommunerna."""
    region = regionnamn()
    horisonter = _horisonter()
    return html.Div([
        html.H1("Resultat mot förväntat"),
        html.P("Finns det skillnad mellan kommunerna som gör att resultaten skiljer sig åt? En rå andel säger lite: "
               "en kommun som tar emot dem som står längst från arbetsmarknaden ser sämst ut även när den gör mest "
               "för dem, och en liten kommun hoppar från först till sist av en slump.", className="ingress"),
        html.Details([
            html.Summary("Vad betyder förväntat?"),
            html.P(f"Förväntat är den andel i arbete eller studier 90 dagar efter avslut som {region} som helhet "
                   "når för personer som liknar kommunens egna deltagare: samma målgrupp, åldersgrupp, kön, "
                   "ekonomiskt bistånd och insats (indirekt standardisering, som Skolverkets SALSA och Öppna "
                   "jämförelser). Bättre eller sämre än förväntat betyder att resultatet ligger utanför vad "
                   "slumpen ger för så många uppföljda (95 procent); som förväntat att skillnaden ryms i slumpen. "
                   f"Under {MINST} uppföljda sägs ingen bedömning."),
            html.P("Det som inte räknas in: den lokala arbetsmarknaden, pendlingsmöjligheter, och allt om "
                   "deltagarna som inte står i exportfilerna (utbildning, hälsa, språk). En skillnad är en fråga "
                   "att ställa i samrådet, inte ett betyg."),
        ], className="forklaring"),
        sidval("enhet", "Jämför", [{"label": plural.capitalize(), "value": k} for k, (_, plural) in ENHETER.items()],
               enhet),
        sidval("horisont", "Läget efter avslut", [{"label": HORISONTER[d], "value": str(d)} for d in horisonter],
               horisont, hjalp=None if len(horisonter) > 1 else
               "Uppföljning 6 och 12 månader efter visas när deltagarfilerna har de kolumnerna."),
        diagramkort("resultat-tratt", "Mot förväntat",
                    "En punkt per kommun (eller jobbspår, projekt): hur många procentenheter över eller under "
                    "förväntat, mot antalet uppföljda. Inom trattens linjer är skillnaden inom slumpens ram."),
        diagramkort("resultat-kedjor", "Kedjor av insatser",
                    "Varje persons insatser som började under perioden, i ordning, och läget 90 dagar efter den sista: "
                    "fungerar en kedja av kommunala och statliga insatser bättre än var och en för sig?"),
    ])


@callback(output=kort_utdata("resultat-tratt"), inputs=FILTER)
def tratt(search, lagerversion):
    params = filterparametrar(search)
    horisont = int(urlfilter.sidval(search, "horisont"))
    if horisont not in _horisonter():
        horisont = 90  # adressen bad om en horisont som filerna inte har
    enhet = urlfilter.sidval(search, "enhet")
    df = queries.run("resultat_forvantat", horisont=horisont, enhet=enhet, **params)
    return kort_svar(kort.tratt(df, params["kommuner"], regionnamn(), horisont, enhet), params)


@callback(output=kort_utdata("resultat-kedjor"), inputs=FILTER)
def kedjor(search, lagerversion):
    params = filterparametrar(search)
    region = region_()
    urval = region[params["kommuner"][0]] if params["kommuner"] else f"hela {regionnamn()}"
    return kort_svar(kort.kedjor(queries.run("insatskedjor", **params), urval), params)
