"""Delade byggstenar för sidorna: filterparametrar, diagramkort med tabellvy och nedladdning."""
from __future__ import annotations

import datetime as dt
from typing import Any, cast

import dash_bootstrap_components as dbc
import pandas as pd
from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    dcc,
    html,
    no_update,
)

import queries
from anteckningar import HELA_REGIONEN, TYPER
from behorighet import webb as behorighet
from dashboards import urlfilter
from export import uttag
from figures import format as fmt
from figures.kort import Kolumn, Kort, Tabell
from queries.skydd import prickfotnot, storningsnot

__all__ = ["Kolumn", "Kort", "Tabell"]  # sidorna hämtar kortets byggstenar härifrån

# Korten läser filtret ur URL:en, en gång per ändring: URL:en är filtrets enda läge.
URL = "_pages_location"
# Med namn, för callbacks med namngivna in- och utdata: kort(search, lagerversion).
FILTER = {"search": Input(URL, "search"), "lagerversion": Input("lagerversion", "data")}


def installningar():
    """Inställningarna som appen byggdes med (en gång, i app.skapa_app); utanför en app (skript, tester)
    läses de ur miljön."""
    from flask import current_app, has_app_context

    if has_app_context() and "SAMVERKAN" in current_app.config:
        return current_app.config["SAMVERKAN"]
    from config import load_settings

    return load_settings()


def anteckningsbok():
    """Samrådets anteckningar (anteckningar.Anteckningar), öppnade en gång när appen startade."""
    from flask import current_app

    return current_app.config["ANTECKNINGAR"]


def anteckningsformular(amne: str, kommun: str | None, period: str, nasta: str) -> html.Details | None:
    """Knappen Lägg till anteckning och formuläret (Typ, Kommun, Period, Text, Ansvarig, Klart senast, Spara).

    Ett vanligt formulär som postas till /anteckningar med sessionens token: fungerar med tangentbord och
    skärmläsare utan skript. Projektorn ser ingen knapp; chefen kan bara välja sin egen kommun."""
    atk = queries.atkomst()
    if atk.roll == "projektor":
        return None
    kommuner = region()
    if atk.roll == "chef":
        val = [{"label": kommuner.get(atk.hemkommun or "", atk.hemkommun or ""), "value": atk.hemkommun or ""}]
    else:
        val = [{"label": f"Hela {regionnamn()}", "value": HELA_REGIONEN}] + [
            {"label": namn, "value": kod} for kod, namn in sorted(kommuner.items(), key=lambda k: k[1])]
    vald = kommun if any(v["value"] == kommun for v in val) else val[0]["value"]

    def falt(etikett: str, komponent, hjalp: str | None = None) -> html.Div:
        return html.Div([html.Label(etikett, htmlFor=komponent.id), komponent,
                         html.Small(hjalp, className="hjalptext") if hjalp else None], className="formularfalt")

    return html.Details([
        html.Summary("Lägg till anteckning", className="btn btn-outline-primary btn-sm"),
        html.Form([
            dcc.Input(type="hidden", name="token", value=behorighet.formulartoken()),
            dcc.Input(type="hidden", name="nasta", value=nasta),
            dcc.Input(type="hidden", name="amne", value=amne),
            falt("Typ", dbc.Select(id=f"ant-typ-{amne}", name="typ", value="Förklaring",
                                   options=[{"label": t, "value": t} for t in TYPER])),
            falt("Kommun", dbc.Select(id=f"ant-kommun-{amne}", name="kommun", value=vald, options=val)),
            falt("Period", dcc.Input(id=f"ant-period-{amne}", name="period", value=period, type="text",
                                     pattern=r"\d{4}(-\d{2})?", required=True),
                 "Ett år (2026) eller en månad (2026-03)"),
            falt("Text", dcc.Textarea(id=f"ant-text-{amne}", name="text", maxLength=2000, required=True,
                                      style={"width": "100%", "minHeight": "6rem"}), "Högst 2 000 tecken"),
            # Förslag ur regionens användare: en ansvarig som är en användare med adress får påminnelserna.
            falt("Ansvarig", dcc.Input(id=f"ant-ansvarig-{amne}", name="ansvarig", type="text",
                                       list=f"ant-ansvariga-{amne}"),
                 "För en uppföljning: en användare i monitorn får en påminnelse per e-post"),
            html.Datalist([html.Option(value=namn) for namn in _anvandarnamn()], id=f"ant-ansvariga-{amne}"),
            falt("Klart senast", dcc.Input(id=f"ant-klart-{amne}", name="klart_senast", type="text",
                                           pattern=r"\d{4}-\d{2}-\d{2}", placeholder="2026-12-15"),
                 "För en uppföljning: datum som 2026-12-15"),
            html.Button("Spara", type="submit", className="btn btn-primary btn-sm"),
        ], method="POST", action="/anteckningar", className="anteckningsformular"),
    ], className="anteckning-ny")


