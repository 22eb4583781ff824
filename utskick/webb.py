"""Utskickens vägar i Flask-servern (ingen Dash här):

- GET /uppfoljning.ics?nyckel=…  kalenderflödet bakom användarens hemliga nyckel (Outlook loggar inte in);
- GET/POST /utskick/avsluta?t=…  sluta få ett slag av utskick, från länken i ett meddelande (signerad);
- POST /mina-utskick             sidan Mina utskick: val och kalenderlänk, med sessionens formulärtoken.
"""
from __future__ import annotations

import hmac
import html

from flask import Response, flash, redirect, request, session

from behorighet import webb as behorighet
from behorighet.anvandare import Anvandarfil
from config import Settings
from utskick import kalender
from utskick.lankar import las_avsluta_token
from utskick.meddelanden import Lankar
from utskick.register import Utskicksregister

OPPNA = ("/uppfoljning.ics", "/utskick/avsluta")
SLAGNAMN = {"paminnelser": "påminnelser om uppföljningar", "sammanfattning": "veckans sammanfattning"}


def installera(server, settings: Settings, bok, register: Utskicksregister, kommunnamn) -> None:
    anvandarfil = Anvandarfil(settings.users_file)

    @server.route("/uppfoljning.ics")
    def kalenderflode():
        namn = register.kalenderns_anvandare(request.args.get("nyckel", ""))
        anv = anvandarfil.hamta(namn) if namn else None
        if anv is None:
            behorighet.granska("okand_kalendernyckel")
            return Response("Kalenderlänken finns inte eller har återkallats. Skapa en ny under Mina utskick.",
                            404, mimetype="text/plain")
        kommuner = [anv.hemkommun, "GR"] if anv.roll == "chef" and anv.hemkommun else None
        data = kalender.flode(bok.oppna_uppfoljningar(kommuner=kommuner), kommunnamn,
                              Lankar(settings.adress, ""), namn="Samrådets uppföljningar")
        svar = Response(data, 200, mimetype="text/calendar")
        svar.headers["Content-Disposition"] = 'inline; filename="uppfoljning.ics"'
        return svar

    @server.route("/utskick/avsluta", methods=["GET", "POST"])
    def avsluta():
        las = las_avsluta_token(server.secret_key, request.values.get("t", ""))
        if las is None:
            return Response(_sida("Länken gäller inte", "<p>Länken är ogiltig. Välj vad du får under "
                                  '<a href="/mina-utskick">Mina utskick</a>.</p>'), 400, mimetype="text/html")
        namn, slag = las
        e = html.escape
        if request.method == "GET":
            # En länkgranskare i e-postsystemet öppnar länken: först knappen avslutar (och e-postprogrammets
            # egen knapp, RFC 8058, postar direkt).
            return Response(_sida("Sluta få utskick", (
                f"<p>Vill du sluta få {e(SLAGNAMN[slag])} från Samverkansmonitorn ({e(namn)})?</p>"
                f'<form method="post" action="/utskick/avsluta"><input type="hidden" name="t" '
                f'value="{e(request.values.get("t", ""))}"><button type="submit" class="btn btn-primary">'
                "Sluta få dem</button></form>")), 200, mimetype="text/html")
        register.valj(namn, **{slag: False})
        behorighet.granska("avslutat_utskick", mottagare=namn[:64], slag=slag)
        return Response(_sida("Klart", f"<p>Du får inte längre {e(SLAGNAMN[slag])}. Du kan slå på dem igen under "
                              '<a href="/mina-utskick">Mina utskick</a>.</p>'), 200, mimetype="text/html")

    @server.route("/mina-utskick", methods=["POST"])
    def mina_utskick():
        if not hmac.compare_digest(request.form.get("token", ""), session.get("token", "-")):
            behorighet.granska("ogiltig_formulartoken", formular="utskick")
            flash("Formuläret hade gått ut. Försök igen.", "fel")
            return redirect("/mina-utskick", 303)
        namn = behorighet.aktuell().anvandare
        if not namn:
            return Response("Logga in för att välja dina utskick.", 403, mimetype="text/plain")
        atgard = request.form.get("atgard", "")
        if atgard == "spara":
            register.valj(namn, **{slag: request.form.get(slag) == "ja" for slag in SLAGNAMN})
            flash("Dina val är sparade.", "ok")
        elif atgard == "ny-kalender":
            nyckel = register.ny_kalendernyckel(namn)
            # Adressen som användaren själv använder (bakom en betrodd proxy: den utåt), inte en inställning.
            flash(f"Din kalenderlänk (visas bara nu; en tidigare länk slutar gälla): "
                  f"{request.host_url.rstrip('/')}/uppfoljning.ics?nyckel={nyckel}", "ok")
        elif atgard == "aterkalla-kalender":
            register.aterkalla_kalendernyckel(namn)
            flash("Kalenderlänken är återkallad.", "ok")
        else:
            flash("Okänd åtgärd.", "fel")
            return redirect("/mina-utskick", 303)
        behorighet.granska("utskick_val", atgard=atgard)
        return redirect("/mina-utskick", 303)


def _sida(rubrik: str, innehall: str) -> str:
    e = html.escape
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{e(rubrik)} – Samverkansmonitorn</title>'
            f'<link rel="stylesheet" href="/assets/stil.css"></head><body><main class="inloggning" '
            f'id="huvudinnehall"><h1>{e(rubrik)}</h1>{innehall}</main></body></html>')
