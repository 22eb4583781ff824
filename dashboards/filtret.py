"""Filtret: adressen (URL:en) som filtrets och sidvalens enda läge, filterraden och sidornas egna val.

Korten läser adressen (FILTER) och tolkar den med urlfilter.tolka, en gång per ändring. Filterraden och sidvalen
skrivs till adressen i webbläsaren (assets/filter.js) utan serverrunda, efter fältlistan som servern lämnar i
filter-standard (urlfilter.for_webblasaren). Ett filtervärdes väg:

    klick i filterraden (f-kommun) -> filter.js synka -> ?kommun=1440 i adressen
    -> varje korts callback (Input _pages_location.search) -> urval() -> urlfilter.tolka (prövat, fast urval för
       skyddade roller) -> queries.run(..., kommuner=["1440"]) -> figures/ -> kortet
"""
from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, clientside_callback, html

import queries
from dashboards import urlfilter
from dashboards.appen import region, regionnamn, standardperiod
from dashboards.aria import aria
from figures import format as fmt

# Korten läser filtret ur URL:en, en gång per ändring: URL:en är filtrets enda läge.
URL = "_pages_location"
# Med namn, för callbacks med namngivna in- och utdata: kort(search, lagerversion).
FILTER = {"search": Input(URL, "search"), "lagerversion": Input("lagerversion", "data")}

# Sidor där bara några av filtren gäller: de andra visas inte där (adressen behåller dem till nästa sida).
FILTER_PA_SIDAN = {"/uppfoljning": ("kommun",), "/mina-utskick": (), "/tillganglighet": (), "/inlamning": (),
                   "/datakvalitet": ()}


def filtrets_ar(till: str | None) -> str:
    """Året som adressens till=2026-10 ligger i, annars standardperiodens: anteckningsformulärets förval."""
    text = (till or "")[:4]
    return text if text.isdigit() else str(standardperiod()[1].year)


def urval(search: str | None, *, offentlig: bool = False) -> urlfilter.Urval:
    """Filtret ur adressen; för roller med skyddade antal (och det som visas för andra, offentlig) rättat till
    ett fast urval (queries/fasta_urval.py) med en notis om vad som ändrades."""
    atk = queries.offentlig_atkomst() if offentlig else queries.atkomst()
    return urlfilter.tolka(search, region(), regionnamn(), standardperiod(),
                          fast=atk.troskel > 0, hemkommun=atk.hemkommun)


def filterparametrar(search: str | None, *_lagerversion, offentlig: bool = False) -> dict:
    """Filtrets värden ur URL:en som namngivna parametrar till queries.run(); offentlig: för projektorn och
    mötespaketet, som visar skyddade antal oavsett roll."""
    return urval(search, offentlig=offentlig).parametrar()


def sidval(namn: str, rubrik: str, alternativ: list[dict], varde: str | None, klass: str = "sidval",
           falt_id: str | None = None, hjalp: str | None = None, av: bool = False) -> html.Fieldset:
    """En sidas eget val som adressen behåller (?visa=per_invanare): radioknappar i en fieldset.
    varde: adressens värde (layout(**frågor)); assets/filter.js (sidval) skriver sedan valet till adressen
    och adressen till valet, och korten läser adressen. Standardvärdet är fältets i adressens modell."""
    standard = urlfilter.FALTEN[namn].standard
    giltigt = varde if any(a["value"] == varde for a in alternativ) else standard
    # falt_id: en sida som stänger av valet (fieldset disabled) gör det med ett eget id; valets id delas av
    # sidorna och får inga utdata från en enskild sidas callbacks.
    falt = html.Fieldset([
        html.Legend(rubrik),
        dbc.RadioItems(id={"sidval": namn, "standard": standard}, options=alternativ, value=giltigt, inline=True,
                       class_name="sidval-knappar"),
        html.Small(hjalp, className="hjalptext d-block") if hjalp else None,
    ], className=klass, disabled=av)
    if falt_id:
        falt.id = falt_id  # type: ignore[attr-defined]  # Dash-komponenter tar id som egenskap
    return falt


def kommunknappar(id_typ: str) -> html.Div | html.Details:
    """Kommunerna som knappar: kartans klickval för den som använder tangentbord eller skärmläsare.
    En stor region (ett län, hela landet) får knapparna fällda, så att de inte fyller sidan."""
    kommuner = sorted(region().items(), key=lambda k: k[1])
    grupp = html.Div([
        html.Span("Välj kommun: ", className="knapprubrik", id=f"{id_typ}-rubrik"),
        *[html.Button(namn, id={"typ": id_typ, "kod": kod}, className="btn btn-sm kommunknapp")
          for kod, namn in kommuner],
    ], className="kommunknappar", role="group", **aria(labelledby=f"{id_typ}-rubrik"))
    if len(kommuner) <= 30:
        return grupp
    return html.Details([html.Summary(f"Välj kommun med knappar ({len(kommuner)} kommuner)"), grupp],
                        className="kommunknappar-fallda")


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


def manadsval() -> tuple[list[dict], str, str]:
    manader = [m.date() if hasattr(m, "date") else m for m in queries.referens("manader")["manad"]]
    idag = dt.date.today().replace(day=1)
    manader = [m for m in manader if m <= idag] or [idag]
    val = [{"label": fmt.manad(m.year, m.month), "value": f"{m:%Y-%m}"} for m in manader]
    fran, till = standardperiod()
    return val, f"{fran:%Y-%m}", f"{till:%Y-%m}"