def _anvandarnamn() -> list[str]:
    from behorighet.anvandare import Anvandarfil

    return [a.namn for a in Anvandarfil(installningar().users_file).alla()]


def anteckningsrad(a: dict, text: str) -> html.Li:
    """En anteckning i en lista, med Markera klar och Ta bort för den som får skriva för kommunen."""
    from anteckningar import Skribent, forsenad

    atk = queries.atkomst()
    knappar = []
    if Skribent(atk.anvandare or "", atk.roll, atk.hemkommun).far_skriva(a["kommun_kod"]):
        atgarder = ([("klar", "Markera klar")] if a.get("status") == "öppen" else []) + [("radera", "Ta bort")]
        for atgard, etikett in atgarder:
            knappar.append(html.Form([
                dcc.Input(type="hidden", name="token", value=behorighet.formulartoken()),
                dcc.Input(type="hidden", name="nasta", value="/"),
                dcc.Input(type="hidden", name="id", value=str(a["id"])),
                dcc.Input(type="hidden", name="atgard", value=atgard),
                html.Button(etikett, type="submit", className="btn btn-link btn-sm",
                            **aria(label=f"{etikett}: {a['text'][:60]}")),
            ], method="POST", action="/anteckningar", className="uppfoljningsknapp"))
    klass = "uppfoljning" if a["typ"] == "Uppföljning" else ""
    return html.Li([html.Strong("Försenad: ", className="forsenad") if forsenad(a) else None, text, *knappar],
                   className=klass)


_REGION: list = [None, {}]  # [referenstabellen, kod -> namn]


def region() -> dict[str, str]:
    """Regionens kommuner (kod -> namn) ur lagret: listorna följer regionen lagret byggdes för.
    Byggs en gång per referenstabell (queries.referens ger samma DataFrame tills lagret byts)."""
    tabell = queries.referens("kommuner")
    if _REGION[0] is not tabell:
        _REGION[:] = [tabell, dict(tabell[["kommun_kod", "kommun_namn"]].itertuples(index=False))]
    return _REGION[1]


def regionnamn(lang: bool = False) -> str:
    """Regionens namn i texter: kort ("Hela GR", "GR-snitt") eller långt ("Hela Göteborgsregionen")."""
    from ingest.kommuner import regionnamn_for

    kort, langt = regionnamn_for(installningar().region)
    return langt if lang else kort


def standardperiod() -> tuple[dt.date, dt.date]:
    """Perioden när URL:en inte anger någon: från januari året före sista månaden med data, till den månaden."""
    return queries.standardperiod()


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


def sidval(namn: str, rubrik: str, alternativ: list[dict], varde: str | None, standard: str,
           klass: str = "sidval", falt_id: str | None = None, hjalp: str | None = None,
           av: bool = False) -> html.Fieldset:
    """En sidas eget val som adressen behåller (?visa=per_invanare): radioknappar i en fieldset.
    varde: adressens värde (layout(**frågor)); assets/filter.js (sidval) skriver sedan valet till adressen
    och adressen till valet, och korten läser adressen."""
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


