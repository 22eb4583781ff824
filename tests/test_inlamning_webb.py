"""Lämna in filer i en riktig webbläsare mot en riktig server med inloggning (ärende #25): dataförvaltaren
laddar upp en budgetfil, ser ändringen, lagret är orört tills Läs in, och efteråt visar sidorna de nya
siffrorna och importloggen vem som lämnade in. Projektorn har ingen uppladdning; en för stor uppladdning
avbryts med gränsen namngiven och servern svarar vidare."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import duckdb
import pytest

from figures import format as fmt
from tests.conftest import traff
from tests.test_behorighet import LOSENORD, _http, _inloggad_jar
from tests.test_samrad import _logga_in
from tests.webb import ROOT, WEBBNYCKEL, _konsolfel, _ritad, _vanta, starta_server

GRANS_MB = 2  # servern i testet: en låg gräns, så att strömmen kan provas utan att skriva en gigabyte


@pytest.fixture(scope="module")
def inlamningsserver(tmp_path_factory):
    data = tmp_path_factory.mktemp("inlamning")
    env = dict(os.environ, SAMVERKAN_DATA=str(data), SAMVERKAN_NYCKEL=WEBBNYCKEL,
               SAMVERKAN_NYTT_LOSENORD=LOSENORD)
    for namn, roll, kommun in (("frida", "forvaltare", None), ("ale", "chef", "Ale"), ("bildskarm", "projektor", None)):
        subprocess.run([sys.executable, str(ROOT / "app.py"), "anvandare", namn, "--roll", roll,
                        *(["--kommun", kommun] if kommun else [])], env=env, check=True, capture_output=True)
    with starta_server(data, "--host", "127.0.0.1", SAMVERKAN_INLOGGNING="på",
                       SAMVERKAN_MAX_FIL_MB=str(GRANS_MB)) as url:
        yield url


def _ingen_axe_overtradelse(br) -> None:
    from tests.test_tillganglighet import _axe

    resultat = _axe(br)
    assert resultat.get("violations") == [], [(v["id"], [n["target"] for n in v["nodes"]])
                                              for v in resultat.get("violations", [])]


def _version(url) -> str:
    return json.loads(_http(url + "/halsa", jar=_inloggad_jar(url, "frida"))[1])["lagerversion"]


def _ale_2026(data: Path) -> float:
    con = duckdb.connect(str(data / "lager" / "samverkan.duckdb"), read_only=True)
    try:
        return con.execute("SELECT sum(budget_kr) FROM budget WHERE kommun_kod = '1440' AND ar = 2026 "
                           "AND manad <= 10 AND budgetpost = 'Extratjänster'").fetchall()[0][0]
    finally:
        con.close()


def test_forvaltaren_laddar_upp_ser_andringen_och_laser_in(dash_br, inlamningsserver, tmp_path):
    url = inlamningsserver
    fil = tmp_path / "budget_webb.csv"
    fil.write_text("kommun;år;månad;budgetpost;budget;utfall\nAle;2026;1;Extratjänster;5 000 000;90 000\n",
                   encoding="utf-8")
    fore_version, fore_ale = _version(url), _ale_2026(url.data)
    _logga_in(dash_br, url, "frida")
    dash_br.find_element("#nav-inlamning").click()
    valet = dash_br.wait_for_element("#inlamning-filer")
    _ingen_axe_overtradelse(dash_br)
    valet.send_keys(str(fil))
    dash_br.find_element(".inlamningsformular button[type=submit]").click()
    _vanta(dash_br, lambda: "Ale 2026: tilldelat" in dash_br.find_element("#granskning-tilldelning").text, tid=60)
    assert "→" in dash_br.find_element("#granskning-tilldelning").text
    _ingen_axe_overtradelse(dash_br)
    assert "0 nya budgetrader, 1 uppdaterade" in dash_br.find_element("#granskning-filer").text
    # Förhandsgranskningen ändrade inget.
    assert _version(url) == fore_version and _ale_2026(url.data) == fore_ale
    dash_br.find_element("#inlamning-las-in").click()
    _vanta(dash_br, lambda: "budget_webb.csv" in dash_br.find_element("#inlast-filer").text, tid=60)
    assert _version(url) != fore_version
    efter_ale = _ale_2026(url.data)
    assert efter_ale > fore_ale + 4_000_000
    # De nya siffrorna på /extratjanster: Ales tilldelning hittills i år i tabellen.
    dash_br.driver.get(url + "/extratjanster?kommun=1440&fran=2026-01&till=2026-10")
    _ritad(dash_br, "budget-kommun")
    _vanta(dash_br, lambda: fmt.kr(efter_ale) in dash_br.driver.execute_script(
        "return document.querySelector('#budget-kommun-tabell').textContent"))
    dash_br.driver.get(url + "/datakvalitet")
    _vanta(dash_br, lambda: "budget_webb.csv" in dash_br.find_element("#importlogg").text)
    rad = next(r for r in dash_br.find_element("#importlogg").text.splitlines() if "budget_webb.csv" in r)
    assert "frida" in rad
    assert _konsolfel(dash_br) == []


def test_chefen_for_ale_ser_kungalvsraden_avvisad(dash_br, inlamningsserver, tmp_path):
    from ingest.luhn import personnummer

    url = inlamningsserver
    fil = tmp_path / "deltagare_ale.csv"
    fil.write_text("personnummer;kommun;insats;startdatum\n"
                   f"{personnummer(1979, 5, 5, 431)};Ale;Praktik;2026-10-01\n"
                   f"{personnummer(1979, 5, 6, 432)};Kungälv;Praktik;2026-10-01\n", encoding="utf-8")
    _logga_in(dash_br, url, "ale")
    dash_br.driver.get(url + "/inlamning")
    dash_br.wait_for_element("#inlamning-filer").send_keys(str(fil))
    dash_br.find_element(".inlamningsformular button[type=submit]").click()
    _vanta(dash_br, lambda: "gäller inte din kommun" in dash_br.find_element("#granskning-filer").text, tid=60)
    assert "1 godkända, 1 avvisade" in dash_br.find_element("#granskning-filer").text
    dash_br.find_element("#inlamning-avbryt").click()
    _vanta(dash_br, lambda: "Inget lästes in" in dash_br.find_element("#meddelanden").text)


def test_projektorn_har_ingen_uppladdning_och_far_403(dash_br, inlamningsserver):
    url = inlamningsserver
    _logga_in(dash_br, url, "bildskarm")
    assert not dash_br.find_element("#nav-inlamning").is_displayed()
    jar = _inloggad_jar(url, "bildskarm")
    status, _, _ = _http(url + "/inlamning/filer", b"x", jar, {"Content-Type": "multipart/form-data; boundary=g"})
    assert status == 403
    assert _http(url + "/inlamning", jar=jar, headers={"Accept": "text/html"})[0] == 403


def _kaka_och_token(url, namn) -> tuple[str, str]:

    jar = _inloggad_jar(url, namn)
    token = traff(r'name="token" value="([^"]+)"', _http(url + "/logga-ut", jar=jar)[1]).group(1)
    return "; ".join(f"{c.name}={c.value}" for c in jar), token


def test_en_2_gb_uppladdning_och_en_strom_utan_langd_avbryts_vid_gransen_och_servern_svarar(inlamningsserver):
    url = inlamningsserver
    vard = urllib.parse.urlsplit(url)
    kaka, token = _kaka_och_token(url, "frida")
    # 2 GB enligt huvudet: servern svarar 413 innan kroppen läses.
    con = http.client.HTTPConnection(vard.hostname, vard.port, timeout=30)
    con.putrequest("POST", "/inlamning/filer")
    for namn, varde in (("Cookie", kaka), ("Content-Type", "multipart/form-data; boundary=g"),
                        ("Content-Length", str(2 << 30))):
        con.putheader(namn, varde)
    con.endheaders()
    con.send(b"--g\r\n" + b"0" * (256 << 10))
    svar = con.getresponse()
    assert svar.status == 413 and f"större än gränsen {GRANS_MB} MB (SAMVERKAN_MAX_FIL_MB)" in svar.read().decode()
    con.close()
    # Utan längd (chunked), med giltig token: utan gränsen skulle filen sparas. Strömmen räknas medan den tas
    # emot och klipps vid gränsen.
    con = http.client.HTTPConnection(vard.hostname, vard.port, timeout=30)
    kropp = (f'--g\r\nContent-Disposition: form-data; name="token"\r\n\r\n{token}\r\n'.encode()
             + b'--g\r\nContent-Disposition: form-data; name="filer"; filename="stor.csv"\r\n\r\n'
             + b"0" * ((GRANS_MB + 3) << 20) + b"\r\n--g--\r\n")

    def bitar():
        for i in range(0, len(kropp), 1 << 16):
            yield kropp[i:i + (1 << 16)]

    try:
        con.request("POST", "/inlamning/filer", body=bitar(), encode_chunked=True,
                    headers={"Cookie": kaka, "Content-Type": "multipart/form-data; boundary=g",
                             "Transfer-Encoding": "chunked"})
        svar = con.getresponse()
        assert svar.status == 413
    except (BrokenPipeError, ConnectionResetError):
        pass  # servern stängde när gränsen nåddes, medan klienten fortfarande skickade: också ett avbrott
    finally:
        con.close()
    assert not list((url.data / "inlamningar").glob("*/filer/stor.csv"))
    assert _http(url + "/logga-in")[0] == 200, "servern svarar vidare"
