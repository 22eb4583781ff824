"""Sidorna i riktig huvudlös Chromium mot en riktig server (python app.py serve) på demodata."""
from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.webb import SIDOR, _heltal, _konsolfel, _ritad, _valj_kommun, _vanta, _vanta_pa_fil


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


def test_nedladdning_csv_och_excel_med_samma_siffror(dash_br, server):
    import openpyxl

    dash_br.driver.get(server + "/extratjanster?fran=2026-01&till=2026-10")
    _ritad(dash_br, "avvikelse")
    dash_br.find_element("#avvikelse-tabell").find_element(By.XPATH, "./..").find_element(By.TAG_NAME, "summary").click()
    tabellrader = _vanta(dash_br, lambda: dash_br.driver.find_elements(By.CSS_SELECTOR, "#avvikelse-tabell tbody tr"))
    assert len(tabellrader) == 13
    dash_br.find_element('[id*="avvikelse"][id*="csv"]').click()
    csv_fil = _vanta_pa_fil(dash_br.download_path, ".csv")
    text = Path(csv_fil).read_text(encoding="utf-8-sig")
    rader = text.strip().splitlines()
    assert rader[0].startswith("Kommun;Året innan;I år;Förändring")
    assert len(rader) == 14 and any(r.startswith("Mölndal;") for r in rader)
    dash_br.find_element('[id*="avvikelse"][id*="xlsx"]').click()
    xlsx_fil = _vanta_pa_fil(dash_br.download_path, ".xlsx")
    bok = openpyxl.load_workbook(xlsx_fil)
    assert bok.sheetnames == ["Data", "Om uttaget"]
    assert bok["Data"].max_row == 14
    om = " ".join(str(c.value) for c in bok["Om uttaget"]["A"])
    assert "Period: 2026-01-01 – 2026-10-31" in om and "Uttaget för styrgruppen" in om