def med_namnare(df: pd.DataFrame, fran: dt.date, till: dt.date, regionrader: pd.Series) -> pd.DataFrame:
    """"Visa som": df med invånare 16–64 och personer i AF:s målgrupp per kommun (queries/sql/namnare.sql),
    summerade på regionraderna (figures.visning.med_namnare)."""
    from figures import visning

    namnare = queries.run("namnare", malgrupp_kod=installningar().malgrupp_afkod, fran=fran, till=till)
    return visning.med_namnare(df, namnare, regionrader)


def visa_som(search: str | None) -> str:
    """"Visa som" ur adressen (figures.visning): kr, per_invanare, per_malgrupp eller andel."""
    from figures.visning import STANDARD

    return urlfilter.sidval(search, "visa", STANDARD)


def aria(**egenskaper: str) -> dict[str, Any]:
    """ARIA-attribut till en Dash-komponent: aria(labelledby="x") -> {"aria-labelledby": "x"}.
    (Bindestreck går inte i nyckelordsargument, och Dash-komponenternas typer känner inte aria-*.)"""
    return {f"aria-{namn}": varde for namn, varde in egenskaper.items()}


def rullbar(etikett: str) -> dict[str, Any]:
    """En rullbar yta ska gå att nå med tangentbordet och ha ett namn (WCAG 2.1.1)."""
    return {"className": "tabellram", "tabIndex": "0", "role": "region", "aria-label": etikett}


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


# Svensk Plotly (assets/plotly-locale-sv.js). "Dela" skickar diagrammet till Plotlys moln: aldrig härifrån.
GRAF_CONFIG: Any = {"displaylogo": False, "responsive": True, "locale": "sv",
               "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud"]}


def tabell(tab: Tabell) -> tuple[html.Table, list[dict]]:
    """Tabellvy för skärmläsare och tangentbord, och samma siffror för nedladdning."""
    huvud = html.Thead(html.Tr([html.Th(k.rubrik, scope="col") for k in tab.kolumner]))
    # Ett dolt värde (frågelagrets prick) visas och laddas ner som sin prick, aldrig som siffra.
    texter = tab.textrader()
    # Nedladdningen får värdena som de är (tal som tal), dolda som sin prick: samma kolumnvisa väg som texten.
    exportkolumner = [fmt.celler(tab.df, k.namn, _exportvarde) for k in tab.kolumner]
    # Raderna som Dash serialiserade form direkt: hela landets tabeller har tusentals celler, och en
    # html.Td-komponent per cell kostade mer än frågan (profilerat). Webbläsaren får samma sak.
    rader = [_html("Tr", [_html("Td", t) for t in rad]) for rad in texter]
    export = [{k.rubrik: kolumn[i] for k, kolumn in zip(tab.kolumner, exportkolumner, strict=True)}
              for i in range(len(tab.df))]
    fotnot = prickfotnot(tab.df)
    # Dash tar emot komponenter i serialiserad form; typerna i dash.html känner bara till komponentobjekten.
    kropp = html.Tbody(cast(Any, rader))
    tabell_ = html.Table([html.Caption(tab.bildtext + (f" {fotnot}" if fotnot else "")), huvud, kropp],
                         className="table table-sm datatabell")
    return tabell_, export


def _html(typ: str, children) -> dict:
    """En html-komponent i den form Dash skickar den (to_plotly_json), utan att bygga komponentobjektet."""
    return {"type": typ, "namespace": "dash_html_components", "props": {"children": children}}


def _exportvarde(v):
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        return fmt.datum(v)
    if isinstance(v, float) and pd.isna(v):
        return None
    return v


