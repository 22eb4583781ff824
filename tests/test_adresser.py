"""Adressen är filtrets enda läge: trasiga värden ger sidan och en notis, och ett klick räknar varje kort en gång."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from dashboards import urlfilter
from tests.webb import SIDOR, _konsolfel, _ritad, _vanta

REGION = {"1440": "Ale", "1480": "Göteborg", "1419": "Tjörn"}
STANDARD = (dt.date(2025, 1, 1), dt.date(2026, 10, 31))


def _tolka(search):
    return urlfilter.tolka(search, REGION, "GR", STANDARD)


def test_okand_kommun_ger_hela_regionen_och_en_notis():
    urval = _tolka("?kommun=9999")
    assert urval.kommuner == [] and urval.notiser == ("Okänd kommun 9999 – visar hela GR.",)
    urval = _tolka("?kommun=1440,9999,1440")
    assert urval.kommuner == ["1440"] and "visar Ale" in urval.notiser[0]


@pytest.mark.parametrize("search", ["?fran=2099-13", "?till=2026-00", "?fran=abc&till=2026-1x", "?fran=[1,2]",
                                    "?fran=1999-01"])
def test_omojliga_manader_ger_standardperioden(search):
    urval = _tolka(search)
    assert (urval.fran, urval.till) == STANDARD
    assert any(n.startswith("Ogiltig månad") for n in urval.notiser)


def test_styrtecken_fel_typer_och_for_manga_falt():
    urval = _tolka("?kommun=14%0040&kon=%07Kvinna")
    assert urval.kommuner == ["1440"] and urval.kon == "Kvinna"
    assert "Otillåtna tecken i adressen togs bort." in urval.notiser
    assert _tolka("?kon=3").notiser == ("Okänt kön 3 – visar alla.",)
    assert _tolka("&".join(f"f{i}=1" for i in range(100))).notiser == ("Adressen hade för många fält – visar standardvalet.",)
    omvand = _tolka("?fran=2026-03&till=2025-02")
    assert (omvand.fran, omvand.till) == (dt.date(2025, 2, 1), dt.date(2026, 3, 31))


TRASIGT = "?kommun=9999&fran=2099-13&kon=%00x&malgrupp=%3Cscript%3E"


@pytest.mark.parametrize("sokvag", [*SIDOR, "/presentation"])
def test_trasig_adress_ger_sidan_och_en_notis_aldrig_ett_serverfel(dash_br, server, sokvag):
    loggstorlek = (server.data / "server.log").stat().st_size
    dash_br.driver.get(server + sokvag + TRASIGT)
    dash_br.wait_for_element("h1", timeout=30)
    _vanta(dash_br, lambda: "Okänd kommun 9999 – visar hela GR." in dash_br.find_element("#url-notis").text)
    assert "Ogiltig månad 2099-13" in dash_br.find_element("#url-notis").text
    for kort in SIDOR.get(sokvag, []):
        _ritad(dash_br, kort)
    if sokvag == "/presentation":
        _vanta(dash_br, lambda: dash_br.find_element("#bild-rubrik").text == "Hela Göteborgsregionen")
    assert _konsolfel(dash_br) == [], "ett serverfel (5xx) syns som konsolfel"
    logg = (server.data / "server.log").read_text()[loggstorlek:]
    assert "Traceback" not in logg and " 500 " not in logg


def test_ett_klick_raknar_varje_kort_en_gang_och_bygger_inte_om_sidan(dash_br, server):
    dash_br.driver.get(server + "/")
    _ritad(dash_br, "karta")
    fore = dash_br.find_element("#kpi-aktiva").text
    dash_br.driver.execute_script("""
        window.__anrop = []; window.__igang = 0;
        window.__sidan = document.querySelector('#_pages_content > *');
        const hamta = window.fetch;
        window.fetch = function (url, opts) {
            if (String(url).includes('_dash-update-component')) {
                try { window.__anrop.push(JSON.parse(opts.body).output); } catch (e) { window.__anrop.push('?'); }
                window.__igang += 1;
                return hamta.apply(this, arguments).finally(() => { window.__igang -= 1; });
            }
            return hamta.apply(this, arguments);
        };
    """)
    dash_br.driver.find_element(By.CSS_SELECTOR, "button.kommunknapp:nth-of-type(1)").click()
    _vanta(dash_br, lambda: "kommun=" in dash_br.driver.current_url)
    _vanta(dash_br, lambda: dash_br.find_element("#kpi-aktiva").text != fore)
    _vanta(dash_br, lambda: dash_br.driver.execute_script("return window.__igang === 0 && window.__anrop.length >= 2"))
    anrop = dash_br.driver.execute_script("return window.__anrop")
    assert len(anrop) == len(set(anrop)), f"samma callback två gånger: {anrop}"
    assert not any("_pages_content" in a for a in anrop), "sidan byggdes om"
    assert dash_br.driver.execute_script("return window.__sidan === document.querySelector('#_pages_content > *')")
    assert any("kpi-rad" in a for a in anrop)
    assert _konsolfel(dash_br) == []


def test_adressens_modell_aterger_urvalet_och_sidvalen():
    """En tolkad adress skriven tillbaka (Urval.adress) tolkas till samma urval: varje fält har sin plats."""
    search = "?kommun=1440,1480&fran=2025-03&till=2025-09&malgrupp=Nyanländ&kon=Kvinna&visa=andel&horisont=365" \
             "&enhet=projekt&avvikelsegrans=15&bilder=region,kluster&sekunder=45"
    urval = _tolka(search)
    assert urval.notiser == ()
    assert urval.val("avvikelsegrans") == "15" and urval.val("bilder") == "region,kluster"
    assert urval.val("sekunder") == "45" and urval.val("visa") == "andel"
    ater = urval.adress(STANDARD)
    assert _tolka(ater) == urval
    # Standardvärden står inte i adressen.
    assert _tolka("?visa=kr&avvikelsegrans=10&kon=alla").adress(STANDARD) == ""


def test_avvikelsegransen_har_ett_eget_namn_och_aldre_lankar_fungerar():
    from dashboards import urlfilter

    assert _tolka("?troskel=15").val("avvikelsegrans") == "15", "?troskel= i en äldre länk"
    assert urlfilter.sidval("?troskel=20", "avvikelsegrans") == "20"
    assert _tolka("?bilder=gr,kommuner").val("bilder") == "region,kommuner", "?bilder=gr i en äldre länk"
    for trasigt in ("0", "101", "abc", "-5", "1e3"):
        urval = _tolka(f"?avvikelsegrans={trasigt}")
        assert urval.val("avvikelsegrans") == "10"
        assert any("avvikelsegrans" in n and "10 procentenheter" in n for n in urval.notiser)


def test_webblasaren_far_faltlistan_fran_modellen():
    """filter.js har ingen egen lista: filterradens fält och sidvalen kommer från urlfilter.FALT."""
    from dashboards import urlfilter

    falt = urlfilter.for_webblasaren()
    assert [f["namn"] for f in falt] == [f.namn for f in urlfilter.FALT]
    assert [f["namn"] for f in falt if f["filterrad"]] == ["kommun", "fran", "till", "malgrupp", "kon"]
    js = (Path(__file__).resolve().parent.parent / "assets" / "filter.js").read_text(encoding="utf-8")
    assert '"malgrupp", "kon"' not in js and "std.falt" in js


def test_avvikelsegransen_skrivs_till_adressen_och_korten_laser_den(dash_br, server):
    dash_br.driver.get(server + "/extratjanster?kommun=1440")
    _ritad(dash_br, "avvikelse")
    falt = dash_br.driver.find_element(By.CSS_SELECTOR, ".avvikelsegrans input")
    falt.clear()
    falt.send_keys("3\n")
    _vanta(dash_br, lambda: "avvikelsegrans=3" in dash_br.driver.current_url)
    assert "kommun=1440" in dash_br.driver.current_url
    _vanta(dash_br, lambda: "3 procentenheter" in dash_br.find_element("#avvikelse-sammanfattning").text)
    # En kopierad länk med gränsen ger samma vy, och en äldre länk med ?troskel= likaså.
    for adress in ("/extratjanster?avvikelsegrans=25", "/extratjanster?troskel=25"):
        dash_br.driver.get(server + adress)
        _ritad(dash_br, "avvikelse")
        _vanta(dash_br, lambda: "25 procentenheter" in dash_br.find_element("#avvikelse-sammanfattning").text)
        assert dash_br.driver.find_element(By.CSS_SELECTOR, ".avvikelsegrans input").get_attribute("value") == "25"
    assert _konsolfel(dash_br) == []
