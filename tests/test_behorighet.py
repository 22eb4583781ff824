"""Inloggning, roller och att inget läcker: en riktig server med inloggning på, en riktig webbläsare.

Servern läser demodata plus en projekt- och budgetfil med <script> i texten.
"""
from __future__ import annotations

import csv
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import skriv, traff
from tests.webb import ROOT, SIDOR, WEBBNYCKEL, _konsolfel, _ritad, _vanta, starta_server

LOSENORD = "ett-langt-testlosenord-2026"
ANVANDARE = {"sara": ("styrgrupp", None), "anna": ("chef", "Öckerö"), "bildskarm": ("projektor", None)}
SKRIPT_PROJEKT = "<script>window.__xss=1</script>Projekt Skript"
SKRIPT_KOMMENTAR = '<img src=x onerror="window.__xss=2">Kommentar'
PERSONKOLUMNER = {"Deltagare", "Avslutade", "Till arbete/studier", "I arbete/studier 90 dagar", "Personer",
                  "Aktiva deltagare", "Deltagare i jobbspår", "Uppföljda 90 dagar", "Uppföljda", "I arbete/studier",
                  "Uppföljda efter den sista", "I arbete eller studier"}


def _demo_personnummer() -> set[str]:
    """Alla personnummer i demofilerna (CSV/TXT; XLSX via calamine), i 12-siffrig form utan bindestreck."""
    from python_calamine import CalamineWorkbook

    text = ""
    for fil in (ROOT / "data" / "demo").glob("deltagare*"):
        if fil.suffix == ".xlsx":
            bok = CalamineWorkbook.from_path(str(fil))
            text += "\n".join(";".join(map(str, rad)) for rad in bok.get_sheet_by_index(0).to_python())
        else:
            text += fil.read_bytes().decode("utf-8", "replace")
    hittade = set()
    for m in re.finditer(r"(?<!\d)(19|20)?(\d{6})[-+]?(\d{4})(?!\d)", text):
        hittade.add((m.group(1) or "19") + m.group(2) + m.group(3))
    return hittade


