"""Inkorgen: filer som läggs där läses in av sig själva, och öppna sidor visar det utan omladdning."""
from __future__ import annotations

import pytest
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
    assert rapport is not None and rapport.filer[0].godkanda == 3
    assert not fil.exists() and list((inkorg / "inlasta").rglob("nya.csv"))
    trasig = skriv(inkorg / "trasig.xlsx", "inte alls en excelfil")
    _, storlekar = las_in_klara(inkorg, settings, storlekar)
    rapport, _ = las_in_klara(inkorg, settings, storlekar)
    assert rapport is not None and rapport.filer[0].refuserad and not trasig.exists()
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


def _xlsx_med_cell(path, ref: str, variant: str = ""):
    """En liten arbetsbok (under 2 kB) med rubriken i A1 och en enda cell långt bort, som i ärendet.
    variant: "utanfor" (bladet utanför xl/worksheets/, arbetsboken pekar dit), "apostrof" (r='ZZ200000') eller
    "prefix" (namnrymdsprefix på elementen): tre sätt som gick förbi den förra kontrollen."""
    import zipfile

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    typ = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rad = "".join(c for c in ref if c.isdigit())
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   f'xml"/><Override PartName="/xl/workbook.xml" ContentType="{typ}.sheet.main+xml"/><Override '
                   f'PartName="/xl/worksheets/sheet1.xml" ContentType="{typ}.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet '
                   'name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        blad = "../data/blad.bin" if variant == "utanfor" else "worksheets/sheet1.xml"
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet"'
                   f' Target="{blad}"/></Relationships>')
        xml = (f'<?xml version="1.0"?><worksheet {ns}><sheetData><row r="1"><c '
               'r="A1" t="inlineStr"><is><t>personnummer</t></is></c><c r="B1" t="inlineStr"><is><t>kommun'
               f'</t></is></c></row><row r="{rad}"><c r="{ref}"><v>1</v></c></row></sheetData></worksheet>')
        if variant == "apostrof":
            xml = xml.replace(f'r="{rad}"', f"r='{rad}'").replace(f'r="{ref}"', f"r='{ref}'")
        if variant == "prefix":
            xml = (xml.replace(ns, ns.replace("xmlns=", "xmlns:x=")).replace("<", "<x:").replace("<x:/", "</x:")
                   .replace("<x:?xml", "<?xml"))
        z.writestr("xl/data/blad.bin" if variant == "utanfor" else "xl/worksheets/sheet1.xml", xml)
    return path


def test_fientlig_xlsx_refuseras_med_gransen_innan_den_lases(tmp_path, settings, lager):
    """ZZ200000: 140 miljoner celler för Excel-läsaren. Filen refuseras på gränsen, inget läses."""
    from ingest import ingest_paths

    fil = _xlsx_med_cell(tmp_path / "deltagare_fientlig.xlsx", "ZZ200000")
    assert fil.stat().st_size < 5000
    rapport = ingest_paths([fil], settings=settings)
    assert rapport.exit_code == 2
    assert "kolumn 702" in rapport.filer[0].meddelande and "SAMVERKAN_MAX_KOLUMNER" in rapport.filer[0].meddelande
    # Många rader i få kolumner: cellgränsen.
    fil = _xlsx_med_cell(tmp_path / "deltagare_lang.xlsx", "Z1000000")
    rapport = ingest_paths([fil], settings=settings)
    assert "SAMVERKAN_MAX_CELLER" in rapport.filer[0].meddelande, rapport.filer[0].meddelande


@pytest.mark.parametrize("variant", ["utanfor", "apostrof", "prefix"])
def test_fientlig_xlsx_i_andra_former_refuseras_ocksa(tmp_path, settings, lager, variant):
    from ingest import ingest_paths

    fil = _xlsx_med_cell(tmp_path / f"deltagare_{variant}.xlsx", "ZZ200000", variant)
    rapport = ingest_paths([fil], settings=settings)
    assert rapport.exit_code == 2
    assert "SAMVERKAN_MAX_KOLUMNER" in rapport.filer[0].meddelande, rapport.filer[0].meddelande


