"""Lämna in filer: vägarna i Flask-servern (sidan själv är dashboards/inlamning.py).

- POST /inlamning/filer            ladda upp och förhandsgranska (multipart; gränsen prövas på strömmen)
- GET  /inlamning/<id>/avvisade.csv de avvisade raderna, personnummer maskerade, cellerna inerta
- POST /inlamning/<id>/las-in       läs in i lagret (samma atomära byte som inkorgen)
- POST /inlamning/<id>/avbryt       ta bort inlämningen; lagret är orört

Rollen prövas på servern (behorighet.INLAMNING): projektorn och styrgruppen får 403. Varje steg står i
granskningsloggen med vem och vilka filer.
"""
from __future__ import annotations

import dataclasses
import hmac
from pathlib import Path

import duckdb
from flask import Response, flash, redirect, request, session
from werkzeug.exceptions import RequestEntityTooLarge

from behorighet import INLAMNING
from behorighet import webb as behorighet
from config import Settings
from ingest.forhandsgranskning import KOPIA
from ingest.inkorg import Karantan, inlamning_i_egen_process
from ingest.lager import lagerversion
from ingest.pipeline import Leverans
from inlamning import FILFORMAT, MAX_FILER, Inlamningar, filnamn

SIDA = "/inlamning"


def _mb(byte: int) -> str:
    return f"{byte >> 20:,}".replace(",", "\u00a0")


