"""Sidorna i riktig huvudlös Chromium mot en riktig server (python app.py serve) på demodata."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import ROOT

SIDOR = {
    "/": ["karta"],
    "/extratjanster": ["budget-kommun", "budget-trend", "prognos", "avvikelse"],
    "/jobbspar": ["kluster-karta", "kluster", "flode"],
    "/projekt": ["projekt-tid", "projekt-resultat", "projekt-kommun"],
    "/kommun": ["profil"],
    "/datakvalitet": [],
}


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerUrl(str):
    """Serverns adress (som sträng) och dess datamapp, där testerna kan lägga filer i inkorgen."""

    def __new__(cls, url: str, data):
        obj = super().__new__(cls, url)
        obj.data = data
        return obj


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("webb")
    port = _ledig_port()
    env = dict(os.environ, SAMVERKAN_DATA=str(data), SAMVERKAN_NYCKEL="webbtestnyckel-0123456789abcdef0123456789",
               SAMVERKAN_INKORG_SEKUNDER="1", SAMVERKAN_UPPDATERA_SEKUNDER="2")
    # Serverns logg till fil: en rörledning som ingen läser fylls och får servern att stå still.
    logg = open(data / "server.log", "w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=logg, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            assert proc.poll() is None, (data / "server.log").read_text()
            assert time.monotonic() < deadline, "servern startade inte"
            time.sleep(0.2)
    yield ServerUrl(url, data)
    proc.terminate()
    proc.wait(timeout=20)
    logg.close()


def _vanta(br, villkor, tid=30):
    # Sidan ritas om när URL:en ändras: ett element kan bytas ut medan vi läser det.
    return WebDriverWait(br.driver, tid, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
                         ).until(lambda d: villkor())


def _ritad(br, kort):
    """Diagrammet har ritats och textsammanfattningen är ifylld."""
    br.wait_for_element(f"#{kort}-graf .main-svg", timeout=30)
    _vanta(br, lambda: br.find_element(f"#{kort}-sammanfattning").text.strip() != "")


def _valj_kommun(br, kod):
    """Öppna kommunlistan, kryssa i kommunen och fäll ihop listan igen."""
    br.find_element("#f-kommun-sammanfattning").click()
    br.wait_for_element(f"#f-kommun input[value='{kod}']").click()
    br.find_element("#f-kommun-sammanfattning").click()


def _heltal(text):
    return int(re.sub(r"\s", "", text))


def _konsolfel(br):
    return [rad for rad in br.get_logs() if rad.get("level") == "SEVERE"]


@pytest.mark.parametrize("sokvag", list(SIDOR))
def test_varje_sida_laddas_med_diagram_och_utan_konsolfel(dash_br, server, sokvag):
    dash_br.driver.get(server + sokvag)
    dash_br.wait_for_element("h1", timeout=30)
    for kort in SIDOR[sokvag]:
        _ritad(dash_br, kort)
    if sokvag == "/datakvalitet":
        dash_br.wait_for_contains_text("#avvisade", "okänd kommun: 'Borås' (ingår inte i GR)", timeout=30)
    assert "Fiktiva demodata" in dash_br.find_element("#demobanner").text
    assert len(dash_br.driver.find_elements(By.TAG_NAME, "h1")) == 1
    assert dash_br.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert "t.o.m." in dash_br.find_element("#datadatum").text
    assert _konsolfel(dash_br) == []


def test_filter_andrar_siffrorna_och_hamnar_i_url(dash_br, server):
    dash_br.driver.get(server + "/")
    _ritad(dash_br, "karta")
    fore = dash_br.find_element("#kpi-aktiva").text
    _valj_kommun(dash_br, "1419")
    _vanta(dash_br, lambda: dash_br.find_element("#kpi-aktiva").text != fore)
    _vanta(dash_br, lambda: "kommun=1419" in dash_br.driver.current_url)
    assert _heltal(dash_br.find_element("#kpi-aktiva").text) < _heltal(fore)
    # Bakåtknappen återställer hela GR.
    dash_br.driver.back()
    _vanta(dash_br, lambda: dash_br.find_element("#kpi-aktiva").text == fore)
    assert _konsolfel(dash_br) == []


def test_lank_med_fragestrang_ater_ger_vyn(dash_br, server):
    dash_br.driver.get(server + "/extratjanster?kommun=1440&fran=2025-01&till=2025-12")
    _ritad(dash_br, "budget-trend")
    _vanta(dash_br, lambda: dash_br.find_element("#budget-trend-sammanfattning").text.startswith("Från jan 2025 till dec 2025"))
    assert dash_br.find_element("#f-kommun-sammanfattning").text == "Ale"
    trend = dash_br.find_element("#budget-trend-sammanfattning").text
    dash_br.driver.get(server + "/extratjanster?fran=2025-01&till=2025-12")
    _vanta(dash_br, lambda: dash_br.find_element("#budget-trend-sammanfattning").text.startswith("Från jan 2025"))
    _vanta(dash_br, lambda: dash_br.find_element("#budget-trend-sammanfattning").text != trend)


def test_klick_pa_kommun_i_kartan_filtrerar(dash_br, server):
    dash_br.driver.get(server + "/")
    _ritad(dash_br, "karta")
    fore = dash_br.find_element("#kpi-aktiva").text
    # Punkterna i kommunspåret ligger i kodordning; Ale (1440) är den sjunde.
    punkter = dash_br.driver.find_elements(By.CSS_SELECTOR, "#karta-graf .scatterlayer .trace .points path")
    assert len(punkter) == 13
    ale = punkter[6]
    ActionChains(dash_br.driver).move_to_element(ale).click().perform()
    _vanta(dash_br, lambda: "kommun=1440" in dash_br.driver.current_url)
    _vanta(dash_br, lambda: dash_br.find_element("#kpi-aktiva").text != fore)
    assert dash_br.find_element("#f-kommun-sammanfattning").text == "Ale"
    dash_br.find_element("#visa-hela-gr").click()
    _vanta(dash_br, lambda: dash_br.find_element("#kpi-aktiva").text == fore)


def test_klick_pa_stapel_filtrerar(dash_br, server):
    dash_br.driver.get(server + "/extratjanster?fran=2026-01&till=2026-10")
    _ritad(dash_br, "budget-kommun")
    # Första spårets staplar i kommunordning: Ale först.
    stapel = dash_br.driver.find_elements(By.CSS_SELECTOR, "#budget-kommun-graf .barlayer .trace:first-child .point path")[0]
    ActionChains(dash_br.driver).move_to_element(stapel).click().perform()
    _vanta(dash_br, lambda: "kommun=1440" in dash_br.driver.current_url)
    _vanta(dash_br, lambda: dash_br.find_element("#budget-trend-sammanfattning").text.startswith("Från jan 2026"))
    assert dash_br.find_element("#f-kommun-sammanfattning").text == "Ale"


def _vanta_pa_fil(mapp, andelse, tid=30):
    deadline = time.monotonic() + tid
    while True:
        filer = [f for f in os.listdir(mapp) if f.endswith(andelse)]
        if filer:
            return os.path.join(mapp, filer[0])
        assert time.monotonic() < deadline, f"ingen {andelse}-fil laddades ner"
        time.sleep(0.1)


def test_nedladdning_csv_och_excel_med_samma_siffror(dash_br, server):
    import openpyxl

    dash_br.driver.get(server + "/extratjanster?fran=2026-01&till=2026-10")
    _ritad(dash_br, "avvikelse")
    dash_br.find_element("#avvikelse-tabell").find_element(By.XPATH, "./..").find_element(By.TAG_NAME, "summary").click()
    tabellrader = _vanta(dash_br, lambda: dash_br.driver.find_elements(By.CSS_SELECTOR, "#avvikelse-tabell tbody tr"))
    assert len(tabellrader) == 13
    dash_br.find_element('[id*="avvikelse"][id*="csv"]').click()
    csv_fil = _vanta_pa_fil(dash_br.download_path, ".csv")
    text = open(csv_fil, encoding="utf-8-sig").read()
    rader = text.strip().splitlines()
    assert rader[0].startswith("Kommun;Året innan;I år;Förändring")
    assert len(rader) == 14 and any(r.startswith("Mölndal;") for r in rader)
    dash_br.find_element('[id*="avvikelse"][id*="xlsx"]').click()
    xlsx_fil = _vanta_pa_fil(dash_br.download_path, ".xlsx")
    bok = openpyxl.load_workbook(xlsx_fil)
    assert bok.sheetnames == ["Data", "Om uttaget"]
    assert bok["Data"].max_row == 14
    om = " ".join(str(c.value) for c in bok["Om uttaget"]["A"])
    assert "Period: 2026-01-01 – 2026-10-31" in om and "<5" in om
