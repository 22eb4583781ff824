"""Skalet runt alla sidor: sidhuvud, navigering, filterraden, notiser, datadatum och liveuppdatering.

Filtrens läge bor i URL:ens frågesträng (?kommun=1440,1480&fran=2024-01&till=2025-12), så att en kopierad länk
återger vyn och webbläsarens bakåtknapp fungerar (dashboards/filtret.py, dashboards/urlfilter.py).
"""
from __future__ import annotations

from typing import cast

import dash
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update
from flask import get_flashed_messages

import queries
from behorighet import webb as behorighet
from dashboards import filtret, nedladdning
from dashboards.appen import installningar, regionnamn
from dashboards.aria import aria
from dashboards.filtret import URL, filter_standard, filterfalt, manadsval
from figures import format as fmt
from figures.datakvalitet import KALLOR, flaggas, for_gammal
from ingest.kommuner import las_region
from queries.skydd import storningsnot

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
    manader, fran, till = manadsval()
    malgrupper = list(queries.run("malgrupper")["malgrupp"])
    return html.Div(id="rot", children=[
        html.A("Hoppa till innehållet", href="#huvudinnehall", className="hoppa-lank"),
        dcc.Store(id="lagerversion", data=queries.version()),
        dcc.Store(id="tema", storage_type="local"),
        # Standardperioden och regionens namn: det filterraden visar när URL:en inte anger något.
        dcc.Store(id="filter-standard", data=filter_standard(fran, till)),
        dcc.Interval(id="lagerkoll", interval=int(installningar().refresh_seconds * 1000)),
        html.Header([
            html.Div([
                html.Span("Samverkansmonitorn", className="appnamn"),
                html.Span(las_region(installningar().region).samverkan, className="undertitel"),
            ], className="varumarke"),
            html.Nav(html.Ul([
                # Sidor som rollen inte får se finns inte i menyn (och vägras på servern).
                html.Li(dcc.Link(text, href=sokvag, id=_nav_id(sokvag)),
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
            *filterfalt(manader, fran, till, malgrupper),
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


ROLLNAMN = {"styrgrupp": "styrgrupp", "chef": "AME-chef", "projektor": "projektor", "forvaltare": "dataförvaltare"}


def _skyddstext(atkomst) -> str:
    if atkomst.troskel:
        return (f"{storningsnot(atkomst.troskel)} <{atkomst.troskel} är ett dolt antal, och .. ett värde som dolts "
                "för att ett annat inte ska kunna räknas fram.")
    return ("Styrgruppens vy: sanna antal, också små. Projektorläget och mötespaketet slumpjusterar och döljer dem "
            "alltid; dela inte skärmbilder härifrån.")


def _nav_id(sokvag: str) -> str:
    return f"nav-{sokvag.strip('/') or 'oversikt'}"


def registrera(app) -> None:
    """Skalets callbacks på appen (menyn, nytt lager, temat), och filtrets och nedladdningarnas."""
    filtret.registrera(app)
    nedladdning.registrera(app)
    # Menyns länkar behåller filtret, så att en annan sida visar samma urval.
    app.clientside_callback(
        ClientsideFunction("samverkan", "menylankar"),
        *[Output(_nav_id(sokvag), "href") for sokvag, _ in NAVIGERING],
        Input(URL, "search"),
        *[State(_nav_id(sokvag), "href") for sokvag, _ in NAVIGERING],
    )

    @app.callback(
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

    # Temat byts i webbläsaren (ingen server behövs) och sparas mellan besök.
    app.clientside_callback(
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