def test_sakerhetshuvuden_och_innehallspolicy(server):
    import urllib.request

    with urllib.request.urlopen(server + "/extratjanster") as svar:
        huvuden = svar.headers
    policy = huvuden["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'sha256-" in policy
    assert huvuden["X-Content-Type-Options"] == "nosniff" and huvuden["X-Frame-Options"] == "DENY"


def test_plotly_talar_svenska(dash_br, server):
    dash_br.driver.get(server + "/extratjanster?fran=2026-01&till=2026-10")
    _ritad(dash_br, "budget-trend")
    # Verktygsraden ur assets/plotly-locale-sv.js, och månadsnamnen på tidsaxeln.
    dash_br.wait_for_element('#budget-trend-graf .modebar-btn[data-title="Ladda ner diagrammet som PNG"]', timeout=30)
    assert dash_br.driver.execute_script(
        "return document.querySelector('#budget-trend-graf .js-plotly-plot')._fullLayout.separators") == ", "
    # Knappen som delar diagrammet via Plotlys moln finns inte: inget lämnar maskinen.
    assert not dash_br.driver.find_elements(By.CSS_SELECTOR, '#budget-trend-graf [data-title^="Dela"]')
    assert _konsolfel(dash_br) == []


def test_visa_som_andrar_diagram_text_tabell_och_adress_tillsammans(dash_br, server):
    dash_br.driver.get(server + "/extratjanster?kommun=1440")
    _ritad(dash_br, "budget-kommun")
    fore = dash_br.find_element("#budget-kommun-sammanfattning").text
    assert fore.startswith("Utnyttjandet av extratjänstbudgeten")
    etiketter = {e.text: e for e in dash_br.driver.find_elements(By.CSS_SELECTOR, ".sidval-knappar label")}
    etiketter["Kronor per invånare 16–64"].click()
    _vanta(dash_br, lambda: "visa=per_invanare" in dash_br.driver.current_url)
    # Filtret står kvar i adressen bredvid valet.
    assert "kommun=1440" in dash_br.driver.current_url
    _vanta(dash_br, lambda: dash_br.find_element("#budget-kommun-sammanfattning").text.startswith(
        "Förbrukat hittills 2026 per invånare 16–64: högst i"))
    _vanta(dash_br, lambda: "kronor per invånare 16–64 år" in dash_br.find_element("#budget-kommun-graf .g-ytitle").text)
    rubriker = [th.get_attribute("textContent") for th in
                dash_br.driver.find_elements(By.CSS_SELECTOR, "#budget-kommun-tabell th")]
    assert "Förbrukat per invånare 16–64" in rubriker and "Invånare 16–64" in rubriker
    # Prognosen följer samma val.
    _vanta(dash_br, lambda: "Prognosen per invånare 16–64" in dash_br.find_element("#prognos-sammanfattning").text)
    # Ett filterbyte behåller valet.
    _valj_kommun(dash_br, "1480")
    _vanta(dash_br, lambda: "kommun=1440,1480" in dash_br.driver.current_url)
    assert "visa=per_invanare" in dash_br.driver.current_url
    # Bakåt två steg: kronor igen, i knapparna, diagrammet och texten.
    dash_br.driver.back()
    dash_br.driver.back()
    _vanta(dash_br, lambda: dash_br.find_element("#budget-kommun-sammanfattning").text == fore)
    vald = dash_br.driver.find_element(By.CSS_SELECTOR, ".sidval-knappar input:checked")
    assert vald.get_attribute("value") == "kr"
    # En länk med valet ger samma vy direkt, och en kopierad länk till översikten färgar kartan efter det.
    dash_br.driver.get(server + "/?nyckeltal=utfall_kr&visa=andel")
    _ritad(dash_br, "karta")
    _vanta(dash_br, lambda: dash_br.find_element("#karta-sammanfattning").text.startswith(
        "Förbrukad extratjänstbudget i år, andel av tilldelningen: högst i"))
    assert _konsolfel(dash_br) == []


def test_resultat_mot_forvantat_tratt_etiketter_och_val_i_adressen(dash_br, server):
    """/resultat på demodatan: trattgrafen med alla kommuner, Härryda bättre och Lerum sämre än förväntat i
    texten och tabellen; valet Jämför (jobbspår) och horisonten (12 månader) skrivs i adressen och ritar om."""
    dash_br.driver.get(server + "/resultat?kommun=1441")
    _ritad(dash_br, "resultat-tratt")
    _ritad(dash_br, "resultat-kedjor")
    text = dash_br.find_element("#resultat-tratt-sammanfattning").text
    assert "Av 13 kommuner i GR: 1 bättre än förväntat" in text and "1 sämre än förväntat" in text
    assert "1 med för få avslut" in text
    rader = {tr.find_elements(By.TAG_NAME, "td")[0].get_attribute("textContent"):
             tr.find_elements(By.TAG_NAME, "td")[-1].get_attribute("textContent")
             for tr in dash_br.driver.find_elements(By.CSS_SELECTOR, "#resultat-tratt-tabell tbody tr")}
    assert rader["Härryda"] == "Bättre än förväntat" and rader["Lerum"] == "Sämre än förväntat"
    assert rader["Öckerö"] == "För få avslut"
    assert len(rader) == 13
    # Namnen i grafen: bara kommunerna utanför gränserna och den valda (Lerum).
    namn = {t.text for t in dash_br.driver.find_elements(By.CSS_SELECTOR, "#resultat-tratt-graf .textpoint")}
    assert {"Härryda", "Lerum"} <= namn and "Göteborg" not in namn
    assert "Praktik → Extratjänst" in dash_br.find_element("#resultat-kedjor-tabell").get_attribute("textContent")
    etiketter = {e.text: e for e in dash_br.driver.find_elements(By.CSS_SELECTOR, ".sidval-knappar label")}
    etiketter["Jobbspår"].click()
    _vanta(dash_br, lambda: "enhet=jobbspar" in dash_br.driver.current_url)
    _vanta(dash_br, lambda: " jobbspår i GR" in dash_br.find_element("#resultat-tratt-sammanfattning").text)
    etiketter["12 månader"].click()
    _vanta(dash_br, lambda: "horisont=365" in dash_br.driver.current_url)
    _vanta(dash_br, lambda: dash_br.find_element("#resultat-tratt-sammanfattning").text.startswith(
        "I arbete eller studier 12 månader efter avslut"))
    assert "kommun=1441" in dash_br.driver.current_url
    assert _konsolfel(dash_br) == []
