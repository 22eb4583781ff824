"""Skalet runt alla sidor: sidhuvud, navigering, filter i URL:en, datadatum och liveuppdatering.

Filtrens läge bor i URL:ens frågesträng (?kommun=1440,1480&fran=2024-01&till=2025-12),
så att en kopierad länk återger vyn och webbläsarens bakåtknapp fungerar.
"""
from __future__ import annotations

import datetime as dt
from typing import cast

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, callback, ctx, dcc, html, no_update
from flask import get_flashed_messages

import queries
from behorighet import webb as behorighet
from dashboards.komponenter import (
    URL,
    anteckningsbok,
    aria,
    ettval,
    filterparametrar,
    flerval,
    installningar,
    region,
    regionnamn,
    standardperiod,
    urval,
)
from figures import format as fmt
from figures.datakvalitet import KALLOR, flaggas, for_gammal
from ingest.kommuner import las_region
from queries.skydd import Behorighetsfel, storningsnot

NAVIGERING = (
    ("/", "Översikt"),
    ("/extratjanster", "Extratjänster"),
    ("/jobbspar", "Jobbspår"),
    ("/projekt", "Projekt"),
    ("/resultat", "Resultat"),
    ("/kommun", "Kommunprofil"),
    ("/uppfoljning", "Uppföljning"),
    ("/datakvalitet", "Datakvalitet"),
    ("/inlamning", "Lämna in filer"),
)
FILTER = ("kommun", "fran", "till", "malgrupp", "kon")
# Sidor där bara några av filtren gäller: de andra visas inte där (adressen behåller dem till nästa sida).
FILTER_PA_SIDAN = {"/uppfoljning": ("kommun",), "/mina-utskick": (), "/tillganglighet": (), "/inlamning": (),
                   "/datakvalitet": ()}


def _manadsval() -> tuple[list[dict], str, str]:
    manader = [m.date() if hasattr(m, "date") else m for m in queries.referens("manader")["manad"]]
    idag = dt.date.today().replace(day=1)
    manader = [m for m in manader if m <= idag] or [idag]
    val = [{"label": fmt.manad(m.year, m.month), "value": f"{m:%Y-%m}"} for m in manader]
    fran, till = standardperiod()
    return val, f"{fran:%Y-%m}", f"{till:%Y-%m}"


def datadatum_rad() -> list:
    """Senast uppdaterad och varje källas datadatum; en källa äldre än gränsen flaggas med text."""
    df = queries.run("datadatum")
    info = dict(queries.run("lager_info").itertuples(index=False))
    grans = installningar().max_age_days
    delar = [html.Span([html.Strong("Senast uppdaterad: "), (info.get("byggt") or "–")[:16]], className="kalla")]
    for rad in df.to_dict("records"):
        if not flaggas(rad):
            continue
        namn = KALLOR.get(rad["kalla"], rad["kalla"])
        if fmt.datum(rad["senast_inlast"]) == "–":
            text = "ingen fil inläst"
        elif fmt.datum(rad["data_till"]) == "–":
            text = f"inläst {fmt.datum(rad['senast_inlast'])}"
        else:
            text = f"t.o.m. {fmt.datum(rad['data_till'])} (inläst {fmt.datum(rad['senast_inlast'])})"
        gammal = for_gammal(rad, grans)
        if gammal:
            text += f" ⚠ äldre än {grans} dagar"
        delar.append(html.Span([html.Strong(f"{namn}: "), text], className="kalla gammal" if gammal else "kalla"))
    return delar


def ar_demodata() -> bool:
    info = dict(queries.run("lager_info").itertuples(index=False))
    return info.get("demodata") == "ja"


