"""Inkorgen: filer som läggs där läses in av sig själva, och öppna sidor visar det utan omladdning."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from ingest.inkorg import las_in_klara
from ingest.luhn import personnummer
from tests.conftest import skriv
from tests.webb import _heltal, _konsolfel, _ritad, _vanta


def _nya_deltagare(antal: int, kommun: str) -> str:
    rader = ["personnummer;kommun;insats;startdatum"]
    rader += [f"{personnummer(1977, 7, 1 + i % 28, 500 + i)};{kommun};Praktik;2026-10-01" for i in range(antal)]
    return "\n".join(rader) + "\n"


def test_fil_lases_forst_nar_den_slutat_vaxa_och_flyttas_sedan(tmp_path, settings, lager):
    inkorg = settings.inbox_dir
    fil = skriv(inkorg / "nya.csv", _nya_deltagare(3, "Tjörn"))
    rapport, storlekar = las_in_klara(inkorg, settings, {})
    assert rapport is None and fil.exists()  # första varvet: storleken är ny
    rapport, storlekar = las_in_klara(inkorg, settings, storlekar)
    assert rapport.filer[0].godkanda == 3
    assert not fil.exists() and list((inkorg / "inlasta").rglob("nya.csv"))
    trasig = skriv(inkorg / "trasig.xlsx", "inte alls en excelfil")
    _, storlekar = las_in_klara(inkorg, settings, storlekar)
    rapport, _ = las_in_klara(inkorg, settings, storlekar)
    assert rapport.filer[0].refuserad and not trasig.exists()
    assert list((inkorg / "refuserade").rglob("trasig.xlsx"))
    assert lager("SELECT count(*) FROM deltagare") == [(3,)]


def test_fil_i_inkorgen_syns_pa_oppen_sida_utan_omladdning(dash_br, server):
    dash_br.driver.get(server + "/?kommun=1419")
    _ritad(dash_br, "karta")
    _vanta(dash_br, lambda: dash_br.find_element("#f-kommun-sammanfattning").text == "Tjörn")
    fore = _heltal(dash_br.find_element("#kpi-aktiva").text)
    dash_br.driver.execute_script("window.__ingenOmladdning = true")
    skriv(server.data / "inkorg" / "tjorn_nya.csv", _nya_deltagare(12, "Tjörn"))
    _vanta(dash_br, lambda: _heltal(dash_br.find_element("#kpi-aktiva").text) == fore + 12, tid=30)
    assert dash_br.driver.execute_script("return window.__ingenOmladdning === true")
    assert dash_br.find_element("#f-kommun-sammanfattning").text == "Tjörn"  # filtret är kvar
    assert "kommun=1419" in dash_br.driver.current_url

    # En trasig fil: siffrorna står kvar, sidan fungerar, datakvalitetssidan säger varför.
    skriv(server.data / "inkorg" / "trasig.xlsx", "PK\x03\x04 trasig")
    _vanta(dash_br, lambda: list((server.data / "inkorg" / "refuserade").rglob("trasig.xlsx")), tid=30)
    assert _heltal(dash_br.find_element("#kpi-aktiva").text) == fore + 12
    assert _konsolfel(dash_br) == []
    dash_br.driver.find_element(By.ID, "nav-datakvalitet").click()
    dash_br.wait_for_contains_text("#importlogg", "trasig.xlsx", timeout=30)
    assert "Excel-filen går inte att öppna" in dash_br.find_element("#importlogg").text