def diagramkort(kort_id: str, titel: str, hjalptext: str | None = None, graf_hojd: int | None = None) -> html.Section:
    """Ett diagram med rubrik, textsammanfattning, tabellvy och nedladdning som CSV och Excel."""
    rubrik_id = f"{kort_id}-rubrik"
    return html.Section(
        [
            html.H2(titel, id=rubrik_id),
            html.P(hjalptext, className="hjalptext") if hjalptext else None,
            html.P(id=f"{kort_id}-sammanfattning", className="sammanfattning", **aria(live="polite")),
            # style=None kraschar dcc.Graph i Dash 4 (läser style.height): ange alltid en stil.
            dcc.Graph(id=f"{kort_id}-graf", config=GRAF_CONFIG,
                      style={"height": f"{graf_hojd}px"} if graf_hojd else {}),
            html.Details(
                [html.Summary("Visa siffrorna som tabell"),
                 html.Div(id=f"{kort_id}-tabell", **rullbar(f"Tabell: {titel}"))],
                className="tabellvy",
            ),
            html.Div(
                [
                    html.Button("Ladda ner CSV", id={"typ": "csv", "kort": kort_id},
                                className="btn btn-outline-primary btn-sm"),
                    html.Button("Ladda ner Excel", id={"typ": "xlsx", "kort": kort_id},
                                className="btn btn-outline-primary btn-sm"),
                ],
                className="nedladdning",
            ),
            dcc.Store(id={"typ": "data", "kort": kort_id}),
            dcc.Download(id={"typ": "fil", "kort": kort_id}),
        ],
        className="kort",
        **aria(labelledby=rubrik_id),
    )


def kort_utdata(kort_id: str) -> dict[str, Output]:
    """Utdata som ett korts callback fyller, med namn: figur, sammanfattning, tabell och nedladdningsdata."""
    return {
        "figur": Output(f"{kort_id}-graf", "figure"),
        "sammanfattning": Output(f"{kort_id}-sammanfattning", "children"),
        "tabell": Output(f"{kort_id}-tabell", "children"),
        "data": Output({"typ": "data", "kort": kort_id}, "data"),
    }


def kort_svar(kort: Kort, params: dict) -> dict:
    """Kortet (ur en byggare i figures/) som svar till kort_utdata: samma nycklar."""
    tabellvy, export = tabell(kort.tabell)
    return {"figur": kort.figur, "sammanfattning": kort.sammanfattning, "tabell": tabellvy,
            "data": kortdata(kort.filnamn, export, params, fmt.datum(params["till"]))}


@callback(
    Output({"typ": "fil", "kort": MATCH}, "data"),
    Input({"typ": "csv", "kort": MATCH}, "n_clicks"),
    Input({"typ": "xlsx", "kort": MATCH}, "n_clicks"),
    State({"typ": "data", "kort": MATCH}, "data"),
    prevent_initial_call=True,
)
def ladda_ner(_csv, _xlsx, data):
    from dash import ctx

    if not data:
        return no_update
    # Uttaget måste ha skapats av servern för just den här rollen (signerat); annars vägras det.
    if not behorighet.kontrollera_signatur(data):
        behorighet.granska("vagrad_nedladdning", fil=data.get("filnamn"))
        return no_update
    namn = data["filnamn"]
    rader = data["rader"]
    behorighet.granska("nedladdning", fil=f"{namn}.{ctx.triggered_id['typ']}", rader=len(rader))
    if ctx.triggered_id["typ"] == "csv":
        return dcc.send_bytes(uttag.som_csv(rader), f"{namn}.csv")
    return dcc.send_bytes(uttag.som_xlsx(rader, data.get("om", [])), f"{namn}.xlsx")


def kortdata(filnamn: str, rader: list[dict], params: dict, datum_text: str) -> dict:
    atkomst = queries.atkomst()
    namn = region()
    om = [
        f"Urval: {', '.join(namn.get(k, k) for k in params['kommuner']) or 'Hela ' + regionnamn()}",
        f"Period: {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}",
        f"Data t.o.m.: {datum_text}",
        (f"{storningsnot(atkomst.troskel)} <{atkomst.troskel} är ett dolt antal; "
         ".. är dolt så att ett annat dolt värde inte kan räknas fram." if atkomst.troskel
         else "Uttaget för styrgruppen: små antal är inte dolda. Sprid det inte vidare."),
    ]
    return behorighet.signera({"filnamn": filnamn, "rader": rader, "om": om})


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
