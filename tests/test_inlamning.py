"""Lämna in filer (ärende #25): uppladdning, förhandsgranskning och Läs in genom appens riktiga vägar (Flask
testklient), med läsningen i en riktig barnprocess mot ett riktigt demolager."""
from __future__ import annotations

import io
import json
import os
import re

import duckdb
import pytest

from behorighet.anvandare import Anvandarfil
from config import load_settings
from figures.inlamning import radeffekt, tilldelning
from ingest.lager import lagerversion
from ingest.luhn import personnummer
from tests.conftest import DEMONYCKEL, ROOT, bygg_demolager, traff
from tests.test_inkorg import _xlsx_med_cell

LOSENORD = "ett-langt-testlosenord-2026"
BUDGET_ALE = "kommun;år;månad;budgetpost;budget;utfall\nAle;2026;1;Extratjänster;10 000;9 000\n"


@pytest.fixture(scope="module")
def demomapp(tmp_path_factory):
    mapp = tmp_path_factory.mktemp("inlamning")
    bygg_demolager(mapp, DEMONYCKEL)
    return mapp


@pytest.fixture(scope="module")
def app(demomapp):
    """En app med inloggning på demolagret, för modulen (en Läs in ändrar lagret; testerna jämför före och efter
    sina egna steg). Barnprocessen läser inställningarna ur miljön, som en inkorgsimport."""
    from app import skapa_app

    gamla = dict(os.environ)
    os.environ.update(SAMVERKAN_DATA=str(demomapp), SAMVERKAN_NYCKEL=DEMONYCKEL)
    try:
        settings = load_settings()
        fil = Anvandarfil(settings.users_file)
        for namn, roll, kommun in (("frida", "forvaltare", None), ("anna", "chef", "1440"),
                                   ("bildskarm", "projektor", None), ("sara", "styrgrupp", None)):
            fil.spara(namn, roll, kommun, LOSENORD)
        yield skapa_app(settings, settings.db_path, inloggning=True), settings
    finally:
        os.environ.clear()
        os.environ.update(gamla)


def _inloggad(app, namn):
    klient = app.server.test_client()
    token = traff(r'name="token" value="([^"]+)"', klient.get("/logga-in").get_data(as_text=True)).group(1)
    assert klient.post("/logga-in", data={"anvandare": namn, "losenord": LOSENORD, "token": token,
                                          "nasta": "/"}).status_code == 302
    token = traff(r'name="token" value="([^"]+)"', klient.get("/logga-ut").get_data(as_text=True)).group(1)
    return klient, token


def _ladda_upp(klient, token, *filer: tuple[str, bytes]):
    data = {"token": token, "filer": [(io.BytesIO(innehall), namn) for namn, innehall in filer]}
    svar = klient.post("/inlamning/filer", data=data, content_type="multipart/form-data")
    assert svar.status_code == 303, svar.get_data(as_text=True)[:300]
    inlamning_id = svar.headers["Location"].split("granskning=")[1]
    return inlamning_id, app_meta(klient, inlamning_id)


def app_meta(klient, inlamning_id):
    return json.loads((klient.application.extensions["samverkan"].inlamningar.mapp / inlamning_id / "meta.json")
                      .read_text())


def _budget(settings, kommun="1440", ar=2026):
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute("SELECT sum(budget_kr) FROM budget WHERE kommun_kod = ? AND ar = ? "
                           "AND budgetpost = 'Extratjänster'", [kommun, ar]).fetchall()[0][0]
    finally:
        con.close()