def installera(server, settings: Settings, inlamningar: Inlamningar) -> None:
    # Hela uppladdningen (alla filer och formulärfälten) får vara som en fil enligt inkorgens gräns.
    grans = settings.granser.max_byte + (1 << 20)

    def leverans() -> Leverans | Response:
        atk = behorighet.aktuell()
        if atk.roll not in INLAMNING or not atk.anvandare or (atk.roll == "chef" and not atk.hemkommun):
            behorighet.granska("vagrad_inlamning", sida=request.path[:100])
            return Response("Din roll lämnar inte in filer.", 403, mimetype="text/plain")
        return Leverans(atk.anvandare, "webb", atk.hemkommun if atk.roll == "chef" else None, INLAMNING[atk.roll])

    def giltig_token() -> bool:
        if hmac.compare_digest(request.form.get("token", ""), session.get("token", "-")):
            return True
        behorighet.granska("ogiltig_formulartoken", formular="inlamning")
        flash("Formuläret hade gått ut. Försök igen.", "fel")
        return False

    @server.route("/inlamning/filer", methods=["POST"])
    def ladda_upp():
        lev = leverans()
        if isinstance(lev, Response):
            return lev
        # Före första läsningen av kroppen: Werkzeug avbryter strömmen vid gränsen (413), och filerna
        # skrivs till disk medan de tas emot, aldrig hela i minnet.
        request.max_content_length = grans
        try:
            return _ladda_upp(lev)
        finally:
            for _, f in request.files.items(multi=True):
                f.close()  # Werkzeugs temporära filer för uppladdningen

    def _ladda_upp(lev: Leverans):
        if not giltig_token():
            return redirect(SIDA, 303)
        filer = [f for f in request.files.getlist("filer") if f and f.filename]
        if not filer:
            flash("Välj en eller flera filer (xlsx, csv eller txt).", "fel")
            return redirect(SIDA, 303)
        if len(filer) > MAX_FILER:
            flash(f"Högst {MAX_FILER} filer åt gången.", "fel")
            return redirect(SIDA, 303)
        namn = [filnamn(f.filename or "") for f in filer]
        fel_format = [n for n in namn if not n.lower().endswith(FILFORMAT)]
        if fel_format:
            flash(f"{', '.join(fel_format)}: bara xlsx, csv och txt tas emot. Inget lästes.", "fel")
            return redirect(SIDA, 303)
        inlamning_id, mapp, meta = inlamningar.ny(lev.av, behorighet.aktuell().roll)
        sparade: list[Path] = []
        for f, fil in zip(filer, namn, strict=True):
            mal = mapp / "filer" / fil
            if mal.exists():
                mal = mal.with_name(f"{mal.stem}_{len(sparade)}{mal.suffix}")
            f.save(mal)
            sparade.append(mal)
        meta["filer"] = [p.name for p in sparade]
        try:
            meta["forhand"] = inlamning_i_egen_process(sparade, settings, lev, forhand=mapp / "granskning")
            meta["status"] = "granskad"
        except Karantan as exc:
            meta["status"], meta["fel"] = "fel", str(exc)
        inlamningar.spara(inlamning_id, meta)
        behorighet.granska("inlamning_granskad", inlamning=inlamning_id, filer=meta["filer"], status=meta["status"])
        return redirect(f"{SIDA}?granskning={inlamning_id}", 303)

    @server.route("/inlamning/<inlamning_id>/avvisade.csv")
    def avvisade(inlamning_id: str):
        from export.uttag import som_csv

        lev = leverans()
        if isinstance(lev, Response):
            return lev
        meta = inlamningar.hamta(inlamning_id, lev.av)
        kopia = (inlamningar.mapp_for(inlamning_id) or inlamningar.mapp) / "granskning" / KOPIA
        if meta is None or not kopia.exists():
            return Response("Förhandsgranskningen finns inte (längre).", 404, mimetype="text/plain")
        con = duckdb.connect(str(kopia), read_only=True)
        try:
            rader = con.execute(
                "SELECT file_name, line_no, reason, rad FROM rejected_rows WHERE import_id >= ? "
                "ORDER BY import_id, line_no", [meta["forhand"]["forsta_import"]]).fetchall()
        finally:
            con.close()
        data = som_csv([{"Fil": f, "Rad": r, "Skäl": s, "Radens innehåll (personnummer maskerade)": i}
                        for f, r, s, i in rader])
        behorighet.granska("nedladdning", fil="avvisade_rader.csv", inlamning=inlamning_id)
        return Response(data, 200, mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="avvisade_rader.csv"'})

    @server.route("/inlamning/<inlamning_id>/las-in", methods=["POST"])
    def las_in(inlamning_id: str):
        lev = leverans()
        if isinstance(lev, Response):
            return lev
        if not giltig_token():
            return redirect(f"{SIDA}?granskning={inlamning_id}", 303)
        meta = inlamningar.hamta(inlamning_id, lev.av)
        if meta is None or meta.get("status") != "granskad":
            flash("Inlämningen finns inte, eller är redan inläst eller avbruten.", "fel")
            return redirect(SIDA, 303)
        if meta.get("forhand", {}).get("bas") != lagerversion(settings.db_path):
            # En annan fil lästes in efter förhandsgranskningen: importen görs mot lagret som det är nu.
            flash("Lagret har ändrats sedan förhandsgranskningen (en annan fil har lästs in). Filerna lästes in "
                  "mot lagret som det är nu; resultatet nedan kan skilja sig från förhandsgranskningen.", "fel")
        try:
            resultat = inlamning_i_egen_process(inlamningar.filer(inlamning_id), settings, lev)
        except Karantan as exc:
            flash(f"Inläsningen avbröts: {exc}. Lagret är oförändrat.", "fel")
            behorighet.granska("inlamning_avbruten", inlamning=inlamning_id, skal=str(exc)[:200])
            return redirect(f"{SIDA}?granskning={inlamning_id}", 303)
        meta["status"], meta["resultat"] = "inlast", [dataclasses.asdict(r) for r in resultat]
        inlamningar.spara(inlamning_id, meta)
        inlamningar.ta_bort_kopian(inlamning_id)
        behorighet.granska("inlamning_inlast", inlamning=inlamning_id, filer=meta["filer"],
                           godkanda=sum(r.godkanda for r in resultat))
        return redirect(f"{SIDA}?inlast={inlamning_id}", 303)

    @server.route("/inlamning/<inlamning_id>/avbryt", methods=["POST"])
    def avbryt(inlamning_id: str):
        lev = leverans()
        if isinstance(lev, Response):
            return lev
        if giltig_token() and inlamningar.hamta(inlamning_id, lev.av) is not None:
            inlamningar.ta_bort(inlamning_id)
            behorighet.granska("inlamning_avbruten", inlamning=inlamning_id)
            flash("Inlämningen är avbruten. Inget lästes in.", "ok")
        return redirect(SIDA, 303)

    @server.errorhandler(RequestEntityTooLarge)
    def for_stor(_fel):
        behorighet.granska("for_stor_inlamning", sida=request.path[:100])
        text = (f"Uppladdningen är större än gränsen {_mb(settings.granser.max_byte)} MB (SAMVERKAN_MAX_FIL_MB) "
                "och avbröts. Inget har lästs in.")
        return Response(f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>För stor fil – '
                        f'Samverkansmonitorn</title><link rel="stylesheet" href="/assets/stil.css"></head><body>'
                        f'<main class="inloggning"><h1>För stor fil</h1><p role="alert">{text}</p>'
                        f'<p><a href="{SIDA}">Tillbaka till Lämna in filer</a></p></main></body></html>',
                        413, mimetype="text/html", headers={"Connection": "close"})
