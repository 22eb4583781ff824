"""Sidväljaren (vilken sida en sökväg visar) och felet på ett kort (Dash on_error)."""
from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, html

import queries
from behorighet import webb as behorighet
from dashboards.filtret import URL
from queries.skydd import Behorighetsfel


def installera(app) -> None:
    """Sidväljaren: sidans layout byggs när sökvägen byts, inte när bara frågesträngen (filtret) ändras.

    Dash pages egen väljare bygger om hela sidan vid varje ny frågesträng, och då körs varje kort
    två gånger per filterklick (en gång för den nya sidan, en gång för filtret). Den här väljaren
    lyssnar bara på sökvägen; sidan får frågesträngen som layout(**frågor), som i Dash pages, och
    korten läser filtret ur URL:en (filtret.FILTER). Dash pages register och dcc.Link används som vanligt.
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