def test_en_import_som_kraschar_satts_i_karantan_och_lagret_star_kvar(tmp_path, settings, lager, monkeypatch):
    """Med gränserna avstängda kraschar Excel-läsaren på riktigt, men bara i barnprocessen."""
    import dataclasses
    import hashlib

    from ingest import ingest_paths

    ingest_paths([skriv(tmp_path / "forst.csv", _nya_deltagare(3, "Ale"))], settings=settings)
    fore = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    utan_granser = dataclasses.replace(settings, granser=dataclasses.replace(
        settings.granser, max_kolumner=10**6, max_celler=10**12), inkorg_minne_mb=3000)
    monkeypatch.setenv("SAMVERKAN_MAX_KOLUMNER", str(10**6))
    monkeypatch.setenv("SAMVERKAN_MAX_CELLER", str(10**12))
    inkorg = settings.inbox_dir
    _xlsx_med_cell(inkorg / "deltagare_fientlig.xlsx", "ZZ200000")
    skriv(inkorg / "nya.csv", _nya_deltagare(4, "Tjörn"))
    _, storlekar = las_in_klara(inkorg, utan_granser, {})
    rapport, _ = las_in_klara(inkorg, utan_granser, storlekar)
    karantan = list((inkorg / "karantan").rglob("deltagare_fientlig.xlsx"))
    assert karantan, "filen ska ligga i karantän, inte kvar i inkorgen"
    skal = karantan[0].with_name(karantan[0].name + ".skal.txt").read_text(encoding="utf-8")
    assert "kraschade" in skal or "minnesgränsen" in skal, skal
    # Nästa fil i samma varv lästes in ändå, och lagret var orört av kraschen.
    assert rapport is not None and [f.godkanda for f in rapport.filer if not f.refuserad] == [4]
    assert lager("SELECT count(*) FROM deltagare WHERE kommun_kod = '1419'") == [(4,)]
    assert fore != hashlib.sha256(settings.db_path.read_bytes()).hexdigest()


def test_inkorgen_foljer_inga_symboliska_lankar(tmp_path, settings, lager):
    hemlig = skriv(tmp_path / "utanfor" / "deltagare.csv", _nya_deltagare(2, "Ale"))
    inkorg = settings.inbox_dir
    inkorg.mkdir(parents=True)
    (inkorg / "lank.csv").symlink_to(hemlig)
    rapport, storlekar = las_in_klara(inkorg, settings, {})
    rapport, _ = las_in_klara(inkorg, settings, storlekar)
    assert rapport is None
    assert hemlig.exists() and not settings.db_path.exists()
    assert list((inkorg / "refuserade").rglob("lank.csv"))


def test_kommandoradens_import_refuserar_en_excelfil_som_far_lasaren_att_krascha(tmp_path, settings, lager):
    """app.py ingest tolkar Excel-filer i en barnprocess med inkorgens minnesgräns: en läsare som kraschar blir en
    refuserad fil med svenskt skäl, inte en signal, och de andra filerna läses in."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    # Cellgränsen lyfts så att filen når Excel-läsaren, som då tar slut på minne under barnprocessens gräns.
    fil = _xlsx_med_cell(tmp_path / "in" / "deltagare_fientlig.xlsx", "ZZ200000")
    skriv(tmp_path / "in" / "budget.csv", "kommun;år;månad;budgetpost;budget;utfall\nAle;2026;1;Extratjänster;100;90\n")
    env = dict(os.environ, SAMVERKAN_MAX_KOLUMNER="100000", SAMVERKAN_MAX_CELLER="100000000000",
               SAMVERKAN_MAX_RADER="100000000", SAMVERKAN_INKORG_MINNE_MB="400")
    r = subprocess.run([sys.executable, "app.py", "ingest", str(fil.parent)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "deltagare_fientlig.xlsx" in r.stdout and "Excel-läsaren kraschade" in r.stdout, r.stdout
    assert lager("SELECT count(*) FROM budget") == [(1,)]