def filterfalt(manader: list[dict], fran: str, till: str, malgrupper: list[str]) -> list:
    """Filtrets fält, vart och ett med id filterfalt-<namn> så att en sida där det inte gäller kan dölja det."""
    falt = [
        flerval("f-kommun", "Kommun", f"Hela {regionnamn()}",
                [{"label": namn, "value": kod} for kod, namn in sorted(region().items(), key=lambda k: k[1])]),
        ettval("f-fran", "Från", manader, fran),
        ettval("f-till", "Till", manader, till),
        flerval("f-malgrupp", "Målgrupp", "Alla", [{"label": m, "value": m} for m in malgrupper]),
        # "alla", inte "": dbc.Select använder tomt värde för sin egen platshållare.
        ettval("f-kon", "Kön", [{"label": "Alla", "value": "alla"}, {"label": "Kvinna", "value": "Kvinna"},
                                {"label": "Man", "value": "Man"}], "alla"),
    ]
    for namn, komponent in zip((f.namn for f in urlfilter.FILTERFALT), falt, strict=True):
        komponent.id = f"filterfalt-{namn}"  # type: ignore[attr-defined]  # Dash-komponenter tar id som egenskap
    return falt


def filter_standard(fran: str, till: str) -> dict:
    """Det webbläsaren behöver för att skriva filtret till adressen: fälten (urlfilter.FALT), standardperioden,
    regionens namn och vilka filter som gäller på vilken sida."""
    return {"falt": urlfilter.for_webblasaren(), "fran": fran, "till": till, "region": regionnamn(),
            "sidor": {k: list(v) for k, v in FILTER_PA_SIDAN.items()}}


def registrera_korsfilter(*graf_idn: str) -> None:
    """Korsfilter: klick på en kommun i ett diagram väljer den i kommunfiltret (klick igen tar bort den).

    Diagrammen bär kommunkoden i customdata; diagram utan kod ignoreras. Sköts i webbläsaren
    (assets/filter.js): filtret skriver URL:en, och korten läser den en gång."""
    clientside_callback(
        ClientsideFunction("samverkan", "vaxla_kommun"),
        Output("f-kommun", "value", allow_duplicate=True),
        *[Input(g, "clickData") for g in graf_idn],
        State("f-kommun", "value"),
        prevent_initial_call=True,
    )


def registrera_kommunknappar(id_typ: str) -> None:
    """Knapparna väljer och avväljer kommunen precis som ett klick i kartan."""
    clientside_callback(
        ClientsideFunction("samverkan", "vaxla_kommun"),
        Output("f-kommun", "value", allow_duplicate=True),
        Input({"typ": id_typ, "kod": ALL}, "n_clicks"),
        State("f-kommun", "value"),
        prevent_initial_call=True,
    )


def registrera(app) -> None:
    """Filterradens och sidvalens callbacks på appen: adressen och filterraden i webbläsaren, och notisen om det i
    adressen som inte gick att använda."""
    namn = [f.namn for f in urlfilter.FILTERFALT]
    # Filterrad <-> URL i webbläsaren (assets/filter.js): ingen serverrunda, och korten läser bara URL:en.
    app.clientside_callback(
        ClientsideFunction("samverkan", "synka"),
        Output(URL, "search"), *[Output(f"f-{n}", "value") for n in namn],
        Input(URL, "search"), Input("visa-hela-gr", "n_clicks"), *[Input(f"f-{n}", "value") for n in namn],
        State("filter-standard", "data"),
    )
    app.clientside_callback(
        ClientsideFunction("samverkan", "sidval"),
        Output(URL, "search", allow_duplicate=True), Output({"sidval": ALL, "standard": ALL}, "value"),
        Input(URL, "search"), Input({"sidval": ALL, "standard": ALL}, "value"),
        State({"sidval": ALL, "standard": ALL}, "id"),
        prevent_initial_call="initial_duplicate",
    )
    app.clientside_callback(
        ClientsideFunction("samverkan", "kommuntext"),
        Output("f-kommun-sammanfattning", "children"),
        Input("f-kommun", "value"), State("f-kommun", "options"), State("filter-standard", "data"),
    )
    app.clientside_callback(
        ClientsideFunction("samverkan", "malgrupptext"),
        Output("f-malgrupp-sammanfattning", "children"), Input("f-malgrupp", "value"),
    )
    app.clientside_callback(
        ClientsideFunction("samverkan", "filtersynlighet"),
        *[Output(f"filterfalt-{n}", "hidden") for n in namn], Output("visa-hela-gr", "hidden"),
        Output("filter-knapp", "hidden"),
        Input(URL, "pathname"), State("filter-standard", "data"),
    )
    app.clientside_callback(
        ClientsideFunction("samverkan", "filterknapp"),
        Output("filter-knapp", "children"), Output("filter-knapp", "aria-expanded"), Output("filterrad", "className"),
        Input("filter-knapp", "n_clicks"), Input("f-kommun", "value"), Input("f-fran", "value"),
        Input("f-till", "value"), State("f-kommun", "options"), State("f-fran", "options"),
        State("filter-standard", "data"),
    )

    @app.callback(Output("url-notis", "children"), Input(URL, "search"))
    def notis_om_adressen(search):
        """Det som inte gick att använda i adressen, sagt en gång, kort, på svenska."""
        notiser = urval(search).notiser
        return [html.P(n) for n in notiser] if notiser else None
