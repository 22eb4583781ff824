"""python app.py hamta scb och hamta af, och bevakarens månatliga hämtning (ärende #25 punkt 5): mot servrar på
den egna datorn som svarar som SCB:s PxWeb API 2 (json-stat2) och AF:s CSV-fil, aldrig mot SCB eller AF."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_hamta import _server, _Svar

ETIKETTER = {"Region": "region", "Alder": "ålder", "Kon": "kön", "ContentsCode": "tabellinnehåll", "Tid": "år"}


def _jsonstat(urval: dict[str, list[str]]) -> dict:
    """Ett json-stat2-svar för urvalet, som SCB svarar: dimensionerna i frågans ordning, ett värde per cell."""
    ordning = list(ETIKETTER)
    storlek = [len(urval[d]) for d in ordning]
    antal = 1
    for n in storlek:
        antal *= n
    return {"version": "2.0", "class": "dataset", "id": ordning, "size": storlek,
            "dimension": {d: {"label": ETIKETTER[d], "category": {
                "index": {k: i for i, k in enumerate(urval[d])}, "label": {k: k for k in urval[d]}}}
                for d in ordning},
            "value": [100 + (i % 7) for i in range(antal)]}


@pytest.fixture
def inspelad_scb():
    fragor: list[dict] = []

    class Svar(_Svar):
        def do_GET(self):
            if self.path.startswith("/api/v2/config"):
                return self.svara(200, {"apiVersion": "2.0.0", "maxDataCells": 150000, "maxCallsPerTimeWindow": 30,
                                        "timeWindow": 10, "defaultLanguage": "sv"})
            if self.path.startswith("/api/v2/tables"):
                return self.svara(200, {"page": {"totalElements": 1}})
            return self.svara(404, {"title": "okänd"})

        def do_POST(self):
            langd = int(self.headers.get("Content-Length", "0"))
            fraga = json.loads(self.rfile.read(langd))
            fragor.append({"sokvag": self.path, "fraga": fraga})
            urval = {s["variableCode"]: s["valueCodes"] for s in fraga["selection"]}
            return self.svara(200, _jsonstat(urval))

    with _server(Svar) as url:
        yield url.replace("/v3/", "/api/v2"), fragor


AF_CSV = ("MANAD;LANSKOD;KOMMUNKOD;KOEN;AFKOD;ANTAL\n2026-10;14;1440;K;87;57\n2026-10;14;1440;M;87;61\n"
          "2026-10;14;1480;K;87;2 157\n2026-10;01;0180;K;87;9 999\n")


@pytest.fixture
def inspelad_af():
    class Svar(_Svar):
        def do_GET(self):
            data = AF_CSV.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with _server(Svar) as url:
        yield url.replace("/v3/", "/arbetssokande.csv")


def _app(env: dict, *argument: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "app.py", *argument], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120, check=False)


def test_hamta_scb_skriver_folkmangden_som_befolkningsfil_som_lases_in(settings, inspelad_scb, ingest, lager):
    url, fragor = inspelad_scb
    env = {"SAMVERKAN_DATA": str(settings.data_dir), "SAMVERKAN_SCB_URL": url,
           "SAMVERKAN_NYCKEL": os.environ["SAMVERKAN_NYCKEL"]}
    svar = _app(env, "hamta", "scb", "--ar", "2025")
    assert svar.returncode == 0, svar.stderr
    assert "Hämtade folkmängden 2025" in svar.stdout
    # En fråga om regionens 13 kommuner, ettårsklasser och båda könen (pxwebpy bygger den).
    urval = {s["variableCode"]: s["valueCodes"] for s in fragor[0]["fraga"]["selection"]}
    assert fragor[0]["sokvag"].startswith("/api/v2/tables/TAB638/data")
    assert len(urval["Region"]) == 13 and urval["Tid"] == ["2025"] and urval["Kon"] == ["1", "2"]
    filer = list(settings.inbox_dir.glob("befolkning_scb_2025_*.csv"))
    assert len(filer) == 1
    rapport = ingest(filer[0])
    assert rapport.filer[0].filtyp == "befolkning" and rapport.filer[0].avvisade == 0
    assert lager("SELECT count(DISTINCT kommun_kod), min(ar), max(ar) FROM befolkning") == [(13, 2025, 2025)]


def test_hamta_af_skriver_filen_som_lases_in_och_utan_adress_en_svensk_rad(settings, inspelad_af, ingest, lager):
    env = {"SAMVERKAN_DATA": str(settings.data_dir), "SAMVERKAN_NYCKEL": os.environ["SAMVERKAN_NYCKEL"]}
    svar = _app(env, "hamta", "af")
    assert svar.returncode == 1 and "SAMVERKAN_AF_URL är inte satt" in svar.stderr and "Traceback" not in svar.stderr
    svar = _app({**env, "SAMVERKAN_AF_URL": inspelad_af}, "hamta", "af")
    assert svar.returncode == 0, svar.stderr
    fil = next(settings.inbox_dir.glob("arbetsmarknad_af_*.csv"))
    rapport = ingest(fil)
    assert rapport.filer[0].filtyp == "arbetsmarknad" and rapport.filer[0].hoppade == 1  # Stockholm: utanför GR
    assert lager("SELECT sum(antal) FROM arbetsmarknad WHERE kommun_kod = '1440'") == [(118.0,)]


@pytest.mark.parametrize("kalla", ["scb", "af"])
def test_utan_forbindelse_en_svensk_rad_och_inget_skrivs(settings, kalla):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        stangd = s.getsockname()[1]
    env = {"SAMVERKAN_DATA": str(settings.data_dir), "SAMVERKAN_NYCKEL": os.environ["SAMVERKAN_NYCKEL"],
           "SAMVERKAN_SCB_URL": f"http://127.0.0.1:{stangd}/api/v2",
           "SAMVERKAN_AF_URL": f"http://127.0.0.1:{stangd}/af.csv"}
    svar = _app(env, "hamta", kalla)
    assert svar.returncode == 1 and "Ingen förbindelse med" in svar.stderr and "Traceback" not in svar.stderr
    assert not list(settings.inbox_dir.glob("*.csv")) if settings.inbox_dir.exists() else True


def test_bevakaren_hamtar_kallorna_i_samverkan_hamta_en_gang_i_manaden(settings, inspelad_scb, inspelad_af):
    import dataclasses
    import datetime as dt

    from ingest.hamta import hamta_det_som_ar_dags

    url, _ = inspelad_scb
    s = dataclasses.replace(settings, hamta=("scb", "af"), scb_url=url, af_url=inspelad_af)
    forsta = hamta_det_som_ar_dags(s, dt.date(2026, 12, 3))
    assert [r.split(":")[0] for r in forsta] == ["scb", "af"]
    assert len(list(s.inbox_dir.glob("*.csv"))) == 2
    assert hamta_det_som_ar_dags(s, dt.date(2026, 12, 20)) == [], "samma månad: inget hämtas igen"
    # En källa som inte går att nå provas igen nästa varv; den andra är redan hämtad för månaden.
    trasig = dataclasses.replace(s, af_url="http://127.0.0.1:9/af.csv")
    januari = hamta_det_som_ar_dags(trasig, dt.date(2027, 1, 2))
    assert januari[0].startswith("scb:") and "Ingen förbindelse" in januari[1]
    assert hamta_det_som_ar_dags(s, dt.date(2027, 1, 3))[0].startswith("af:")
