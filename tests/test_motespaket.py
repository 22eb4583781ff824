"""Mötespaketet: PowerPoint och PDF öppnas och kontrolleras, både direkt och via knappen i webbläsaren."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pypdf import PdfReader

import queries
from export import motespaket
from tests.conftest import DEMONYCKEL, bygg_demolager
from tests.webb import _ritad, _vanta_pa_fil

RUBRIKER = ["Nyckeltal per kommun", "Extratjänster 2025: tilldelat och förbrukat", "Lokala avvikelser i tilldelningen",
            "Lokala avvikelser – varför?", "Jobbspår per kluster", "Projekt: resultat mot mål", "Resultat mot förväntat"]
# Ett fast urval (queries/fasta_urval.py): mötespaketet visar skyddade antal oavsett roll.
PARAMS: dict[str, Any] = dict(kommuner=["1440"], fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31), malgrupper=[], kon="")


@pytest.fixture(scope="module")
def demolager(tmp_path_factory):
    import os

    os.environ["SAMVERKAN_NYCKEL"] = DEMONYCKEL
    db = bygg_demolager(tmp_path_factory.mktemp("paket"), DEMONYCKEL)
    # Rollen uttryckligen: frågelagrets åtkomst är modulens tillstånd och kan annars vara kvar från en annan testfil.
    from behorighet import striktast

    queries.init(db, atkomstkalla=lambda: striktast(5))
    return db


def _pptx_texter(data: bytes) -> list[str]:
    return ["\n".join(s.text_frame.text for s in bild.shapes if s.has_text_frame) for bild in Presentation(io.BytesIO(data)).slides]


def test_powerpoint_har_en_bild_per_diagram_med_urval_och_datadatum(demolager):
    bilder, meta = motespaket.bygg(PARAMS)
    pres = Presentation(io.BytesIO(motespaket.som_pptx(bilder, meta)))
    assert len(pres.slides) == 1 + len(RUBRIKER)
    texter = _pptx_texter(motespaket.som_pptx(bilder, meta))
    assert [t.splitlines()[0] for t in texter[1:]] == RUBRIKER
    for text in texter:
        assert "Urval: Ale; period 2025-01-01 – 2025-12-31" in text
        assert "deltagare t.o.m. 2026-10-31" in text
        assert "FIKTIVA DEMODATA" in text
    assert "slumpjusterade" in texter[1] and "antal under 5 visas inte" in texter[1]
    # Varje diagrambild har ett riktigt diagram och en tabell.
    for bild in list(pres.slides)[1:]:
        assert any(s.has_chart for s in bild.shapes) and any(s.has_table for s in bild.shapes)


def test_pdf_har_en_sida_per_diagram_med_urval_och_datadatum(demolager):
    bilder, meta = motespaket.bygg(PARAMS)
    pdf = PdfReader(io.BytesIO(motespaket.som_pdf(bilder, meta)))
    assert len(pdf.pages) == 1 + len(RUBRIKER)
    texter = [sida.extract_text() for sida in pdf.pages]
    for rubrik, text in zip(RUBRIKER, texter[1:], strict=False):
        assert rubrik in text
    for text in texter:
        assert "FIKTIVA DEMODATA" in text and "2025-12-31" in text and "Urval: Ale;" in text


def test_knappen_laddar_ner_paketet(dash_br, server):
    dash_br.driver.get(server + "/extratjanster?kommun=1440&fran=2026-07&till=2026-09")
    _ritad(dash_br, "budget-kommun")
    dash_br.find_element("#motespaket-pptx").click()
    fil = _vanta_pa_fil(dash_br.download_path, ".pptx")
    texter = _pptx_texter(Path(fil).read_bytes())
    assert "Urval: Ale; period 2026-07-01 – 2026-09-30" in texter[0]
    dash_br.find_element("#motespaket-pdf").click()
    pdf = PdfReader(_vanta_pa_fil(dash_br.download_path, ".pdf"))
    # Paketet ur appen slutar med samrådets öppna uppföljningar.
    assert len(pdf.pages) == 2 + len(RUBRIKER)
    assert "Uppföljningar från samrådet" in pdf.pages[-1].extract_text()


def test_diagramdata_i_powerpoint_har_inga_formler():
    """python-pptx gör "=…" i diagrammets kategorier och serienamn till formler i den inbäddade arbetsboken."""
    import re
    import zipfile

    farliga = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","a")', "+1+1", "@SUM(A1)"]
    bild = motespaket.Bild("Rubrik", "Mening", ["Namn", "Värde"], [[f, "1"] for f in farliga],
                           kategorier=farliga, serier={"=1+1": [1.0, 2.0, 3.0, 4.0]})
    meta = motespaket.Meta("Urval: Ale", "2026-01-01", False, "2026-12-03")
    pptx = zipfile.ZipFile(io.BytesIO(motespaket.som_pptx([bild], meta)))
    bocker = [n for n in pptx.namelist() if n.endswith(".xlsx")]
    assert bocker, "diagrammet ska ha en inbäddad arbetsbok"
    for namn in bocker:
        bok = zipfile.ZipFile(io.BytesIO(pptx.read(namn)))
        for blad in (n for n in bok.namelist() if n.endswith(".xml")):
            xml = bok.read(blad).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, (namn, blad)
            texter = re.findall(r"<t[^>]*>([^<]*)</t>", xml)
            assert not [t for t in texter if t[:1] in "=+-@"], (namn, blad, texter)
        assert any("'=cmd" in bok.read(n).decode("utf-8") for n in bok.namelist() if n.endswith(".xml"))


def test_demodatan_visar_etiketterna_och_paketet_projektorn_och_sidan_sager_samma(demolager):
    """Demodatan har alla fyra etiketterna: Härryda bättre, Lerum sämre än förväntat, Öckerö för få avslut och
    övriga som förväntat; med ett kvartal har fler små kommuner för få avslut. Paketets, projektorns och sidans bedömning är densamma (samma skyddade tal)."""
    import dash

    from figures import resultat

    standard = queries.standardperiod()
    params: dict[str, Any] = dict(kommuner=[], malgrupper=[], kon="", fran=standard[0], till=standard[1])
    # Som projektorrollen ser sidan: samma skyddade tal som projektorn och paketet visar för alla.
    sidan = resultat.bedom(queries.run("resultat_forvantat", horisont=90, enhet="kommun", **params)).set_index(
        "namn").etikett
    assert sidan["Härryda"] == resultat.BATTRE and sidan["Lerum"] == resultat.SAMRE
    assert sidan["Öckerö"] == resultat.FA  # följer upp för få i demodatan
    assert (sidan == resultat.SOM).sum() >= 8
    kvartal: dict[str, Any] = dict(params, fran=dt.date(2026, 1, 1), till=dt.date(2026, 3, 31))
    assert (resultat.bedom(queries.run("resultat_forvantat", horisont=90, enhet="kommun", **kvartal)).etikett == resultat.FA).any()

    bilder, _ = motespaket.bygg({**params, "kommuner": ["1401"]})
    tratt = next(b for b in bilder if b.rubrik == "Resultat mot förväntat")
    i_namn, i_etikett = tratt.kolumner.index("Kommun"), tratt.kolumner.index("Bedömning")
    assert {r[i_namn]: r[i_etikett] for r in tratt.rader} == sidan.to_dict()
    assert "Härryda" in tratt.kategorier

    dash.Dash(__name__, use_pages=True, pages_folder="")  # sidmodulerna registrerar sig i en app
    from dashboards import presentation

    projektorn = presentation._bedomningar(params).set_index("namn").etikett
    assert projektorn.to_dict() == sidan.to_dict()


def test_jobbspar_och_projekt_jamfors_mot_forvantat_som_kommunerna(demolager):
    from figures import resultat

    standard = queries.standardperiod()
    params: dict[str, Any] = dict(kommuner=[], malgrupper=[], kon="", fran=dt.date(2023, 1, 1), till=dt.date(2023, 12, 31), horisont=90)
    spar = queries.run("resultat_forvantat", enhet="jobbspar", **params)
    assert len(spar) >= 5 and spar.namn.str.startswith("Jobbspår").all()
    projekt = resultat.bedom(queries.run("resultat_forvantat", enhet="projekt", **params)).set_index("namn")
    # Diarienumret i deltagarfilen blir projektets namn ur projektförteckningen.
    assert {"Premiär i kommunen", "Vägen vidare"} <= set(projekt.index)
    kort = resultat.tratt(queries.run("resultat_forvantat", enhet="jobbspar", **{**params, "fran": standard[0],
                                                                                    "till": standard[1]}),
                          enhet="jobbspar")
    assert "jobbspår i GR" in kort.sammanfattning and kort.tabell.kolumner[0].rubrik == "Jobbspår"


def test_kartan_farglagd_efter_resultatet_sager_bedomningen_aldrig_hogst_och_lagst(demolager):
    from figures import oversikt, resultat

    standard = queries.standardperiod()
    params: dict[str, Any] = dict(kommuner=[], malgrupper=[], kon="", fran=standard[0], till=standard[1])
    kpi = queries.run("kpi_per_kommun", **params)
    per_kommun = queries.run("resultat_forvantat", horisont=90, enhet="kommun", **params)
    bedomningar = dict(zip(per_kommun.enhet, resultat.bedom(per_kommun).etikett, strict=True))
    kort = oversikt.karta(kpi, params, oversikt.RESULTAT, "GR", bedomningar=bedomningar)
    assert "högst" not in kort.sammanfattning and "lägst" not in kort.sammanfattning
    assert "Härryda bättre än förväntat" in kort.sammanfattning and "Lerum sämre än förväntat" in kort.sammanfattning
    etiketter = [t for spar in kort.figur["data"] for t in (spar.get("hovertext") or []) if "Lerum" in str(t)]
    assert any("sämre än förväntat" in t for t in etiketter)


def test_en_kommuns_resultat_ur_regionens_skikt_ar_samma_som_trattens_rad(demolager):
    """Kommunprofilen och projektorns kommunbilder läser resultat_kommun.sql; talen är desamma som kommunens rad i
    trattgrafens fråga, för varje kommun."""
    standard = queries.standardperiod()
    params: dict[str, Any] = dict(kommuner=[], malgrupper=[], kon="", fran=standard[0], till=standard[1])
    tratt = queries.run("resultat_forvantat", horisont=90, enhet="kommun", **params).set_index("enhet")
    for kod in tratt.index:
        en = queries.run("resultat_kommun", kommun=kod, **params).set_index("enhet").loc[kod]
        for kolumn in ("uppfoljda", "i_arbete_studier", "andel", "forvantad"):
            assert en[kolumn] == pytest.approx(tratt.loc[kod, kolumn], nan_ok=True), (kod, kolumn)
