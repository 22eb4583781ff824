"""Skalet runt alla sidor: sidhuvud, navigering, filter i URL:en, datadatum och liveuppdatering.

Filtrens läge bor i URL:ens frågesträng (?kommun=1440,1480&fran=2024-01&till=2025-12),
så att en kopierad länk återger vyn och webbläsarens bakåtknapp fungerar.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

import queries
from behorighet import webb as behorighet
from config import load_settings
from dashboards.komponenter import ettval, flerval
from figures import format as fmt
from queries.skydd import storningsnot
from ingest.kommuner import GR_KOMMUNER

NAVIGERING = (
    ("/", "Översikt"),
    ("/extratjanster", "Extratjänster"),
    ("/jobbspar", "Jobbspår"),
    ("/projekt", "Projekt"),
    ("/kommun", "Kommunprofil"),
    ("/datakvalitet", "Datakvalitet"),
)
KALLOR = {"deltagare": "Deltagare", "budget": "Budget", "jobbspar": "Jobbspår", "projekt": "Projekt"}
FILTER = ("kommun", "fran", "till", "malgrupp", "kon")
# Dash pages egen Location: en andra Location-komponent skulle studsa history-händelser med den.
URL = "_pages_location"


def _manadsval() -> tuple[list[dict], str, str]:
    manader = [m.date() if hasattr(m, "date") else m for m in queries.run("manader")["manad"]]
    idag = dt.date.today().replace(day=1)
    manader = [m for m in manader if m <= idag] or [idag]
    val = [{"label": fmt.manad(m.year, m.month), "value": f"{m:%Y-%m}"} for m in manader]
    till = manader[-1]
    fran = max(manader[0], dt.date(till.year - 1, 1, 1))
    return val, f"{fran:%Y-%m}", f"{till:%Y-%m}"


def datadatum_rad() -> list:
    """Senast uppdaterad och varje källas datadatum; en källa äldre än gränsen flaggas med text."""
    df = queries.run("datadatum")
    info = dict(queries.run("lager_info").itertuples(index=False))
    grans = load_settings().max_age_days
    delar = [html.Span([html.Strong("Senast uppdaterad: "), (info.get("byggt") or "–")[:16]], className="kalla")]
    for rad in df.to_dict("records"):
        namn = KALLOR.get(rad["kalla"], rad["kalla"])
        if fmt.datum(rad["senast_inlast"]) == "–":
            text = "ingen fil inläst"
        elif fmt.datum(rad["data_till"]) == "–":
            text = f"inläst {fmt.datum(rad['senast_inlast'])}"
        else:
            text = f"t.o.m. {fmt.datum(rad['data_till'])} (inläst {fmt.datum(rad['senast_inlast'])})"
        gammal = rad["dagar_sedan"] == rad["dagar_sedan"] and rad["dagar_sedan"] is not None and rad["dagar_sedan"] > grans
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
        dcc.Store(id="hemkommun-vald", data=False),
        dcc.Interval(id="lagerkoll", interval=int(load_settings().refresh_seconds * 1000)),
        html.Header([
            html.Div([
                html.Span("Samverkansmonitorn", className="appnamn"),
                html.Span("Göteborgsregionen och Arbetsförmedlingen Region Väst", className="undertitel"),
            ], className="varumarke"),
            html.Nav(html.Ul([
                # Sidor som rollen inte får se finns inte i menyn (och vägras på servern).
                html.Li(dcc.Link(text, href=sokvag, id=f"nav-{sokvag.strip('/') or 'oversikt'}"),
                        hidden=not atkomst.far_se(sokvag))
                for sokvag, text in NAVIGERING
            ]), **{"aria-label": "Huvudmeny"}),
            html.Div([
                html.Span(f"{atkomst.anvandare} ({ROLLNAMN.get(atkomst.roll, atkomst.roll)})", id="inloggad"),
                # Utloggning är en POST med sessionens token: en länk någon annanstans kan inte logga ut någon.
                html.Form([
                    dcc.Input(type="hidden", name="token", value=behorighet.formulartoken()),
                    html.Button("Logga ut", type="submit", className="btn btn-sm btn-outline-dark"),
                ], method="POST", action="/logga-ut", className="utloggning"),
            ], className="anvandare") if atkomst.anvandare else None,
            html.Button("Hög kontrast", id="kontrastknapp", className="btn kontrastknapp", **{"aria-pressed": "false"}),
        ], className="sidhuvud"),
        html.Div(
            [html.Strong("Fiktiva demodata. "), "Alla personer, belopp och resultat är påhittade för att visa verktyget."],
            className="demobanner", role="note", hidden=not ar_demodata(), id="demobanner",
        ),
        html.Section([
            html.H2("Filter", className="visually-hidden"),
            flerval("f-kommun", "Kommun", "Hela GR",
                    [{"label": namn, "value": kod} for kod, namn, _ in sorted(GR_KOMMUNER, key=lambda k: k[1])]),
            ettval("f-fran", "Från", manader, fran),
            ettval("f-till", "Till", manader, till),
            flerval("f-malgrupp", "Målgrupp", "Alla", [{"label": m, "value": m} for m in malgrupper]),
            # "alla", inte "": dbc.Select använder tomt värde för sin egen platshållare.
            ettval("f-kon", "Kön", [{"label": "Alla", "value": "alla"}, {"label": "Kvinna", "value": "Kvinna"},
                                    {"label": "Man", "value": "Man"}], "alla"),
            html.Button("Visa hela GR", id="visa-hela-gr", className="btn btn-outline-dark btn-sm"),
            html.Div([
                html.Span("Mötespaket:", className="knapprubrik", id="motespaket-rubrik"),
                html.Button("PowerPoint", id="motespaket-pptx", className="btn btn-outline-primary btn-sm"),
                html.Button("PDF", id="motespaket-pdf", className="btn btn-outline-primary btn-sm"),
                dcc.Download(id="motespaket-fil"),
            ], className="motespaket", role="group", **{"aria-labelledby": "motespaket-rubrik"}),
        ], className="filterrad", **{"aria-label": "Filter"}),
        html.Main(dash.page_container, id="huvudinnehall", tabIndex="-1"),
        html.Footer([
            html.Div(datadatum_rad(), id="datadatum", className="datadatum", **{"aria-live": "polite"}),
            html.Div([_skyddstext(atkomst), " ",
                      dcc.Link("Tillgänglighetsredogörelse", href="/tillganglighet")], className="diskret"),
        ], className="sidfot"),
    ])


ROLLNAMN = {"styrgrupp": "styrgrupp", "chef": "AME-chef", "projektor": "projektor"}


def _skyddstext(atkomst) -> str:
    if atkomst.troskel:
        return (f"{storningsnot(atkomst.troskel)} <{atkomst.troskel} är ett dolt antal, och .. ett värde som dolts "
                "för att ett annat inte ska kunna räknas fram.")
    return ("Styrgruppens vy: sanna antal, också små. Projektorläget och mötespaketet slumpjusterar och döljer dem "
            "alltid; dela inte skärmbilder härifrån.")


def _fran_url(search: str) -> dict:
    """Filtervärden ur frågesträngen; None = inte angivet (standardvärdet gäller)."""
    fragor = parse_qs((search or "").lstrip("?"))
    def ett(namn):
        return (fragor.get(namn) or [None])[0]
    def lista(namn):
        v = ett(namn)
        return [x for x in v.split(",") if x] if v else []
    return {"kommun": lista("kommun"), "fran": ett("fran"), "till": ett("till"),
            "malgrupp": lista("malgrupp"), "kon": ett("kon") or "alla"}


def _till_url(varden: dict) -> str:
    delar = {}
    for namn in FILTER:
        v = varden.get(namn)
        if isinstance(v, list):
            v = ",".join(v)
        if v and v != "alla":  # standardvärdet skrivs inte ut
            delar[namn] = v
    return "?" + urlencode(delar, safe=",") if delar else ""


@callback(
    Output(URL, "search"),
    *[Output(f"f-{n}", "value") for n in FILTER],
    Output("hemkommun-vald", "data"),
    Input(URL, "search"),
    Input("visa-hela-gr", "n_clicks"),
    *[Input(f"f-{n}", "value") for n in FILTER],
    State("hemkommun-vald", "data"),
)
def synka_filter_och_url(search, _hela_gr, *varden_och_hem):
    """URL -> filter när sidan laddas eller bakåtknappen används; filter -> URL annars.

    Bara det som faktiskt ändrats skrivs tillbaka: annars studsar URL och filter
    mellan varandra (och Dash pages ritar om sidan vid varje ny URL).
    """
    *varden, hem_vald = varden_och_hem
    nuvarande = dict(zip(FILTER, varden))
    oforandrat = [no_update] * (len(FILTER) - 1)
    if ctx.triggered_id == "visa-hela-gr":
        nuvarande["kommun"] = []
        return _till_url(nuvarande), [], *oforandrat, True
    hem = queries.atkomst().hemkommun
    if hem and not hem_vald and "kommun=" not in (search or ""):
        # En AME-chef landar en gång på sin hemkommun; "Visa hela GR" tar bort valet som vanligt.
        nuvarande["kommun"] = [hem]
        return _till_url(nuvarande), [hem], *oforandrat, True
    if ctx.triggered_id in (None, URL):
        fran_url = _fran_url(search)
        ut = []
        for namn in FILTER:
            ny, nu = fran_url[namn], nuvarande[namn]
            if ny is None or (not ny and not nu):
                ut.append(no_update)
            else:
                ut.append(no_update if ny == nu else ny)
        return no_update, *ut, no_update
    ny_url = _till_url(nuvarande)
    return (no_update if ny_url == (search or "") else ny_url), *([no_update] * len(FILTER)), no_update


@callback(
    *[Output(f"nav-{sokvag.strip('/') or 'oversikt'}", "href") for sokvag, _ in NAVIGERING],
    Input(URL, "search"),
)
def behall_filter_i_menyn(search):
    return [sokvag + (search or "") for sokvag, _ in NAVIGERING]


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


@callback(Output("f-kommun-sammanfattning", "children"), Input("f-kommun", "value"))
def visa_valda_kommuner(koder):
    namn = dict((kod, n) for kod, n, _ in GR_KOMMUNER)
    return ", ".join(namn[k] for k in koder or [] if k in namn) or "Hela GR"


@callback(Output("f-malgrupp-sammanfattning", "children"), Input("f-malgrupp", "value"))
def visa_valda_malgrupper(varden):
    return ", ".join(varden or []) or "Alla"


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
    *[State(f"f-{n}", "value") for n in FILTER],
    prevent_initial_call=True,
)
def ladda_ner_motespaket(_pptx, _pdf, *filter):
    """Det aktuella urvalet som PowerPoint eller PDF, för samrådets protokoll."""
    from dashboards.komponenter import filterparametrar
    from export import motespaket

    from behorighet.webb import granska

    bilder, meta = motespaket.bygg(filterparametrar(*filter))
    namn = f"motespaket_{dt.date.today():%Y-%m-%d}"
    granska("nedladdning", fil=f"{namn}.{'pdf' if ctx.triggered_id == 'motespaket-pdf' else 'pptx'}")
    if ctx.triggered_id == "motespaket-pdf":
        return dcc.send_bytes(motespaket.som_pdf(bilder, meta), f"{namn}.pdf")
    return dcc.send_bytes(motespaket.som_pptx(bilder, meta), f"{namn}.pptx")