def layout():
    atkomst = queries.atkomst()
    manader, fran, till = _manadsval()
    malgrupper = list(queries.run("malgrupper")["malgrupp"])
    return html.Div(id="rot", children=[
        html.A("Hoppa till innehållet", href="#huvudinnehall", className="hoppa-lank"),
        dcc.Store(id="lagerversion", data=queries.version()),
        dcc.Store(id="tema", storage_type="local"),
        # Standardperioden och regionens namn: det filterraden visar när URL:en inte anger något.
        dcc.Store(id="filter-standard", data={"fran": fran, "till": till, "region": regionnamn(),
                                              "sidor": {k: list(v) for k, v in FILTER_PA_SIDAN.items()}}),
        dcc.Interval(id="lagerkoll", interval=int(installningar().refresh_seconds * 1000)),
        html.Header([
            html.Div([
                html.Span("Samverkansmonitorn", className="appnamn"),
                html.Span(las_region(installningar().region).samverkan, className="undertitel"),
            ], className="varumarke"),
            html.Nav(html.Ul([
                # Sidor som rollen inte får se finns inte i menyn (och vägras på servern).
                html.Li(dcc.Link(text, href=sokvag, id=f"nav-{sokvag.strip('/') or 'oversikt'}"),
                        hidden=not atkomst.far_se(sokvag))
                for sokvag, text in NAVIGERING
            ]), **aria(label="Huvudmeny")),
            html.Div([
                html.Span(f"{atkomst.anvandare} ({ROLLNAMN.get(atkomst.roll, atkomst.roll)})", id="inloggad"),
                dcc.Link("Mina utskick", href="/mina-utskick", id="nav-mina-utskick"),
                # Utloggning är en POST med sessionens token: en länk någon annanstans kan inte logga ut någon.
                html.Form([
                    dcc.Input(type="hidden", name="token", value=behorighet.formulartoken()),
                    html.Button("Logga ut", type="submit", className="btn btn-sm btn-outline-dark"),
                ], method="POST", action="/logga-ut", className="utloggning"),
            ], className="anvandare") if atkomst.anvandare else None,
            html.Button("Hög kontrast", id="kontrastknapp", className="btn kontrastknapp", **aria(pressed="false")),
        ], className="sidhuvud"),
        html.Div(
            [html.Strong("Fiktiva demodata. "),
             "Alla personer, belopp och resultat är påhittade för att visa verktyget."],
            className="demobanner", role="note", hidden=not ar_demodata(), id="demobanner",
        ),
        # På en telefon är filtren fällda bakom en knapp som visar valet ("Ale · jan 2025–okt 2026"),
        # så att sidans rubrik och första diagram syns på första skärmen. På en större skärm syns filtren.
        html.Button("Filter", id="filter-knapp", className="btn filterknapp", type="button",
                    **aria(expanded="false", controls="filterrad")),
        html.Section(id="filterrad", children=[
            html.H2("Filter", className="visually-hidden"),
            *_filterfalt(manader, fran, till, malgrupper),
            html.Button(f"Visa hela {regionnamn()}", id="visa-hela-gr", className="btn btn-outline-dark btn-sm"),
            html.Div([
                html.Span("Mötespaket:", className="knapprubrik", id="motespaket-rubrik"),
                html.Button("PowerPoint", id="motespaket-pptx", className="btn btn-outline-primary btn-sm"),
                html.Button("PDF", id="motespaket-pdf", className="btn btn-outline-primary btn-sm"),
                dcc.Download(id="motespaket-fil"),
            ], className="motespaket", role="group", **aria(labelledby="motespaket-rubrik")),
        ], className="filterrad", **aria(label="Filter")),
        # Notiser om adressen (okänd kommun, ogiltig månad): sidan visas ändå, med standardvärdet.
        html.Div(id="url-notis", className="url-notis", role="status"),
        # Svar på ett postat formulär (en sparad anteckning, eller varför den inte sparades).
        html.Div([html.P(str(text), className=f"meddelande-{typ}")
                  for typ, text in cast(list[tuple[str, str]], get_flashed_messages(with_categories=True))],
                 id="meddelanden", className="meddelanden", role="status"),
        html.Main(dash.page_container, id="huvudinnehall", tabIndex="-1"),
        html.Footer([
            html.Div(datadatum_rad(), id="datadatum", className="datadatum", **aria(live="polite")),
            html.Div([_skyddstext(atkomst), " ",
                      dcc.Link("Tillgänglighetsredogörelse", href="/tillganglighet")], className="diskret"),
        ], className="sidfot"),
    ])


def _filterfalt(manader: list[dict], fran: str, till: str, malgrupper: list[str]) -> list:
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
    for namn, komponent in zip(FILTER, falt, strict=True):
        komponent.id = f"filterfalt-{namn}"  # type: ignore[attr-defined]  # Dash-komponenter tar id som egenskap
    return falt


ROLLNAMN = {"styrgrupp": "styrgrupp", "chef": "AME-chef", "projektor": "projektor", "forvaltare": "dataförvaltare"}


