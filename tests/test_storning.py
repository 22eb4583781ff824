"""Cell-key-störningen: samma svar som ONS-paketet, skydd mot subtraktion, och att varje tal är deklarerat."""
from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest
from cell_key_perturbation.create_perturbed_table import create_perturbed_table

import queries
from behorighet import atkomst_for
from ingest.luhn import personnummer
from queries.storning import ptabell
from tests.conftest import skriv
from tests.test_fragor import lager_med_data  # noqa: F401  (fixturen: ett riktigt lager med små antal)

PERIOD = {"fran": dt.date(2025, 1, 1), "till": dt.date(2025, 12, 31)}
MALGRUPPER = ("Ung 16–24", "Nyanländ", "Långtidsarbetslös", "Funktionsnedsättning")
KOMMUNER = ("Ale", "Lerum", "Mölndal", "Partille", "Kungälv", "Öckerö")


@pytest.fixture
def lager_med_sma_grupper(tmp_path, ingest, settings):
    """Många små celler: kommun × målgrupp × kön, kvinnorna ofta 1–4 och männen fler."""
    rng = np.random.default_rng(7)
    rader = ["personnummer;kommun;insats;startdatum;slutdatum;malgrupp;kön"]
    lopnr = 0
    for k, kommun in enumerate(KOMMUNER):
        for m, malgrupp in enumerate(MALGRUPPER):
            for kon, antal in (("K", int(rng.integers(1, 5))), ("M", int(rng.integers(5, 14)))):
                for _ in range(antal):
                    lopnr += 1
                    pnr = personnummer(1960 + lopnr % 40, 1 + lopnr % 12, 1 + lopnr % 28, lopnr % 1000)
                    rader.append(f"{pnr};{kommun};Praktik;2025-0{1 + (k + m) % 9}-01;;{malgrupp};{kon}")
    skriv(tmp_path / "deltagare.csv", "\n".join(rader) + "\n")
    rapport = ingest(tmp_path / "deltagare.csv")
    assert rapport.exit_code == 0, rapport.text()
    return settings


