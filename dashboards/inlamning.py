"""Lämna in filer: ladda upp, se vad filerna skulle ändra, och välj Läs in eller Avbryt.

Formulären postas till inlamning/webb.py (vanliga HTML-formulär med sessionens token); sidan visar läget ur
adressen: ?granskning=<id> (förhandsgranskningen) och ?inlast=<id> (resultatet). Filvalet (<input type=file>,
som Dash saknar) läggs in av assets/inlamning.js; att dra filer till rutan fungerar i webbläsaren själv.
"""
from __future__ import annotations

import dash
from dash import dcc, html

import queries
import sammanhang
from behorighet import webb as behorighet
from dashboards.appen import installningar, region
from dashboards.aria import aria
from figures import format as fmt
from figures.inlamning import radeffekt, tilldelning

dash.register_page(__name__, path="/inlamning", name="Lämna in filer", title="Lämna in filer – Samverkansmonitorn",
                   order=7)


def _formular(action: str, *barn, klass: str = "", multipart: bool = False) -> html.Form:
    return html.Form([dcc.Input(type="hidden", name="token", value=behorighet.formulartoken()), *barn],
                     method="POST", action=action, className=klass,
                     encType="multipart/form-data" if multipart else "application/x-www-form-urlencoded")


def layout(granskning: str | None = None, inlast: str | None = None, **_fragor) -> html.Div:
    atk = queries.atkomst()
    rubrik = [html.H1("Lämna in filer")]
    if not atk.far_se("/inlamning") or not atk.anvandare:
        return html.Div([*rubrik, html.P("Din roll lämnar inte in filer. Filer lämnas in av dataförvaltaren och "
                                         "av AME-chefer för sin kommun.", className="ingress")])
    inlamningar = sammanhang.kravs().inlamningar
    if granskning and (meta := inlamningar.hamta(granskning, atk.anvandare)) and meta.get("status") == "granskad":
        return html.Div([*rubrik, _granskningen(meta)])
    if inlast and (meta := inlamningar.hamta(inlast, atk.anvandare)) and meta.get("status") == "inlast":
        return html.Div([*rubrik, _resultatet(meta)])
    fel = None
    if granskning and (meta := inlamningar.hamta(granskning, atk.anvandare)) and meta.get("status") == "fel":
        fel = html.P(f"Filerna kunde inte läsas: {meta.get('fel')}. Inget har lästs in.", className="meddelande-fel",
                     role="alert")
    return html.Div([*rubrik, fel, _uppladdning(atk)])


def _uppladdning(atk) -> html.Div:
    grans = installningar().granser.max_byte >> 20
    if atk.roll == "chef":
        vad = (f"Du lämnar in deltagar- och budgetfiler för {region().get(atk.hemkommun or '', atk.hemkommun)}. "
               "Rader för en annan kommun avvisas med skälet ”gäller inte din kommun”.")
    else:
        vad = "Du lämnar in alla filtyper för regionen: deltagare, budget, jobbspår, projekt och statistik."
    return html.Div([
        html.P(["Filerna läses först i en kopia: du ser vad de skulle ändra innan något ändras. ", vad],
               className="ingress"),
        _formular("/inlamning/filer",
                  html.Label("Välj filer, eller dra dem hit", htmlFor="inlamning-filer"),
                  html.Div(id="inlamning-filval", className="filval-ruta"),
                  html.Small(f"xlsx, csv eller txt, en eller flera; högst {fmt.tal(grans)} MB sammanlagt.",
                             className="hjalptext d-block"),
                  html.Button("Förhandsgranska", type="submit", className="btn btn-primary"),
                  klass="inlamningsformular", multipart=True),
    ])


def _filkort(f: dict, effekt: str | None) -> html.Li:
    if f["status"] == "refuserad":
        return html.Li([html.Strong(f["fil"]), f": refuserad – {f['meddelande']}"], className="inlamning-refuserad")
    if f["status"] == "oförändrad":
        return html.Li([html.Strong(f["fil"]), f": {f['meddelande']}"])
    delar: list = [html.Strong(f["fil"]),
                   f": {f['filtyp']} – {fmt.tal(f['rader_lasta'])} rader lästa, {fmt.tal(f['godkanda'])} godkända, "
                   f"{fmt.tal(f['avvisade'])} avvisade."]
    if effekt:
        delar += [html.Br(), f"Ändring i lagret: {effekt}."]
    if f.get("meddelande"):
        delar += [html.Br(), f["meddelande"]]
    if f.get("toppskal"):
        delar.append(html.Ul([html.Li(f"{fmt.tal(n)} × {skal}") for skal, n in f["toppskal"]],
                             className="inlamning-skal"))
    return html.Li(delar)


def _granskningen(meta: dict) -> html.Section:
    forhand = meta["forhand"]
    avvisade = sum(f["avvisade"] for f in forhand["filer"])
    nagot = any(f["status"] in ("inläst", "delvis inläst") for f in forhand["filer"])
    return html.Section([
        html.H2("Förhandsgranskning", id="granskning-rubrik"),
        html.P("Lagret är oförändrat tills du väljer Läs in.", className="hjalptext"),
        html.Ul([_filkort(f, radeffekt(f)) for f in forhand["filer"]],
                className="inlamning-filer", id="granskning-filer"),
        html.Div([html.H3("Tilldelningen för extratjänster"),
                  html.Ul([html.Li(t) for t in tilldelning(forhand["tilldelning"])], id="granskning-tilldelning")])
        if forhand["tilldelning"] else None,
        html.P(html.A(("Ladda ner den avvisade raden" if avvisade == 1 else
                       f"Ladda ner de {fmt.tal(avvisade)} avvisade raderna") + " (CSV, personnummer maskerade)",
                      href=f"/inlamning/{meta['id']}/avvisade.csv")) if avvisade else None,
        html.Div([
            _formular(f"/inlamning/{meta['id']}/las-in",
                      html.Button("Läs in", type="submit", className="btn btn-primary", id="inlamning-las-in",
                                  disabled=not nagot)),
            _formular(f"/inlamning/{meta['id']}/avbryt",
                      html.Button("Avbryt", type="submit", className="btn btn-outline-dark", id="inlamning-avbryt")),
        ], className="knapprad"),
    ], className="kort", **aria(labelledby="granskning-rubrik"))


def _resultatet(meta: dict) -> html.Section:
    return html.Section([
        html.H2("Inläst", id="inlast-rubrik"),
        html.Ul([_filkort(f, None) for f in meta["resultat"]], className="inlamning-filer", id="inlast-filer"),
        html.P(["Sidorna visar de nya siffrorna. ", dcc.Link("Extratjänster", href="/extratjanster"), " · ",
                dcc.Link("Lämna in fler filer", href="/inlamning")]),
    ], className="kort", **aria(labelledby="inlast-rubrik"))