@pytest.fixture(scope="module")
def skyddad_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("skyddad")
    env = dict(os.environ, SAMVERKAN_DATA=str(data), SAMVERKAN_NYCKEL=WEBBNYCKEL,
               SAMVERKAN_NYTT_LOSENORD=LOSENORD)
    for namn, (roll, kommun) in ANVANDARE.items():
        subprocess.run([sys.executable, str(ROOT / "app.py"), "anvandare", namn, "--roll", roll,
                        *(["--kommun", kommun] if kommun else [])], env=env, check=True, capture_output=True)
    extra = data / "extra"
    skriv(extra / "projekt_skript.csv", "projekt;dnr;startdatum;slutdatum;kommuner;total budget;mål arbete/studier\n"
                                        f"{SKRIPT_PROJEKT};2026/99999;2026-01-01;2026-12-31;Ale;100 000 kr;40 %\n")
    skriv(extra / "budget_skript.csv", "kommun;år;månad;budgetpost;budget;utfall;kommentar\n"
                                       f"Ale;2026;1;Extratjänster;100 000;90 000;{SKRIPT_KOMMENTAR}\n")
    r = subprocess.run([sys.executable, str(ROOT / "app.py"), "ingest", str(ROOT / "data" / "demo"), str(extra)],
                       env=env, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    with starta_server(data, "--host", "127.0.0.1", SAMVERKAN_INLOGGNING="på") as url:
        yield url


def _http(url: str, data: bytes | None = None, jar=None, headers=None):
    """(status, text, slutadress) utan att följa omdirigeringar till inloggningen osynligt."""
    class IngenOmdirigering(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **kw):
            return None

    oppnare = urllib.request.build_opener(IngenOmdirigering, urllib.request.HTTPCookieProcessor(jar if jar is not None else http.cookiejar.CookieJar()))
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with oppnare.open(req, timeout=30) as svar:
            return svar.status, svar.read().decode("utf-8", "replace"), svar.headers
    except urllib.error.HTTPError as fel:
        return fel.code, fel.read().decode("utf-8", "replace"), fel.headers


def _inloggad_jar(url: str, namn: str) -> http.cookiejar.CookieJar:
    jar = http.cookiejar.CookieJar()
    _, sida, _ = _http(url + "/logga-in", jar=jar)
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    form = urllib.parse.urlencode({"anvandare": namn, "losenord": LOSENORD, "token": token, "nasta": "/"}).encode()
    status, _, _ = _http(url + "/logga-in", form, jar, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302
    return jar


def _logga_in(br, url: str, namn: str, losenord: str = LOSENORD) -> None:
    br.driver.get(url + "/logga-in")
    br.wait_for_element("#anvandare").send_keys(namn)
    br.find_element("#losenord").send_keys(losenord)
    br.find_element("button[type=submit]").click()


def test_utan_inloggning_vagras_varje_sida_callback_och_nedladdning(skyddad_server):
    url = skyddad_server
    for sida in [*SIDOR, "/presentation", "/tillganglighet", "/_dash-layout", "/_dash-dependencies"]:
        status, text, huvuden = _http(url + sida)
        assert status in (302, 401), (sida, status)
        assert "Samverkansmonitorn" not in text or "Logga in" in text
        if status == 302:
            assert huvuden["Location"].startswith("/logga-in")
    # Varje callback (nedladdningarna och mötespaketet är också callbacks), med riktiga id:n från appen.
    _, beroenden, _ = _http(url + "/_dash-dependencies", jar=_inloggad_jar(url, "sara"))
    callbacks = json.loads(beroenden)
    assert len(callbacks) > 20
    for cb in callbacks:
        kropp = {"output": cb["output"], "outputs": [], "inputs": [{"id": i["id"], "property": i["property"], "value": None}
                                                                   for i in cb["inputs"]],
                 "changedPropIds": [], "state": []}
        status, text, _ = _http(url + "/_dash-update-component", json.dumps(kropp).encode())
        assert status == 401, (cb["output"], status, text[:200])
    # Fel lösenord ger ingen session.
    jar = http.cookiejar.CookieJar()
    _, sida, _ = _http(url + "/logga-in", jar=jar)
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    form = urllib.parse.urlencode({"anvandare": "sara", "losenord": "fel", "token": token}).encode()
    status, text, _ = _http(url + "/logga-in", form, jar, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401 and "Fel användarnamn eller lösenord" in text
    assert _http(url + "/_dash-layout", jar=jar)[0] == 401


def test_sessionskakan_och_rollens_sidor(skyddad_server):
    url = skyddad_server
    anvandarfil = (skyddad_server.data / "anvandare.toml").read_text()
    assert LOSENORD not in anvandarfil and anvandarfil.count('losenord = "scrypt$') == 3
    jar = _inloggad_jar(url, "anna")
    kaka = next(c for c in jar if c.name == "samverkan_session")
    assert kaka.has_nonstandard_attr("HttpOnly") and kaka.get_nonstandard_attr("SameSite") == "Lax"
    assert kaka.expires and 7.9 * 3600 < kaka.expires - __import__("time").time() <= 8 * 3600
    # Chefen får inte Datakvalitet, varken som sida eller som fråga.
    assert _http(url + "/datakvalitet", jar=jar)[0] == 403
    assert _http(url + "/datakvalitet", jar=_inloggad_jar(url, "sara"))[0] == 200


def test_chef_landar_pa_hemkommunen_och_ser_inte_datakvalitet(dash_br, skyddad_server):
    _logga_in(dash_br, skyddad_server, "anna")
    _vanta(dash_br, lambda: "kommun=1407" in dash_br.driver.current_url)
    _ritad(dash_br, "karta")
    assert "anna (AME-chef)" in dash_br.find_element("#inloggad").text
    assert not dash_br.find_element("#nav-datakvalitet").is_displayed()
    # Hela GR går att se, prickat.
    dash_br.find_element("#visa-hela-gr").click()
    _vanta(dash_br, lambda: "kommun=" not in dash_br.driver.current_url)
    assert _konsolfel(dash_br) == []


@pytest.mark.parametrize("namn", ["anna", "bildskarm"])
def test_nedladdningar_for_chef_och_projektor_har_inga_antal_under_fem(dash_br, skyddad_server, namn):
    _logga_in(dash_br, skyddad_server, namn)
    _vanta(dash_br, lambda: "/logga-in" not in dash_br.driver.current_url)
    mapp = dash_br.download_path
    prickar = 0
    filer = 0
    for sida, kort in SIDOR.items():
        if sida == "/datakvalitet":
            continue
        dash_br.driver.get(skyddad_server + sida + "?fran=2019-01")
        for k in kort:
            _ritad(dash_br, k)
        for k in kort:
            fore = set(os.listdir(mapp))
            knapp = dash_br.find_element(f"[id*='\"kort\":\"{k}\"'][id*='\"typ\":\"csv\"']")
            dash_br.driver.execute_script("arguments[0].click()", knapp)
            fil = _vanta_pa_fil_ny(mapp, fore)
            filer += 1
            with open(fil, encoding="utf-8-sig") as f:
                for rad in csv.DictReader(f, delimiter=";"):
                    for kolumn, varde in rad.items():
                        if kolumn in PERSONKOLUMNER:
                            prickar += varde in ("<5", "..")
                            assert not re.fullmatch(r"[1-4](\.0)?", varde or ""), (namn, sida, k, kolumn, varde)
    assert filer >= 10
    assert prickar > 0, "inga dolda värden alls: testet prövade inget"


def _vanta_pa_fil_ny(mapp, fore, tid=30):
    import time

    slut = time.monotonic() + tid
    while time.monotonic() < slut:
        nya = [f for f in set(os.listdir(mapp)) - fore if f.endswith(".csv")]
        if nya:
            return os.path.join(mapp, nya[0])
        time.sleep(0.1)
    raise AssertionError("ingen CSV laddades ner")


INSPELNING = """
window.__svar = [];
const _fetch = window.fetch;
window.fetch = function(...a) {
  return _fetch.apply(this, a).then(r => { r.clone().text().then(t => window.__svar.push(t)); return r; });
};
"""


def test_script_ur_importfil_ar_ofarligt_och_inga_personnummer_i_svar_eller_loggar(dash_br, skyddad_server):
    pnr = _demo_personnummer()
    assert len(pnr) > 1000
    dash_br.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INSPELNING})
    _logga_in(dash_br, skyddad_server, "sara")
    _vanta(dash_br, lambda: "/logga-in" not in dash_br.driver.current_url)
    svar = []
    for sida, kort in [*SIDOR.items(), ("/presentation", [])]:
        dash_br.driver.get(skyddad_server + sida + "?fran=2019-01")
        for k in kort:
            _ritad(dash_br, k)
        if sida == "/datakvalitet":
            _vanta(dash_br, lambda: "avvisade rader" in dash_br.find_element("#avvisade").text)
        if sida == "/presentation":
            dash_br.wait_for_element("#bild-rubrik")
        if sida == "/projekt":
            _vanta(dash_br, lambda: SKRIPT_PROJEKT in dash_br.find_element("#projekt-tid-sammanfattning").text)
        if sida == "/extratjanster":
            dash_br.find_element("#avvikelse-tabell").find_element("xpath", "..").find_element("tag name", "summary").click()
            _vanta(dash_br, lambda: SKRIPT_KOMMENTAR in dash_br.find_element("#avvikelse-tabell").text)
        assert dash_br.driver.execute_script("return window.__xss") is None, sida
        svar += dash_br.driver.execute_script("return window.__svar")
        svar.append(dash_br.driver.page_source)
    assert _konsolfel(dash_br) == []
    assert len(svar) > 20
    loggar = [(skyddad_server.data / "server.log").read_text(), (skyddad_server.data / "logg" / "granskning.log").read_text()]
    allt = "\n".join(svar + loggar)
    # Varje fristående följd av 10 eller 12 siffror (med eller utan - eller +), inte decimaler i koordinater.
    hittade = {m.group(1)[-6:] + m.group(2) for m in
               re.finditer(r"(?<![\d.,])(\d{8}|\d{6})[-+]?(\d{4})(?![\d])", allt)}
    lackta = [p for p in pnr if p[2:] in hittade]
    assert lackta == [], f"{len(lackta)} personnummer i svar eller loggar"
    # Granskningsloggen har inloggningen och nedladdningar men inget lösenord.
    granskning = [json.loads(r) for r in loggar[1].splitlines()]
    assert any(g["handelse"] == "inloggning" and g["anvandare"] == "sara" for g in granskning)
    assert any(g["handelse"] == "misslyckad_inloggning" for g in granskning)
    assert LOSENORD not in loggar[1] and LOSENORD not in loggar[0]


def test_uttag_for_en_roll_kan_inte_spelas_upp_av_en_annan(skyddad_server):
    """Nedladdningen tar data från webbläsaren: servern godtar bara det den själv signerat för rollen."""
    import types

    import flask

    import sammanhang
    from behorighet import atkomst_for, webb

    app = flask.Flask(__name__)
    # Appens nyckel (i appen: sessionsnyckeln, sammanhang.Sammanhang.hemlighet).
    sammanhang.installera(app, types.SimpleNamespace(hemlighet=b"test", granskning=None))  # type: ignore[arg-type]
    with app.test_request_context():
        flask.g.atkomst = atkomst_for("styrgrupp", 5, "sara")
        uttag = webb.signera({"filnamn": "x", "rader": [{"Deltagare": 3}], "om": []})
        assert webb.kontrollera_signatur(uttag)
        flask.g.atkomst = atkomst_for("chef", 5, "anna", "1407")
        assert not webb.kontrollera_signatur(uttag)
        andrat = {**uttag, "rader": [{"Deltagare": 4}]}
        flask.g.atkomst = atkomst_for("styrgrupp", 5, "sara")
        assert not webb.kontrollera_signatur(andrat)


def test_secure_pa_kakan_bara_over_https(skyddad_server):
    """SAMVERKAN_HTTPS=auto: kakan får Secure när anropet kom över HTTPS, och bara då."""
    from app import skapa_app
    from config import load_settings

    os.environ["SAMVERKAN_DATA"] = str(skyddad_server.data)
    try:
        settings = load_settings()
        app = skapa_app(settings, settings.db_path, inloggning=True)
    finally:
        del os.environ["SAMVERKAN_DATA"]
    for bas, secure in (("https://localhost", True), ("http://localhost", False)):
        kaka = app.server.test_client().get("/logga-in", base_url=bas).headers["Set-Cookie"]
        assert ("; Secure" in kaka) is secure, (bas, kaka)


def test_inga_nycklar_eller_anvandare_i_git():
    """Sessionsnyckeln signerar inloggningskakan och pseudonymnyckeln skyddar personnumren: aldrig incheckade."""
    filer = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    hemliga = [f for f in filer if Path(f).name in (".sessionsnyckel", ".pseudonymnyckel", "anvandare.toml")
               or f.startswith("data/logg/")]
    assert hemliga == []
