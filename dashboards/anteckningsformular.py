"""Samrådets anteckningar på sidorna: formuläret Lägg till anteckning och en anteckning i en lista.

Vanliga formulär som postas till /anteckningar (anteckningar/webb.py) med sessionens token."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

import queries
from anteckningar import HELA_REGIONEN, TYPER
from behorighet import webb as behorighet
from dashboards.appen import installningar, region, regionnamn
from dashboards.aria import aria


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
