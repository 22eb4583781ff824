"""Samrådets minne i en riktig webbläsare mot en riktig server med inloggning: en chef för Ale skriver,
anteckningarna syns överallt och överlever en import, fel kommun ger 403, projektorn ser inga knappar,
och 20 samtidiga skribenter tappar ingenting."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pptx import Presentation
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.conftest import skriv, traff
from tests.test_behorighet import LOSENORD, _http, _inloggad_jar
from tests.webb import ROOT, WEBBNYCKEL, _konsolfel, _ritad, _vanta, _vanta_pa_fil, starta_server

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FORKLARING = "Ale fick utökad tilldelning efter överenskommelse med AF, beslut i KS <img src=x onerror=window.__xss=3>"
UPPFOLJNING = '=HYPERLINK("http://x.invalid","klicka") Ale återkommer med plan till nästa samråd'
KLART = (dt.date.today() + dt.timedelta(days=14)).isoformat()


@pytest.fixture(scope="module")
def samradsserver(tmp_path_factory):
    data = tmp_path_factory.mktemp("samrad")
    env = dict(os.environ, SAMVERKAN_DATA=str(data), SAMVERKAN_NYCKEL=WEBBNYCKEL,
               SAMVERKAN_NYTT_LOSENORD=LOSENORD)
    for namn, roll, kommun in (("ale", "chef", "Ale"), ("bildskarm", "projektor", None), ("sara", "styrgrupp", None)):
        subprocess.run([sys.executable, str(ROOT / "app.py"), "anvandare", namn, "--roll", roll,
                        *(["--kommun", kommun] if kommun else [])], env=env, check=True, capture_output=True)
    # En adress läggs till i efterhand: lösenordet står kvar (inloggningen nedan använder det).
    subprocess.run([sys.executable, str(ROOT / "app.py"), "anvandare", "ale", "--roll", "chef", "--kommun", "Ale",
                    "--epost", "ame-chef@ale.se"], env={k: v for k, v in env.items() if k != "SAMVERKAN_NYTT_LOSENORD"},
                   check=True, capture_output=True)
    with starta_server(data, "--host", "127.0.0.1", SAMVERKAN_INLOGGNING="på") as url:
        yield url


def _logga_in(br, url, namn):
    br.driver.delete_all_cookies()
    br.driver.get(url + "/logga-in")
    br.wait_for_element("#anvandare").send_keys(namn)
    br.find_element("#losenord").send_keys(LOSENORD)
    br.find_element("button[type=submit]").click()
    br.wait_for_element("h1", timeout=30)


def _skriv_anteckning(br, amne, typ, text, ansvarig="", klart=""):
    br.find_element(".anteckning-ny summary").click()
    Select(br.find_element(f"#ant-typ-{amne}")).select_by_visible_text(typ)
    br.find_element(f"#ant-text-{amne}").send_keys(text)
    if ansvarig:
        br.find_element(f"#ant-ansvarig-{amne}").send_keys(ansvarig)
        br.find_element(f"#ant-klart-{amne}").send_keys(klart)
    br.find_element(".anteckningsformular button[type=submit]").click()
    _vanta(br, lambda: "Anteckningen är sparad." in br.find_element("#meddelanden").text)


def test_chefen_skriver_och_anteckningarna_syns_overallt_och_overlever_en_import(dash_br, samradsserver):
    url = samradsserver
    _logga_in(dash_br, url, "ale")
    dash_br.driver.get(url + "/extratjanster?kommun=1440&fran=2026-01&till=2026-10")
    _ritad(dash_br, "varfor")
    # Chefen kan bara välja sin egen kommun i formuläret.
    val = [o.get_attribute("value") for o in dash_br.driver.find_elements(By.CSS_SELECTOR, "#ant-kommun-extratjanster option")]
    assert [v for v in val if v] == ["1440"]  # dbc.Select har ett tomt platshållarval
    _skriv_anteckning(dash_br, "extratjanster", "Förklaring", FORKLARING)
    assert "kommun=1440" in dash_br.driver.current_url, "formuläret skickar tillbaka till samma vy"
    _ritad(dash_br, "varfor")
    _skriv_anteckning(dash_br, "extratjanster", "Uppföljning", UPPFOLJNING, "Ales AME-chef", KLART)

    # En ny budgetfil läses in emellan: lagret byts, anteckningarna ligger kvar.
    fore = json.loads(_http(url + "/halsa", jar=_inloggad_jar(url, "sara"))[1])["lagerversion"]
    skriv(url.data / "inkorg" / "budget_rattelse.csv",
          "kommun;år;månad;budgetpost;budget;utfall\nMölndal;2026;1;Extratjänster;1 500 000;1 200 000\n")
    _vanta(dash_br, lambda: json.loads(_http(url + "/halsa", jar=_inloggad_jar(url, "sara"))[1])["lagerversion"]
           != fore, tid=60)

    dash_br.driver.get(url + "/extratjanster?kommun=1440&fran=2026-01&till=2026-10")
    _ritad(dash_br, "varfor")
    _vanta(dash_br, lambda: "Samrådet: Ale fick utökad tilldelning" in dash_br.find_element("#varfor-lista").text)
    # Avvikelsetabellen har samrådets förklaring i en egen kolumn.
    assert dash_br.driver.execute_script(
        "return document.querySelector('#avvikelse-tabell').textContent").count("Ale fick utökad tilldelning") == 1

    dash_br.driver.get(url + "/kommun?kommun=1440")
    _vanta(dash_br, lambda: "Ale återkommer med plan" in dash_br.find_element("#anteckningar-lista").text)
    lista = dash_br.find_element("#anteckningar-lista").text
    assert lista.index("Ale återkommer med plan") < lista.index("Ale fick utökad"), "öppna uppföljningar överst"
    assert "<img src=x onerror=window.__xss=3>" in lista, "texten visas som text"

    dash_br.driver.get(url + "/uppfoljning?kommun=1440")
    _vanta(dash_br, lambda: "Ales AME-chef" in dash_br.find_element("#uppf-lista").text)
    _ritad(dash_br, "uppfoljning")
    dash_br.find_element('[id*="uppfoljning"][id*="csv"]').click()
    csv = Path(_vanta_pa_fil(dash_br.download_path, ".csv")).read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv and ";=HYPERLINK" not in csv, "formeln är inert i uttaget"

    dash_br.driver.get(url + "/presentation?kommun=1440&bilder=kommuner&sekunder=600")
    _vanta(dash_br, lambda: dash_br.find_element("#bild-rubrik").text == "Ale")
    _vanta(dash_br, lambda: "Uppföljning:" in dash_br.find_element("#bild-innehall").text)
    assert "Samrådet: Ale fick utökad tilldelning" in dash_br.find_element("#bild-innehall").text

    dash_br.driver.get(url + "/extratjanster?kommun=1440&fran=2026-01&till=2026-10")
    _ritad(dash_br, "budget-kommun")
    dash_br.find_element("#motespaket-pptx").click()
    pptx = Presentation(_vanta_pa_fil(dash_br.download_path, ".pptx"))
    sista = "\n".join(cell.text for s in list(pptx.slides)[-1].shapes if s.has_table
                      for rad in s.table.rows for cell in rad.cells)
    assert "Ale återkommer med plan" in sista and "Ales AME-chef" in sista
    assert dash_br.driver.execute_script("return window.__xss === undefined")
    assert _konsolfel(dash_br) == []


def test_chefen_kan_inte_skriva_for_kungalv_och_projektorn_ser_inga_knappar(dash_br, samradsserver):
    url = samradsserver
    jar = _inloggad_jar(url, "ale")
    _, sida, _ = _http(url + "/logga-ut", jar=jar)  # sidan med sessionens formulärtoken
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    falt = {"token": token, "typ": "Förklaring", "kommun": "1482", "period": "2026", "text": "Kungälv", "nasta": "/"}
    status, _, _ = _http(url + "/anteckningar", urllib.parse.urlencode(falt).encode(), jar, FORM)
    assert status == 403
    logg = (url.data / "logg" / "granskning.log").read_text()
    assert '"handelse": "vagrad_anteckning"' in logg
    # Utan rätt token sparas inget, inte ens för den egna kommunen.
    fore = _antal(url.data)
    status, _, _ = _http(url + "/anteckningar", urllib.parse.urlencode({**falt, "kommun": "1440", "token": "fel"})
                         .encode(), jar, FORM)
    assert status == 303 and _antal(url.data) == fore

    _logga_in(dash_br, url, "bildskarm")
    for sida in ("/extratjanster?fran=2026-01&till=2026-10", "/kommun?kommun=1440", "/uppfoljning"):
        dash_br.driver.get(url + sida)
        dash_br.wait_for_element("h1", timeout=30)
        kort = {"/uppfoljning": "uppfoljning", "/kommun?kommun=1440": "profil"}.get(sida, "varfor")
        _ritad(dash_br, kort)
        assert not dash_br.driver.find_elements(By.CSS_SELECTOR, ".anteckning-ny, form.uppfoljningsknapp"), sida
    # Projektorn kan inte heller posta direkt.
    jar = _inloggad_jar(url, "bildskarm")
    _, sida, _ = _http(url + "/logga-ut", jar=jar)
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    status, _, _ = _http(url + "/anteckningar", urllib.parse.urlencode({**falt, "token": token, "kommun": "1440"})
                         .encode(), jar, FORM)
    assert status == 403


def test_tjugo_samtidiga_skribenter_i_trettio_sekunder_tappar_ingenting(samradsserver):
    url = samradsserver
    jar = _inloggad_jar(url, "sara")
    _, sida, _ = _http(url + "/logga-ut", jar=jar)
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    fore = _antal(url.data)
    slut = time.monotonic() + 30

    def skribent(nummer: int) -> tuple[int, list]:
        sparade, fel = 0, []
        while time.monotonic() < slut:
            falt = {"token": token, "typ": "Beslut", "kommun": "GR", "period": "2026",
                    "text": f"Beslut {nummer}-{sparade}", "nasta": "/uppfoljning"}
            status, text, huvuden = _http(url + "/anteckningar", urllib.parse.urlencode(falt).encode(), jar, FORM)
            if status == 303 and huvuden["Location"].endswith("/uppfoljning"):
                sparade += 1
            else:
                fel.append((status, text[:200]))
        return sparade, fel

    with ThreadPoolExecutor(20) as pool:
        resultat = list(pool.map(skribent, range(20)))
    fel = [f for _, lista in resultat for f in lista]
    assert fel == [], fel[:3]
    sparade = sum(s for s, _ in resultat)
    assert sparade > 100, "för få skrivningar för att pröva samtidigheten"
    assert _antal(url.data) - fore == sparade, "en anteckning tappades"
    logg = (url.data / "server.log").read_text()
    assert "database is locked" not in logg


def _antal(data: Path) -> int:
    from anteckningar import Anteckningar

    return Anteckningar(f"sqlite:///{data / 'anteckningar.sqlite'}").antal()


def test_mina_utskick_i_webblasaren_val_kalenderlank_och_filter_som_inte_galler_sidan(dash_br, samradsserver):
    from tests.test_tillganglighet import _axe

    url = samradsserver
    _logga_in(dash_br, url, "ale")
    dash_br.driver.get(url + "/uppfoljning?kommun=1440")
    _ritad(dash_br, "uppfoljning")
    # Uppföljningen har bara kommunfiltret: period, målgrupp och kön erbjuds inte där.
    _vanta(dash_br, lambda: not dash_br.find_element("#filterfalt-fran").is_displayed())
    assert dash_br.find_element("#filterfalt-kommun").is_displayed()
    assert not any(dash_br.find_element(f"#filterfalt-{f}").is_displayed() for f in ("till", "malgrupp", "kon"))
    dash_br.find_element("#nav-mina-utskick").click()
    _vanta(dash_br, lambda: dash_br.find_element("h1").text == "Mina utskick")
    assert "ame-chef@ale.se" in dash_br.find_element("#huvudinnehall").text
    Select(dash_br.find_element("#utskick-sammanfattning")).select_by_visible_text("Nej")
    dash_br.find_element(".utskicksformular button[type=submit]").click()
    _vanta(dash_br, lambda: "Dina val är sparade." in dash_br.find_element("#meddelanden").text)
    _vanta(dash_br, lambda: Select(dash_br.find_element("#utskick-sammanfattning")).first_selected_option.text == "Nej")
    dash_br.find_element("#huvudinnehall .knapprad button").click()
    _vanta(dash_br, lambda: "uppfoljning.ics?nyckel=" in dash_br.find_element("#meddelanden").text)
    lank = traff(r"/uppfoljning\.ics\?nyckel=\S+", dash_br.find_element("#meddelanden").text).group(0)
    status, kropp, _ = _http(url + lank)
    assert status == 200 and kropp.startswith("BEGIN:VCALENDAR")
    assert "Du har en kalenderlänk" in dash_br.find_element("#utskick-kalender-lage").text
    resultat = _axe(dash_br)
    assert resultat.get("violations") == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in resultat.get("violations", [])]
    dash_br.driver.get(url + "/extratjanster?kommun=1440")
    _vanta(dash_br, lambda: dash_br.find_element("#filterfalt-fran").is_displayed())
    assert _konsolfel(dash_br) == []