def test_forvaltaren_ser_andringen_innan_lagret_andras_och_las_in_byter_lagret(app):
    app, settings = app
    klient, token = _inloggad(app, "frida")
    fore_version, fore_budget = lagerversion(settings.db_path), _budget(settings)
    inlamning_id, meta = _ladda_upp(klient, token, ("budget_ale.csv", BUDGET_ALE.encode()))
    assert meta["status"] == "granskad"
    forhand = meta["forhand"]
    assert radeffekt(forhand["filer"][0]) == "0 nya budgetrader, 1 uppdaterade"
    assert re.fullmatch(r"Ale 2026: tilldelat [\d\u00a0]+\u00a0kr → [\d\u00a0]+\u00a0kr \(−\d+\u00a0%\)",
                        tilldelning(forhand["tilldelning"])[0]), forhand["tilldelning"]
    # Sidan visar förhandsgranskningen; lagret är orört tills Läs in.
    sida = klient.get(f"/inlamning?granskning={inlamning_id}")
    assert sida.status_code == 200
    assert lagerversion(settings.db_path) == fore_version and _budget(settings) == fore_budget
    svar = klient.post(f"/inlamning/{inlamning_id}/las-in", data={"token": token})
    assert svar.status_code == 303 and "inlast=" in svar.headers["Location"]
    assert lagerversion(settings.db_path) != fore_version and _budget(settings) != fore_budget
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        rad = con.execute("SELECT l.file_name, v.levererad_av, v.kanal FROM import_log l JOIN leverans v "
                          "USING (import_id) ORDER BY import_id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    assert rad == ("budget_ale.csv", "frida", "webb")
    logg = [json.loads(r) for r in settings.audit_log.read_text(encoding="utf-8").splitlines()]
    assert any(p["handelse"] == "inlamning_inlast" and p.get("anvandare") == "frida" for p in logg)
    # En andra Läs in av samma inlämning gör ingenting.
    klient.post(f"/inlamning/{inlamning_id}/las-in", data={"token": token})
    assert app_meta(klient, inlamning_id)["status"] == "inlast"


def test_las_in_efter_att_lagret_andrats_sager_det(app):
    app, _ = app
    klient, token = _inloggad(app, "frida")
    forsta, _ = _ladda_upp(klient, token, ("budget_kungalv.csv", BUDGET_ALE.replace("Ale", "Kungälv").encode()))
    andra, _ = _ladda_upp(klient, token, ("budget_lerum.csv", BUDGET_ALE.replace("Ale", "Lerum").encode()))
    klient.post(f"/inlamning/{andra}/las-in", data={"token": token})
    with klient.session_transaction() as session:
        session.pop("_flashes", None)
    klient.post(f"/inlamning/{forsta}/las-in", data={"token": token})
    with klient.session_transaction() as session:
        meddelanden = [text for _, text in session.get("_flashes", [])]
    assert any("Lagret har ändrats sedan förhandsgranskningen" in m for m in meddelanden)
    assert app_meta(klient, forsta)["status"] == "inlast"


def test_avbryt_lamnar_lagret_orort_och_tar_bort_inlamningen(app):
    app, settings = app
    klient, token = _inloggad(app, "frida")
    fore = lagerversion(settings.db_path)
    inlamning_id, _ = _ladda_upp(klient, token, ("budget_ale.csv", BUDGET_ALE.encode()))
    assert klient.post(f"/inlamning/{inlamning_id}/avbryt", data={"token": token}).status_code == 303
    assert lagerversion(settings.db_path) == fore
    assert not (app.server.extensions["samverkan"].inlamningar.mapp / inlamning_id).exists()


def test_chefen_for_ale_far_en_kungalvsrad_avvisad_och_bara_deltagar_och_budgetfiler(app):
    app, _ = app
    klient, token = _inloggad(app, "anna")
    rader = ["personnummer;kommun;insats;startdatum"]
    rader += [f"{personnummer(1980, 3, 1 + i, 700 + i)};Ale;Praktik;2026-10-01" for i in range(3)]
    kungalv = personnummer(1981, 4, 2, 812)
    rader.append(f"{kungalv};Kungälv;Praktik;2026-10-01")
    inlamning_id, meta = _ladda_upp(klient, token, ("deltagare_ale.csv", ("\n".join(rader) + "\n").encode()))
    fil = meta["forhand"]["filer"][0]
    assert (fil["godkanda"], fil["avvisade"]) == (3, 1)
    assert fil["toppskal"] == [["gäller inte din kommun", 1]]
    csv = klient.get(f"/inlamning/{inlamning_id}/avvisade.csv")
    text = csv.get_data().decode("utf-8-sig")
    assert csv.status_code == 200 and "gäller inte din kommun" in text and "Kungälv" in text
    assert kungalv not in text and kungalv[:8] + "-****" in text, "personnumret är maskerat"
    # Någon annans inlämning syns inte.
    annan, _ = _inloggad(app, "frida")
    assert annan.get(f"/inlamning/{inlamning_id}/avvisade.csv").status_code == 404
    _, meta = _ladda_upp(klient, token, ("projekt.csv", (ROOT / "data" / "demo" / "projekt.csv").read_bytes() + b"\n"))
    fil = meta["forhand"]["filer"][0]
    assert fil["status"] == "refuserad"
    assert "filen är en projektfil; din roll lämnar bara in budgetfiler och deltagarfiler" in fil["meddelande"]


@pytest.mark.parametrize("namn", ["bildskarm", "sara"])
def test_projektorn_och_styrgruppen_har_ingen_uppladdning(app, namn):
    app, _ = app
    klient, token = _inloggad(app, namn)
    svar = klient.post("/inlamning/filer", data={"token": token, "filer": [(io.BytesIO(b"x"), "a.csv")]},
                       content_type="multipart/form-data")
    assert svar.status_code == 403
    assert klient.get("/inlamning").status_code == 403


def test_en_fientlig_xlsx_refuseras_med_gransen_och_servern_svarar(app, tmp_path):
    app, _ = app
    klient, token = _inloggad(app, "frida")
    fil = _xlsx_med_cell(tmp_path / "fientlig.xlsx", "ZZ200000")
    _, meta = _ladda_upp(klient, token, ("fientlig.xlsx", fil.read_bytes()))
    resultat = meta["forhand"]["filer"][0]
    assert resultat["status"] == "refuserad" and "gränsen är 500 kolumner (SAMVERKAN_MAX_KOLUMNER)" in resultat["meddelande"]
    assert klient.get("/halsa").status_code == 200


def test_fel_filformat_och_for_stor_uppladdning_far_ett_svenskt_svar(demomapp, tmp_path, monkeypatch):
    import shutil

    from app import skapa_app

    shutil.copytree(demomapp, tmp_path / "data")
    monkeypatch.setenv("SAMVERKAN_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("SAMVERKAN_NYCKEL", DEMONYCKEL)
    monkeypatch.setenv("SAMVERKAN_MAX_FIL_MB", "1")
    settings = load_settings()
    Anvandarfil(settings.users_file).spara("frida", "forvaltare", None, LOSENORD)
    app = skapa_app(settings, settings.db_path, inloggning=True)
    klient, token = _inloggad(app, "frida")
    svar = klient.post("/inlamning/filer", data={"token": token, "filer": [(io.BytesIO(b"x"), "bild.png")]},
                       content_type="multipart/form-data")
    with klient.session_transaction() as session:
        meddelanden = [text for _, text in session.get("_flashes", [])]
    assert svar.status_code == 303 and any("bild.png: bara xlsx, csv och txt tas emot" in m for m in meddelanden)
    # Gränsen (här 1 MB) prövas innan kroppen läses: 3 MB får 413 med gränsen namngiven, inget sparas.
    # Kroppen byggd här: testklientens egen kodning lägger en stor kropp i en temporär fil som den inte stänger.
    kropp = (f'--g\r\nContent-Disposition: form-data; name="token"\r\n\r\n{token}\r\n--g\r\nContent-Disposition: '
             'form-data; name="filer"; filename="stor.csv"\r\n\r\n').encode() + b"0" * (3 << 20) + b"\r\n--g--\r\n"
    svar = klient.post("/inlamning/filer", data=kropp, content_type="multipart/form-data; boundary=g")
    assert svar.status_code == 413
    assert "större än gränsen 1 MB (SAMVERKAN_MAX_FIL_MB)" in svar.get_data(as_text=True)
    assert not any((tmp_path / "data" / "inlamningar").glob("*/filer/stor.csv"))
    assert klient.get("/halsa").status_code == 200


def test_datakvalitet_ser_en_saknad_manad_och_en_start_efter_leveransen(ingest, settings, tmp_path):
    """Ärende #25 punkt 6: en start efter leveransdagen är ett datafel, och en månad utan data mellan den
    första och den sista flaggas."""
    import datetime as dt

    import queries
    from behorighet import atkomst_for

    idag = dt.date.today()
    fil = tmp_path / "deltagare_luckor.csv"
    fil.write_text("personnummer;kommun;insats;startdatum\n"
                   f"{personnummer(1970, 1, 1, 101)};Ale;Praktik;2026-01-15\n"
                   f"{personnummer(1970, 1, 2, 102)};Ale;Praktik;2026-03-15\n"
                   f"{personnummer(1970, 1, 3, 103)};Ale;Praktik;{idag + dt.timedelta(days=40):%Y-%m-%d}\n",
                   encoding="utf-8")
    ingest(fil)
    df = queries.Lager(settings.db_path).run("leveranser", atkomst_for("styrgrupp", 5))
    rad = df.set_index("kalla").loc["deltagare"]
    assert rad.fil == "deltagare_luckor.csv" and rad.levererad_av == "inkorgen eller kommandoraden"
    assert rad.framtida == 1
    assert rad.saknade.startswith("2026-02") and rad.antal_saknade >= 1
    import pandas as pd

    # En månad efter leveransen (den 31 januari ger den sista februari, som i DuckDB).
    assert rad.nasta.date() == (pd.Timestamp(rad.inlast.date()) + pd.DateOffset(months=1)).date()
    from figures.datakvalitet import kallans_lage

    text = kallans_lage({**rad.to_dict(), "dagar_sedan": 0}, 45)
    assert "⚠ Saknar" in text and "2026-02" in text and "⚠ 1 rad med datum efter leveransen" in text
