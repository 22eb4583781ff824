"""Rättvisa jämförelser: SCB:s folkmängd som kontextfil och "Visa som" (kronor, per invånare 16–64,
per person i målgruppen, andel av tilldelningen)."""
from __future__ import annotations

from tests.conftest import skriv


def _scb(rader: list[str]) -> str:
    # Som statistikdatabasen sparar den: komma, citattecken, "1440 Ale", "16 år", "100+ år".
    return '"region","ålder","kön","år","Folkmängd"\n' + "\n".join(rader) + "\n"


def test_folkmangden_ur_scb_ger_invanare_16_64_och_totalt_for_senaste_aret(ingest, lager, tmp_path):
    rader = []
    for alder, antal in ((15, 100), (16, 200), (64, 300), (65, 400), (100, 5)):
        text = "100+ år" if alder == 100 else f"{alder} år"
        rader += [f'"1440 Ale","{text}","kvinnor","2024",{antal}', f'"1440 Ale","{text}","män","2024",{antal + 1}']
    # Ett äldre år, en rad "totalt ålder" för Härryda och en kommun utanför regionen.
    rader += ['"1440 Ale","16 år","kvinnor","2023",999', '"1401 Härryda","totalt ålder","totalt","2024",40000',
              '"1280 Malmö","16 år","kvinnor","2024",5000', '"1441 Lerum","sexton","män","2024",3']
    skriv(tmp_path / "befolkning.csv", _scb(rader))
    rapport = ingest(tmp_path / "befolkning.csv")
    fil = rapport.filer[0]
    assert fil.filtyp == "befolkning"
    assert "1 rader utanför regionen hoppades över" in fil.meddelande
    assert fil.avvisade == 1 and "ogiltig ålder: 'sexton'" in rapport.text()
    ale, harryda = lager("SELECT befolkning, befolkning_ar, befolkning_16_64 FROM kommun "
                         "WHERE kommun_kod IN ('1440', '1401') ORDER BY kommun_kod DESC")
    assert ale == (2 * 1005 + 5, 2024, 2 * 500 + 2)   # alla åldrar 2024; 16 och 64 år räknas in
    assert harryda == (40000, 2024, None)              # bara "totalt ålder": 16–64 okänt, inte 0
    # Utan SCB-fil står den skeppade folkmängden kvar (GR:s 2023).
    assert lager("SELECT befolkning, befolkning_ar FROM kommun WHERE kommun_kod = '1480'") == [(604_616, 2023)]
