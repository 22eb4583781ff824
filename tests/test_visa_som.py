"""Rättvisa jämförelser: SCB:s folkmängd som kontextfil och "Visa som" (kronor, per invånare 16–64,
per person i målgruppen, andel av tilldelningen)."""
from __future__ import annotations

import pytest

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


def _budget():
    import pandas as pd

    # Göteborg stor, Öckerö liten: i kronor skymmer Göteborg; per invånare är Öckerö högst.
    rader = [
        ("1480", "Göteborg", 10_000_000, 9_000_000, 400_000, 2000.0),
        ("1407", "Öckerö", 200_000, 180_000, 7_200, 30.0),
        ("1441", "Lerum", 600_000, 300_000, None, 100.0),
    ]
    df = pd.DataFrame([{"niva": "kommun", "kommun_kod": k, "kommun_namn": n, "budget_hittills_kr": b, "utfall_hittills_kr": u,
                        "budget_ar_kr": b * 2, "prognos_kr": u * 2.2, "manader_med_utfall": 6, "vald": True,
                        "platser": 1.0, "besatta_platser": 1.0, "besatta_per_1000": 0.1,
                        "utnyttjande": u / b, "prognos_andel": u * 2.2 / (b * 2)} for k, n, b, u, _, _ in rader])
    region = {"niva": "region", "kommun_kod": None, "kommun_namn": None, **{c: df[c].sum() for c in
              ("budget_hittills_kr", "utfall_hittills_kr", "budget_ar_kr", "prognos_kr")},
              "manader_med_utfall": 6, "vald": True, "platser": 3.0, "besatta_platser": 3.0, "besatta_per_1000": 0.1}
    region["utnyttjande"] = region["utfall_hittills_kr"] / region["budget_hittills_kr"]
    region["prognos_andel"] = region["prognos_kr"] / region["budget_ar_kr"]
    df = pd.concat([df, pd.DataFrame([region])], ignore_index=True)
    namnare = pd.DataFrame([{"kommun_kod": k, "befolkning_16_64": bef, "malgrupp": mg} for k, _, _, _, bef, mg in rader])
    return df, namnare


@pytest.mark.parametrize(("visa", "gbg", "ockero", "axel", "kolumn"), [
    ("kr", 9_000_000, 180_000, "kronor", None),
    ("per_invanare", 22.5, 25.0, "kronor per invånare 16–64 år", "Förbrukat per invånare 16–64"),
    ("per_malgrupp", 4_500, 6_000, "kronor per person i AF:s målgrupp", "Förbrukat per person i målgruppen"),
    ("andel", 90.0, 90.0, "procent av tilldelningen", None),
])
def test_visa_som_andrar_diagram_text_och_tabell_tillsammans(visa, gbg, ockero, axel, kolumn):
    from figures.extratjanster import per_kommun
    from figures.visning import med_namnare, visning

    df, namnare = _budget()
    v = visning(visa)
    kort = per_kommun(med_namnare(df, namnare, df.niva == "region"), 2026, 6, "GR", v)
    import plotly.graph_objects as go

    figur = go.Figure(kort.figur)  # byggarens figur (en dict), prövad av Plotly
    staplar = {s.name: dict(zip(s.x, s.y, strict=True)) for s in figur.data}
    forbrukat = staplar["Förbrukat av tilldelat" if visa == "andel" else "Förbrukat"]
    assert forbrukat["Göteborg"] == pytest.approx(gbg) and forbrukat["Öckerö"] == pytest.approx(ockero)
    assert figur.layout.yaxis.title.text == axel
    rubriker = [k.rubrik for k in kort.tabell.kolumner]
    if kolumn:
        assert kolumn in rubriker
        rad = kort.tabell.textrader()[1]
        assert rad[rubriker.index(kolumn)] == fmt_kr(ockero)
    if visa == "per_invanare":
        # Lerum saknar invånare 16–64: ingen kvot, och meningen säger det; regionens nämnare är då okänd.
        assert forbrukat["Lerum"] is None, "saknat värde som null i figurens data"
        assert kort.sammanfattning == ("Förbrukat hittills 2026 per invånare 16–64: högst i Öckerö, 25\u00a0kr, "
                                       "och lägst i Göteborg, 22\u00a0kr; GR uppgift saknas. Invånare 16–64 saknas för Lerum "
                                       "(SCB:s folkmängd inte inläst).")
    if visa == "per_malgrupp":
        assert kort.sammanfattning.startswith("Förbrukat hittills 2026 per person i målgruppen: högst i Öckerö, "
                                              "6\u00a0000\u00a0kr, och lägst i Lerum, 3\u00a0000\u00a0kr; GR "
                                              "4\u00a0451\u00a0kr.")
    assert kort.filnamn == "extratjanster_2026" + ("" if visa == "kr" else f"_{visa}")


def fmt_kr(v):
    from figures import format as fmt

    return fmt.kr(v)


def test_okant_visa_i_adressen_ger_kronor_och_en_notis():
    import datetime as dt

    from dashboards import urlfilter

    assert urlfilter.sidval("?visa=per_invanare&kommun=1440", "visa") == "per_invanare"
    assert urlfilter.sidval("?visa=<script>", "visa") == "kr"
    urval = urlfilter.tolka("?visa=dollar", {"1440": "Ale"}, "GR", (dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    assert urval.notiser == ("Okänt val visa=dollar – visar kronor.",)