def _skyddstext(atkomst) -> str:
    if atkomst.troskel:
        return (f"{storningsnot(atkomst.troskel)} <{atkomst.troskel} är ett dolt antal, och .. ett värde som dolts "
                "för att ett annat inte ska kunna räknas fram.")
    return ("Styrgruppens vy: sanna antal, också små. Projektorläget och mötespaketet slumpjusterar och döljer dem "
            "alltid; dela inte skärmbilder härifrån.")


# Filterrad <-> URL i webbläsaren (assets/filter.js): ingen serverrunda, och korten läser bara URL:en.
dash.clientside_callback(
    ClientsideFunction("samverkan", "synka"),
    Output(URL, "search"), *[Output(f"f-{n}", "value") for n in FILTER],
    Input(URL, "search"), Input("visa-hela-gr", "n_clicks"), *[Input(f"f-{n}", "value") for n in FILTER],
    State("filter-standard", "data"),
)
dash.clientside_callback(
    ClientsideFunction("samverkan", "sidval"),
    Output(URL, "search", allow_duplicate=True), Output({"sidval": ALL, "standard": ALL}, "value"),
    Input(URL, "search"), Input({"sidval": ALL, "standard": ALL}, "value"),
    State({"sidval": ALL, "standard": ALL}, "id"),
    prevent_initial_call="initial_duplicate",
)
dash.clientside_callback(
    ClientsideFunction("samverkan", "menylankar"),
    *[Output(f"nav-{sokvag.strip('/') or 'oversikt'}", "href") for sokvag, _ in NAVIGERING],
    Input(URL, "search"),
    *[State(f"nav-{sokvag.strip('/') or 'oversikt'}", "href") for sokvag, _ in NAVIGERING],
)
dash.clientside_callback(
    ClientsideFunction("samverkan", "kommuntext"),
    Output("f-kommun-sammanfattning", "children"),
    Input("f-kommun", "value"), State("f-kommun", "options"), State("filter-standard", "data"),
)
dash.clientside_callback(
    ClientsideFunction("samverkan", "malgrupptext"),
    Output("f-malgrupp-sammanfattning", "children"), Input("f-malgrupp", "value"),
)


@callback(Output("url-notis", "children"), Input(URL, "search"))
def notis_om_adressen(search):
    """Det som inte gick att använda i adressen, sagt en gång, kort, på svenska."""
    notiser = urval(search).notiser
    return [html.P(n) for n in notiser] if notiser else None


@callback(
    Output("lagerversion", "data"),
    Output("datadatum", "children"),
    Input("lagerkoll", "n_intervals"),
    State("lagerversion", "data"),
    prevent_initial_call=True,
)
def kolla_nytt_lager(_n, kand_version):
    """Ett nytt lager från ingest visas utan omladdning och utan att filtren tappas."""
    version = queries.version()
    if version == kand_version:
        return no_update, no_update
    return version, datadatum_rad()


dash.clientside_callback(
    ClientsideFunction("samverkan", "filtersynlighet"),
    *[Output(f"filterfalt-{n}", "hidden") for n in FILTER], Output("visa-hela-gr", "hidden"),
    Output("filter-knapp", "hidden"),
    Input(URL, "pathname"), State("filter-standard", "data"),
)
dash.clientside_callback(
    ClientsideFunction("samverkan", "filterknapp"),
    Output("filter-knapp", "children"), Output("filter-knapp", "aria-expanded"), Output("filterrad", "className"),
    Input("filter-knapp", "n_clicks"), Input("f-kommun", "value"), Input("f-fran", "value"), Input("f-till", "value"),
    State("f-kommun", "options"), State("f-fran", "options"), State("filter-standard", "data"),
)


# Temat byts i webbläsaren (ingen server behövs) och sparas mellan besök.
dash.clientside_callback(
    """
    function(n, sparat) {
        const hog = n ? !(sparat === "hog") : sparat === "hog";
        const tema = hog ? "hog" : "normal";
        document.documentElement.classList.toggle("hog-kontrast", hog);
        return [tema, hog ? "tema-hog-kontrast" : "", hog ? "true" : "false"];
    }
    """,
    Output("tema", "data"), Output("rot", "className"), Output("kontrastknapp", "aria-pressed"),
    Input("kontrastknapp", "n_clicks"), State("tema", "data"),
)


