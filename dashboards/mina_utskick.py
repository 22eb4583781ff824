"""Mina utskick: vad den inloggade får per e-post (påminnelser, veckans sammanfattning) och kalenderlänken.

Vanliga HTML-formulär som postas till /mina-utskick (utskick/webb.py) med sessionens token; ingen callback.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

import queries
import sammanhang
from behorighet import webb as behorighet
from behorighet.anvandare import Anvandarfil
from dashboards.appen import installningar
from dashboards.aria import aria
from figures import format as fmt

dash.register_page(__name__, path="/mina-utskick", name="Mina utskick", title="Mina utskick – Samverkansmonitorn",
                   order=8)


def _formular(atgard: str, *falt, knapp: str, klass: str = "btn btn-primary btn-sm") -> html.Form:
    return html.Form([
        dcc.Input(type="hidden", name="token", value=behorighet.formulartoken()),
        dcc.Input(type="hidden", name="atgard", value=atgard),
        *falt,
        html.Button(knapp, type="submit", className=klass),
    ], method="POST", action="/mina-utskick", className="utskicksformular")


def _jaorne(namn: str, etikett: str, pa: bool, hjalp: str) -> html.Div:
    return html.Div([
        html.Label(etikett, htmlFor=f"utskick-{namn}"),
        dbc.Select(id=f"utskick-{namn}", name=namn, value="ja" if pa else "nej",
                   options=[{"label": "Ja", "value": "ja"}, {"label": "Nej", "value": "nej"}]),
        html.Small(hjalp, className="hjalptext"),
    ], className="formularfalt")


def layout(**_fragor) -> html.Div:
    atk = queries.atkomst()
    settings = installningar()
    if not atk.anvandare:
        return html.Div([html.H1("Mina utskick"), html.P(
            "Utskick går till inloggade användare. Den här monitorn körs utan inloggning på den egna datorn.",
            className="ingress")])
    register = sammanhang.kravs().utskick
    anv = Anvandarfil(settings.users_file).hamta(atk.anvandare)
    val = register.prenumererar(atk.anvandare)
    kalender = register.har_kalendernyckel(atk.anvandare)
    adress = anv.epost if anv else None
    omfattning = "din kommun" if atk.roll == "chef" else "hela regionen"
    return html.Div([
        html.H1("Mina utskick"),
        html.P("Monitorn påminner om samrådets uppföljningar och skickar en sammanfattning varje måndag. Här väljer "
               "du vad du får.", className="ingress"),
        html.Section([
            html.H2("E-post", id="utskick-epost-rubrik"),
            html.P(f"Utskicken går till {adress}." if adress else
                   "Du har ingen e-postadress i monitorn och får därför inga utskick. Be den som sköter monitorn "
                   "lägga till den (python app.py anvandare NAMN --roll ROLL --epost ADRESS)."),
            html.P("Monitorn skickar ingen e-post ännu: SAMVERKAN_SMTP_URL är inte satt.", className="hjalptext")
            if not settings.smtp_url else None,
            _formular("spara",
                      _jaorne("paminnelser", "Påminnelser om uppföljningar", val["paminnelser"],
                              "7 dagar före klart senast, och när en uppföljning blivit försenad; till den "
                              "ansvariga, annars till den som skrev den."),
                      _jaorne("sammanfattning", "Veckans sammanfattning", val["sammanfattning"],
                              f"Måndagar: avvikelser med förklaring, nya anteckningar, öppna och försenade "
                              f"uppföljningar och källor som inte uppdaterats, för {omfattning}.")
                      if atk.roll in ("chef", "styrgrupp") else None,
                      knapp="Spara mina val"),
        ], className="kort", **aria(labelledby="utskick-epost-rubrik")),
        html.Section([
            html.H2("Uppföljningarna i din kalender", id="utskick-kalender-rubrik"),
            html.P("En hemlig adress som Outlook hämtar själv: de öppna uppföljningarna som heldagshändelser på sitt "
                   "datum för klart senast. Lägg till den i Outlook under Lägg till kalender → Från Internet. Den "
                   "som har adressen ser uppföljningarna; återkalla den om den kommit på avvägar."),
            html.P(f"Du har en kalenderlänk, skapad {fmt.datum(kalender)}." if kalender else
                   "Du har ingen kalenderlänk.", id="utskick-kalender-lage"),
            html.Div([
                _formular("ny-kalender", knapp="Skapa ny kalenderlänk" if kalender else "Skapa kalenderlänk"),
                _formular("aterkalla-kalender", knapp="Återkalla kalenderlänken",
                          klass="btn btn-outline-danger btn-sm") if kalender else None,
            ], className="knapprad"),
        ], className="kort", **aria(labelledby="utskick-kalender-rubrik")),
    ])
