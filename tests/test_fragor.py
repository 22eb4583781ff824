"""Frågorna i queries/sql mot ett litet lager byggt av filer som testet skriver; handräknade svar."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

import queries
from behorighet import atkomst_for
from ingest.luhn import personnummer
from tests.conftest import ROOT, skriv

ALLA: dict[str, Any] = dict(kommuner=[], malgrupper=[], kon="")


@pytest.fixture
def lager_med_data(tmp_path, ingest, settings):
    budget = ["år;månad;kommun;budgetpost;budget;utfall;platser;besatta platser;kommentar"]
    for man in range(1, 13):
        budget.append(f"2024;{man};Ale;Extratjänster;100;100;4;4;")
        budget.append(f"2024;{man};Mölndal;Extratjänster;100;100;4;4;")
        utfall = {1: "80", 2: "90", 3: "100"}.get(man, "")
        budget.append(f"2025;{man};Ale;Extratjänster;100;{utfall};4;{'3' if utfall else ''};")
        kommentar = "AF har aviserat minskad budget" if man == 1 else ""
        budget.append(f"2025;{man};Mölndal;Extratjänster;50;{'50' if man <= 3 else ''};2;2;{kommentar}")
    skriv(tmp_path / "budget.csv", "\n".join(budget) + "\n")
    deltagare = ["personnummer;kommun;insats;startdatum;slutdatum;avslutsorsak;status_90;jobbspar;projekt;malgrupp;kön"]
    status = ["I arbete", "I arbete", "I studier", "Arbetssökande"]
    for i, s in enumerate(status):
        deltagare.append(f"{personnummer(1980, 1, 1 + i, 10 + i)};Ale;Jobbspår;2025-01-10;2025-03-31;"
                         f"{'Arbete' if i < 2 else 'Avbrott'};{s};Jobbspår kök;;Nyanländ;{'K' if i % 2 else 'M'}")
    for i in range(2):  # pågående
        deltagare.append(f"{personnummer(1990, 2, 1 + i, 20 + i)};Ale;Praktik;2025-02-01;;;;;;Ung 16–24;K")
    for i in range(6):
        deltagare.append(f"{personnummer(1970, 3, 1 + i, 30 + i)};Mölndal;Projekt;2023-02-01;2023-06-30;Arbete;"
                         f"{'I arbete' if i < 3 else 'Okänt'};;2020/00114;Nyanländ;M")
    skriv(tmp_path / "deltagare.csv", "\n".join(deltagare) + "\n")
    skriv(tmp_path / "jobbspar.csv", "jobbspår;kluster;kommun;samordnare\nJobbspår kök;Nord;Ale;Ale\nJobbspår kök;Nord;Kungälv;Ale\n")
    skriv(tmp_path / "projekt.csv", "projekt;dnr;startdatum;slutdatum;kommuner;total budget;mål arbete/studier\n"
                                    "Premiär i kommunen;2020/00114;2020-08-01;2023-12-31;Mölndal;600 000 kr;40 %\n")
    rapport = ingest(tmp_path)
    assert rapport.exit_code == 0, rapport.text()
    # Frågorna här testar siffrorna, så som styrgruppen (som ser allt); röjandeskyddet testas i test_skydd.py.
    queries.init(settings.db_path, atkomstkalla=lambda: atkomst_for("styrgrupp", 5))
    return settings


def test_utnyttjande_och_prognos(lager_med_data):
    df = queries.run("budget_per_kommun", ar=2025, till_manad=3, kommuner=[]).set_index("kommun_kod")
    ale = df.loc["1440"]
    assert ale.budget_hittills_kr == 300 and ale.utfall_hittills_kr == 270
    assert ale.utnyttjande == pytest.approx(0.9)
    assert ale.manader_med_utfall == 3
    assert ale.prognos_kr == pytest.approx(270 / 3 * 12)
    assert ale.prognos_andel == pytest.approx(1080 / 1200)
    assert ale.besatta_per_1000 == pytest.approx(3 * 1000 / 32_446)
    gr = df[df.niva == "region"].iloc[0]
    assert pd.isna(gr.name) and pd.isna(gr.kommun_namn), "regionens rad märks med niva, inte med en kod"
    assert gr.utnyttjande == pytest.approx((270 + 150) / (300 + 150))


def test_lokala_avvikelser_flaggas_efter_avvikelsegransen(lager_med_data):
    df = queries.run("budget_avvikelse", ar=2025, avvikelsegrans=0.1).set_index("kommun_namn")
    # Samma månader båda åren: 2025 har budget alla tolv månader, alltså jämförs helår.
    assert df.loc["Ale"].forandring == pytest.approx(0.0)
    assert df.loc["Mölndal"].forandring == pytest.approx(-0.5)
    assert df.loc["Ale"].gr_forandring == pytest.approx((1200 + 600) / 2400 - 1)
    assert df.loc["Ale"].avvikelse == pytest.approx(0.25)
    assert bool(df.loc["Ale"].flaggad) and bool(df.loc["Mölndal"].flaggad)
    assert not bool(df.loc["Tjörn"].flaggad)  # ingen budget alls: inget att flagga
    assert df.loc["Mölndal"].kommentar == "AF har aviserat minskad budget"
    assert not queries.run("budget_avvikelse", ar=2025, avvikelsegrans=0.3).flaggad.fillna(False).any()


def test_nyckeltal_andel_90_dagar_och_rang(lager_med_data):
    df = queries.run("kpi_per_kommun", fran=dt.date(2025, 1, 1), till=dt.date(2025, 6, 30), **ALLA)
    ale = df[df.kommun_namn == "Ale"].iloc[0]
    assert ale.aktiva == 2
    assert ale.aktiva_per_1000 == pytest.approx(2000 / 32_446)
    assert (ale.uppfoljda_90, ale.arbete_studier_90) == (4, 3)
    assert ale.andel_arbete_studier_90 == pytest.approx(0.75)
    # Aktiva och jobbspårsdeltagare räknas i referensmånaden (juni): jobbspåren slutade 31 mars.
    assert ale.jobbspar_deltagare == 0
    mars = queries.run("kpi_per_kommun", fran=dt.date(2025, 1, 1), till=dt.date(2025, 3, 31), **ALLA)
    assert mars[mars.kommun_namn == "Ale"].iloc[0][["aktiva", "jobbspar_deltagare"]].tolist() == [6, 4]
    assert ale.rang_aktiva_per_1000 == 1
    assert ale.utnyttjande == pytest.approx(270 / 300)
    urval = queries.run("kpi_per_kommun", fran=dt.date(2025, 1, 1), till=dt.date(2025, 6, 30),
                        kommuner=["1481"], malgrupper=[], kon="")
    assert urval[urval.niva == "urval"].iloc[0].aktiva == 0
    kvinnor = queries.run("kpi_per_kommun", fran=dt.date(2025, 1, 1), till=dt.date(2025, 6, 30),
                          kommuner=[], malgrupper=[], kon="Kvinna")
    assert kvinnor[kvinnor.kommun_namn == "Ale"].iloc[0].uppfoljda_90 == 2


def test_jobbspar_kluster_och_flode(lager_med_data):
    df = queries.run("jobbspar_kluster", fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31), **ALLA)
    ale = df[df.kommun_namn == "Ale"].iloc[0]
    assert (ale.kluster, ale.samordnare, ale.deltagare, ale.avslutade, ale.arbete_studier_90) == ("Nord", "Ale", 4, 4, 3)
    assert df[df.kommun_namn == "Kungälv"].iloc[0].deltagare == 0
    flode = queries.run("jobbspar_flode", fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31), kluster="Nord", **ALLA)
    steg = {(r.fran_steg, r.till_steg): r.antal for r in flode.itertuples()}
    assert steg == {("Påbörjat jobbspår", "Arbete"): 2, ("Påbörjat jobbspår", "Avbrott"): 2,
                    ("Arbete", "I arbete"): 2, ("Avbrott", "I studier"): 1, ("Avbrott", "Arbetssökande"): 1}


def test_projektresultat_mot_mal(lager_med_data):
    df = queries.run("projekt_resultat", **ALLA)
    (p,) = df.itertuples()
    assert (p.deltagare, p.avslutade, p.uppfoljda_90, p.arbete_studier_90) == (6, 6, 6, 3)
    assert p.andel_avslut == pytest.approx(1.0)
    assert p.andel_90 == pytest.approx(0.5)
    assert p.mal_andel == pytest.approx(0.4)
    assert p.kostnad_per_deltagare == pytest.approx(100_000)
    assert p.kommuner == "Mölndal"


def test_nytt_lager_syns_utan_omstart(lager_med_data, tmp_path, ingest):
    fore = queries.version()
    assert queries.run("importlogg").shape[0] == 4
    skriv(tmp_path / "ny" / "d.csv", f"personnummer;kommun;insats;startdatum\n{personnummer(1999, 9, 9, 9)};Tjörn;Praktik;2025-05-01\n")
    ingest(tmp_path / "ny")
    assert queries.version() != fore
    assert queries.run("importlogg").shape[0] == 5


def test_gammal_kalla_flaggas_i_sidfoten(lager_med_data, monkeypatch):
    import dash

    dash.Dash(__name__)  # sidmodulerna behöver en app för att registrera sig
    from dashboards.skal import datadatum_rad

    text = " ".join(str(d.children) for d in datadatum_rad())
    assert "Senast uppdaterad" in text and "⚠" not in text
    monkeypatch.setenv("SAMVERKAN_MAX_ALDER_DAGAR", "-1")  # allt inläst före "i morgon" är för gammalt
    text = " ".join(str(d.children) for d in datadatum_rad())
    assert "⚠ äldre än -1 dagar" in text and "ingen fil inläst" not in text


def test_svenska_format_och_prickar():
    from figures import format as fmt

    assert [fmt.antal(v) for v in (0, 1, 5, 1234)] == ["0", "1", "5", "1\u00a0234"]
    assert fmt.antal(None, "<5") == "<5" and fmt.cell({"n": None, "n__prick": ".."}, "n") == ".."
    assert fmt.kr(1234567) == "1\u00a0234\u00a0567\u00a0kr" and fmt.procent(0.125) == "12,5\u00a0%"


def test_fraga_over_tidsgransen_avbryts_med_svenskt_meddelande(lager_med_data, monkeypatch, caplog):
    import logging

    tung = "-- @matt n\nSELECT count(*) AS n FROM range(100000000000) a"
    original = queries.sql
    monkeypatch.setattr(queries, "sql", lambda namn: tung if namn == "tung_fraga" else original(namn))
    lager = queries.Lager(lager_med_data.db_path, max_sekunder=0.3)
    with pytest.raises(queries.Fragetidsfel, match=r"tog längre än 0\.3 sekunder och avbröts"):
        lager.run("tung_fraga", atkomst_for("styrgrupp", 5))
    # Vanliga frågor loggar namn, parametrar, rader och millisekunder på debug-nivå.
    with caplog.at_level(logging.DEBUG, logger="samverkansmonitorn.fragor"):
        lager.run("malgrupper", atkomst_for("styrgrupp", 5))
    assert any(r.getMessage().startswith("fråga malgrupper") and " ms" in r.getMessage() for r in caplog.records)


def test_kommunprofilens_trender_handraknade(lager_med_data):
    from figures.kommun import aktiva_trend, forbrukning_trend, utfall_trend

    period: dict[str, Any] = dict(fran=dt.date(2025, 1, 1), till=dt.date(2025, 4, 30), malgrupper=[], kon="")
    df = queries.run("kommun_trend", kommun="1440", **period)
    ale = df[df.niva == "kommun"].set_index("manad")
    region = df[df.niva == "region"].set_index("manad")
    # Ale: fyra i jobbspår 10 jan–31 mar och två i praktik från 1 feb. Mölndals deltagare slutade 2023.
    assert list(ale.aktiva) == [4, 6, 6, 2]
    assert list(region.aktiva) == [4, 6, 6, 2]
    assert ale.aktiva_per_1000.iloc[1] == pytest.approx(6 * 1000 / 32_446)
    # Förbrukat t.o.m. månaden av årets tilldelning (1 200 kr): 80, 170, 270; april har inget utfall.
    assert list(ale.forbrukat_andel.iloc[:3]) == pytest.approx([80 / 1200, 170 / 1200, 270 / 1200])
    assert ale.forbrukat_andel.isna().iloc[3]
    # Regionen: Ale + Mölndal (600 kr för 2025, 50 kr per månad t.o.m. mars).
    assert region.forbrukat_andel.iloc[2] == pytest.approx((270 + 150) / 1800)
    kort = forbrukning_trend(df, "Ale", "GR")
    assert kort.sammanfattning == ("T.o.m. mar 2025 har Ale förbrukat 22\u00a0% av årets tilldelning (270\u00a0kr av "
                                   "1\u00a0200\u00a0kr); GR 23\u00a0%. Jämn takt vore 25\u00a0%.")
    assert aktiva_trend(df, "Ale", "GR").sammanfattning.startswith("Aktiva deltagare per 1 000 invånare i Ale: 0,1 i jan 2025")
    utfall = queries.run("kommun_utfall_trend", kommun="1440", **period)
    kv1 = utfall[(utfall.niva == "kommun") & (utfall.kvartal == 1)].iloc[0]
    # Tre av fyra i arbete eller studier 90 dagar efter (två i arbete, en i studier).
    assert (kv1.uppfoljda_90, kv1.arbete_studier_90) == (4, 3)
    assert kv1.andel_arbete_studier_90 == pytest.approx(0.75)
    assert "Ale 2025 kv1 var 75,0\u00a0% i arbete eller studier" in utfall_trend(utfall, "Ale", "GR").sammanfattning


def test_kommunens_projekt_ar_de_den_deltar_i():
    import pandas as pd

    from figures.kommun import kommunens_projekt

    df = pd.DataFrame({"projekt": ["A", "B", "C"], "kommuner": ["Ale, Lerum", "Lilla Edet", None]})
    assert list(kommunens_projekt(df, "Ale").projekt) == ["A"]
    assert list(kommunens_projekt(df, "Lilla Edet").projekt) == ["B"]


def test_varje_fraga_anropas_av_appen():
    """En .sql-fil som ingen sida, figur eller export anropar är död kod som ändå måste hållas skyddad (ärende #24):
    varje fråga i queries/sql står med sitt namn i appens kod."""
    import re

    kod = "\n".join(p.read_text(encoding="utf-8") for mapp in ("dashboards", "figures", "export", "queries", "behorighet",
                                                             "anteckningar")
                    for p in (ROOT / mapp).rglob("*.py"))
    kod += (ROOT / "app.py").read_text(encoding="utf-8")
    anropade = set(re.findall(r"[\"']([a-z_0-9]+)[\"']", kod))
    oanropade = sorted(p.stem for p in queries.SQL_DIR.glob("*.sql") if p.stem not in anropade)
    assert not oanropade, f"frågor som ingen anropar: {oanropade}"


def test_fragor_samtidigt_ger_samma_svar_med_anroparens_roll(lager_med_data):
    """run_samtidigt (ett kort med flera frågor): samma svar som run() en i taget, med anroparens roll och skydd."""
    params: dict[str, Any] = dict(ALLA, fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31))
    var_for_sig = [queries.run("kpi_per_kommun", **params), queries.run("budget_trend", **params)]
    samtidigt = queries.run_samtidigt(("kpi_per_kommun", params), ("budget_trend", params))
    for a, b in zip(var_for_sig, samtidigt, strict=True):
        pd.testing.assert_frame_equal(a, b)
    # En roll med skyddade antal: samma regel för fasta urval som i run(), också i poolens trådar.
    queries.init(lager_med_data.db_path, atkomstkalla=lambda: atkomst_for("chef", 5, "anna", "1440"))
    fritt = dict(params, kommuner=["1440", "1480"])
    with pytest.raises(queries.Urvalsfel):
        queries.run_samtidigt(("kpi_per_kommun", fritt), ("budget_trend", params))
    # offentlig=True: prickat oavsett roll, som projektorn.
    queries.init(lager_med_data.db_path, atkomstkalla=lambda: atkomst_for("styrgrupp", 5))
    assert queries.run_samtidigt(("kpi_per_kommun", params), offentlig=True)[0].equals(
        queries.run("kpi_per_kommun", offentlig=True, **params))