def _mikrodata(db_path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def test_ptabellen_har_onsformat_litet_brus_och_inga_nollor():
    tabell = ptabell()
    assert list(tabell.columns) == ["pcv", "ckey", "pvalue"]
    assert tabell.pcv.min() == 1 and tabell.pcv.max() == 750 and tabell.ckey.max() == 255
    assert tabell.pvalue.abs().max() == 2
    assert ((tabell.pcv + tabell.pvalue) >= 1).all(), "ett positivt antal får aldrig bli noll"
    stora = tabell[tabell.pcv >= 3]
    assert stora.groupby("pcv").pvalue.mean().abs().max() < 1e-9, "väntevärdet ska vara noll"


def test_sql_ger_samma_storda_antal_som_ons_paketet(lager_med_sma_grupper):
    """Cellnyckeln räknas i DuckDB; ONS-paketet räknar samma mikrodata i pandas med samma p-tabell."""
    db = lager_med_sma_grupper.db_path
    lager = queries.Lager(db)
    vart = lager.run("malgrupper", atkomst_for("projektor", 5)).set_index("malgrupp")
    mikro = _mikrodata(db, "SELECT malgrupp, rkey FROM deltagare")
    ons = create_perturbed_table(data=mikro, ptable=ptabell(), geog=[], tab_vars=["malgrupp"],
                                 record_key="rkey", threshold=5).set_index("malgrupp")
    assert set(vart.index) == set(ons.index)
    for malgrupp, rad in ons.iterrows():
        forvantat = rad["count"]
        fatt = vart.loc[malgrupp, "n"]
        assert (pd.isna(forvantat) and pd.isna(fatt)) or forvantat == fatt, malgrupp
    # Och per kommun och kön (personer, inte insatser): kpi_per_kommun:s aktiva mot ONS på samma personer.
    svar = lager.run("kpi_per_kommun", atkomst_for("projektor", 5), kommuner=[], malgrupper=[], kon="Kvinna",
                     **PERIOD)
    svar = svar[svar.niva == "kommun"].set_index("kommun_kod")
    personer = _mikrodata(db, "SELECT DISTINCT kommun_kod, deltagare_id, rkey FROM deltagare WHERE kon = 'Kvinna'")
    ons = create_perturbed_table(data=personer, ptable=ptabell(), geog=["kommun_kod"], tab_vars=[],
                                 record_key="rkey", threshold=5).set_index("kommun_kod")
    jamforda = 0
    for kod, rad in ons.iterrows():
        fatt = svar.loc[kod, "aktiva"]
        assert (pd.isna(rad["count"]) and pd.isna(fatt)) or rad["count"] == fatt, kod
        jamforda += 1
    assert jamforda == len(KOMMUNER)


def test_storningen_ar_densamma_varje_gang_och_styrgruppen_ser_sanna_antal(lager_med_sma_grupper):
    lager = queries.Lager(lager_med_sma_grupper.db_path)
    fraga = dict(kommuner=[], malgrupper=[], kon="Man", **PERIOD)
    forsta = lager.run("kpi_per_kommun", atkomst_for("chef", 5, "anna", "1440"), **fraga)
    andra = lager.run("kpi_per_kommun", atkomst_for("projektor", 5), **fraga)
    pd.testing.assert_series_equal(forsta.aktiva, andra.aktiva)
    sanna = lager.run("kpi_per_kommun", atkomst_for("styrgrupp", 5), **fraga)
    assert (sanna.aktiva != forsta.aktiva).any(), "minst en cell ska ha fått brus"
    assert (sanna.aktiva - forsta.aktiva).abs().max() <= 2
    assert not any(str(k).endswith("__ckey") for k in forsta.columns), "cellnycklarna lämnar aldrig frågelagret"


def test_andelar_raknas_ur_de_storda_antalen(lager_med_data):  # noqa: F811
    lager = queries.Lager(lager_med_data.db_path)
    df = lager.run("projekt_resultat", atkomst_for("styrgrupp", 5), kommuner=[], malgrupper=[], kon="")
    chef = lager.run("projekt_resultat", atkomst_for("chef", 5, "a", "1440"), kommuner=[], malgrupper=[], kon="")
    synliga = chef[chef.deltagare.notna() & chef.budget_kr.notna()]
    assert not synliga.empty
    for _, rad in synliga.iterrows():
        assert rad.kostnad_per_deltagare == pytest.approx(rad.budget_kr / rad.deltagare)
    assert len(df) == len(chef)


def test_projektorn_kan_inte_rakna_fram_dolda_antal_genom_subtraktion(lager_med_sma_grupper):
    """Angreppet ur ärendet: Alla − Man per kommun och målgrupp ska inte ge de dolda kvinnorna."""
    lager = queries.Lager(lager_med_sma_grupper.db_path)
    projektor, styrgrupp = atkomst_for("projektor", 5), atkomst_for("styrgrupp", 5)
    dolda = traffar = 0
    for malgrupp in MALGRUPPER:
        def fraga(atkomst, kon, malgrupp=malgrupp):
            df = lager.run("kpi_per_kommun", atkomst, kommuner=[], malgrupper=[malgrupp], kon=kon, **PERIOD)
            return df[df.niva == "kommun"].set_index("kommun_kod")
        alla, man, kvinna = fraga(projektor, ""), fraga(projektor, "Man"), fraga(projektor, "Kvinna")
        sanna = fraga(styrgrupp, "Kvinna")
        for kod in kvinna.index:
            if kvinna.loc[kod, "aktiva__prick"] is None or sanna.loc[kod, "aktiva"] == 0:
                continue
            if pd.isna(alla.loc[kod, "aktiva"]) or pd.isna(man.loc[kod, "aktiva"]):
                continue
            dolda += 1
            traffar += int(alla.loc[kod, "aktiva"] - man.loc[kod, "aktiva"] == sanna.loc[kod, "aktiva"])
    assert dolda >= 10, "testet behöver många dolda celler att angripa"
    # Utan störning gav subtraktionen rätt svar i varje cell; nu i bara en minoritet, och angriparen vet inte vilka.
    assert traffar / dolda < 0.5, f"{traffar} av {dolda} dolda antal gick att räkna fram"


def test_varje_numerisk_kolumn_ar_deklarerad(lager_med_data):  # noqa: F811
    """Nästa antal personer kan inte slinka igenom: varje tal i varje svar har en deklarerad sort."""
    lager = queries.Lager(lager_med_data.db_path)
    parametrar = {**PERIOD, "kommuner": ["1440"], "malgrupper": [], "kon": "", "kluster": "", "ar": 2025,
                  "till_manad": 12, "avvikelsegrans": 0.1, "malgrupp_kod": 87, "afkod": 87, "kommun": "1440", "horisont": 90, "enhet": "kommun"}
    provade = 0
    for fil in sorted(queries.SQL_DIR.glob("*.sql")):
        namn = fil.stem
        dekl = queries.deklaration(namn)
        df = lager.run(namn, atkomst_for("styrgrupp", 5), **parametrar)
        numeriska = {k for k in df.columns if pd.api.types.is_numeric_dtype(df[k])
                     and not pd.api.types.is_bool_dtype(df[k])}
        odeklarerade = numeriska - dekl.deklarerade
        assert not odeklarerade, f"{namn}: odeklarerade talkolumner {sorted(odeklarerade)}"
        for kolumn in dekl.deklarerade:
            assert kolumn in df.columns, f"{namn}: deklarerar {kolumn} som inte finns i svaret"
        provade += 1
    assert provade == len(list(queries.SQL_DIR.glob("*.sql")))


def test_besatta_platser_ar_antal_personer():
    assert "besatta_platser" in queries.deklaration("budget_per_kommun").personer
    assert "besatta_platser" in queries.deklaration("budget_trend").personer