@callback(
    Output("motespaket-fil", "data"),
    Input("motespaket-pptx", "n_clicks"), Input("motespaket-pdf", "n_clicks"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def ladda_ner_motespaket(_pptx, _pdf, search):
    """Det aktuella urvalet som PowerPoint eller PDF, för samrådets protokoll."""
    from behorighet.webb import granska
    from export import motespaket

    bilder, meta = motespaket.bygg(filterparametrar(search, offentlig=True), anteckningsbok().lista())
    namn = f"motespaket_{dt.date.today():%Y-%m-%d}"
    granska("nedladdning", fil=f"{namn}.{'pdf' if ctx.triggered_id == 'motespaket-pdf' else 'pptx'}")
    if ctx.triggered_id == "motespaket-pdf":
        return dcc.send_bytes(motespaket.som_pdf(bilder, meta), f"{namn}.pdf")
    return dcc.send_bytes(motespaket.som_pptx(bilder, meta), f"{namn}.pptx")


def installera_sidvaljaren(app) -> None:
    """Sidväljaren: sidans layout byggs när sökvägen byts, inte när bara frågesträngen (filtret) ändras.

    Dash pages egen väljare bygger om hela sidan vid varje ny frågesträng, och då körs varje kort
    två gånger per filterklick (en gång för den nya sidan, en gång för filtret). Den här väljaren
    lyssnar bara på sökvägen; sidan får frågesträngen som layout(**frågor), som i Dash pages, och
    korten läser filtret ur URL:en (komponenter.FILTER). Dash pages register och dcc.Link används som vanligt.
    """
    from dashboards import dash_adapter

    # Dash pages väljare registreras vid första anropet om den inte redan är det: säg att den är det.
    dash_adapter.stang_av_dash_egen_sidvaljare(app)

    @app.callback(
        Output("_pages_content", "children"), Output("_pages_store", "data"),
        Input(URL, "pathname"), State(URL, "search"),
        prevent_initial_call=True,
    )
    def sida(sokvag, search):
        sidan = dash_adapter.sida_for(app.strip_relative_path(sokvag or "/") or "/")
        if not sidan:
            return html.Div([html.H1("Sidan finns inte"),
                             html.P(["Adressen leder ingenstans. ", dcc.Link("Till översikten", href="/")])],
                            className="saknas"), {"title": "Sidan finns inte – Samverkansmonitorn"}
        layout = sidan["layout"]
        if callable(layout):
            fragor = {k: v for k, v in dash_adapter.fragor(search).items() if k.isidentifier()}
            try:
                layout = layout(**fragor)
            except TypeError:
                layout = layout()  # okända fält i adressen: sidan som den ser ut utan dem
        return layout, {"title": sidan["title"]}

    app.clientside_callback(
        "function(data) { if (data && data.title) { document.title = data.title; } "
        "return window.dash_clientside.no_update; }",
        Output("_pages_dummy", "children"), Input("_pages_store", "data"),
    )


def fel_pa_kortet(fel: Exception) -> None:
    """Ett fel i ett korts callback visas på kortet, på svenska, i stället för att kortet tyst står kvar.

    En fråga som tog för lång tid (queries.Fragetidsfel) säger det; annat är ett oväntat fel som loggas."""
    import logging

    from dash import set_props

    if isinstance(fel, queries.Fragetidsfel):
        meddelande = str(fel)
    elif isinstance(fel, Behorighetsfel):
        # Ett urval eller en fråga som rollen inte får (t.ex. en egenbyggd callback): sagt på kortet och loggat.
        behorighet.granska("vagrad_callback", vad=str(fel)[:200])
        meddelande = str(fel) if isinstance(fel, queries.Urvalsfel) else "Din roll får inte se det här."
    else:
        logging.getLogger("samverkansmonitorn").exception("ett kort kunde inte ritas", exc_info=fel)
        meddelande = "Kortet kunde inte ritas just nu. Försök igen; händer det igen, kontakta förvaltningen."
    utdata = ctx.outputs_list if isinstance(ctx.outputs_list, list) else [ctx.outputs_list]
    for ut in (u for grupp in utdata for u in (grupp if isinstance(grupp, list) else [grupp])):
        komponent = ut.get("id") if isinstance(ut, dict) else None
        if isinstance(komponent, str) and komponent.endswith("-sammanfattning"):
            set_props(komponent, {"children": html.Strong(meddelande, className="kortfel", role="alert")})
            return
    set_props("url-notis", {"children": html.P(meddelande, role="alert")})
