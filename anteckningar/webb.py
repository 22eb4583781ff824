"""Skrivvägen för anteckningar: POST /anteckningar med sessionens formulärtoken, rollen prövad på servern.

Formuläret på sidorna är ett vanligt HTML-formulär (fungerar med tangentbord och utan skript). Ett
svar är alltid en omdirigering tillbaka (303) med ett svenskt meddelande, utom när rollen inte får
skriva för kommunen: då 403, och händelsen står i granskningsloggen.
"""
from __future__ import annotations

import hmac
from collections.abc import Callable

from flask import Response, flash, redirect, request, session

from anteckningar import Anteckningar, Anteckningsfel, Behorighet, Skribent
from behorighet import webb as behorighet


def _tillbaka(nasta: str | None) -> str:
    return behorighet.samma_webbplats(nasta)  # aldrig till en annan webbplats


def installera(server, bok: Anteckningar, region: Callable[[], frozenset[str]]) -> None:
    @server.route("/anteckningar", methods=["POST"])
    def spara_anteckning():
        nasta = _tillbaka(request.form.get("nasta"))
        if not hmac.compare_digest(request.form.get("token", ""), session.get("token", "-")):
            behorighet.granska("ogiltig_formulartoken", formular="anteckning")
            flash("Formuläret hade gått ut. Försök igen.", "fel")
            return redirect(nasta, 303)
        atk = behorighet.aktuell()
        skribent = Skribent(atk.anvandare or "lokal användare", atk.roll, atk.hemkommun)
        atgard = request.form.get("atgard", "skapa")
        try:
            if atgard == "skapa":
                bok.skapa(skribent, typ=request.form.get("typ", ""), kommun_kod=request.form.get("kommun", ""),
                          period=request.form.get("period", ""), text=request.form.get("text", ""),
                          amne=request.form.get("amne"), ansvarig=request.form.get("ansvarig"),
                          klart_senast=request.form.get("klart_senast") or None, region=region())
                flash("Anteckningen är sparad.", "ok")
            elif atgard in ("klar", "radera"):
                try:
                    anteckning_id = int(request.form.get("id", ""))
                except ValueError as exc:
                    raise Anteckningsfel("Anteckningen finns inte.") from exc
                if atgard == "klar":
                    bok.andra(skribent, anteckning_id, status="klar")
                    flash("Uppföljningen är markerad som klar.", "ok")
                else:
                    bok.radera(skribent, anteckning_id)
                    flash("Anteckningen är borttagen (styrgruppen kan fortfarande se den).", "ok")
            else:
                raise Anteckningsfel("Okänd åtgärd.")
        except Behorighet as exc:
            behorighet.granska("vagrad_anteckning", vad=str(exc), kommun=request.form.get("kommun", "")[:12])
            return Response("Din roll får inte skriva anteckningar för den kommunen.", 403, mimetype="text/plain")
        except Anteckningsfel as exc:
            flash(f"Anteckningen sparades inte: {exc}", "fel")
            return redirect(nasta, 303)
        behorighet.granska("anteckning", atgard=atgard, kommun=request.form.get("kommun", "")[:12])
        return redirect(nasta, 303)
