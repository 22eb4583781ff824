"""Röjandeskyddet i frågelagret: primär och sekundär prickning, roller och cache per roll."""
from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

import queries
from behorighet import atkomst_for
from queries.skydd import Behorighetsfel, las_deklaration, skydda
from tests.test_fragor import lager_med_data  # noqa: F401  (fixturen: ett riktigt lager med små antal)

DEKL = las_deklaration("""
-- @personer deltagare, i_arbete
-- @kvot andel = i_arbete / deltagare
-- @foljer rang = andel
-- @grupper grupper
""")

PERIOD = {"fran": dt.date(2025, 1, 1), "till": dt.date(2025, 12, 31), "malgrupper": [], "kon": ""}


def _kommuner(varden: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"kommun": list(varden), "deltagare": list(varden.values()),
                         "i_arbete": [v // 2 for v in varden.values()], "andel": [0.5] * len(varden),
                         "rang": range(1, len(varden) + 1), "grupper": [["region"]] * len(varden)})


def test_sma_antal_doljs_noll_och_fem_syns():
    df = skydda(_kommuner({"A": 0, "B": 1, "C": 4, "D": 5, "E": 40}), DEKL, 5, stor=False)
    assert list(df.deltagare__prick) == [None, "<5", "<5", None, None]
    assert df.deltagare.isna().tolist() == [False, True, True, False, False]
    assert df.deltagare[0] == 0  # noll är noll, inte dolt
    # Andelen och rangen hänger på dolda antal och döljs med dem.
    assert list(df.andel__prick)[1:3] == ["..", ".."] and list(df.rang__prick)[1:3] == ["..", ".."]


def test_andel_med_liten_namnare_doljs_aven_om_taljaren_ar_noll():
    df = skydda(pd.DataFrame({"deltagare": [3, 30], "i_arbete": [0, 12], "andel": [0.0, 0.4], "rang": [2, 1],
                              "grupper": [[], []]}), DEKL, 5, stor=False)
    assert df.andel__prick[0] == ".." and df.andel__prick[1] is None


def test_sekundar_prickning_kan_inte_raknas_fram_ur_summan():
    """Konstruerat fall: GR-summan är publicerad och en enda kommun har 3 deltagare."""
    varden = {"Ale": 3, "Lerum": 12, "Alingsås": 27, "Mölndal": 58}
    summa = sum(varden.values())
    df = skydda(_kommuner(varden), DEKL, 5, stor=False)
    dolda = df[df.deltagare.isna()]
    assert len(dolda) >= 2, "bara en dold cell: den kan räknas fram som summan minus de synliga"
    assert set(dolda.deltagare__prick) == {"<5", ".."}
    assert df.loc[df.kommun == "Ale", "deltagare__prick"].item() == "<5"
    # En angripare känner summan och de synliga cellerna: fler än en fördelning passar, och Ale kan vara 1–4.
    kvar = int(summa - df.deltagare.sum())
    mojliga = [c for c in itertools.product(range(kvar + 1), repeat=len(dolda)) if sum(c) == kvar]
    ale_index = list(dolda.kommun).index("Ale")
    assert len({c[ale_index] for c in mojliga}) > 1


def test_sekundar_prickning_over_flera_grupper_upprepas_tills_ingen_grupp_har_en_dold():
    df = pd.DataFrame({"deltagare": [2, 9, 7, 30], "i_arbete": [0, 0, 0, 0], "andel": [0.0] * 4, "rang": [1, 2, 3, 4],
                       "grupper": [["region", "urval"], ["region", "urval"], ["region", "utanfor"], ["region", "utanfor"]]})
    ut = skydda(df, DEKL, 5, stor=False)
    for grupp in ("region", "urval", "utanfor"):
        medlemmar = [i for i, g in enumerate(df.grupper) if grupp in g]
        assert sum(ut.deltagare__prick[i] is not None for i in medlemmar) != 1, grupp


def test_styrgruppen_ser_allt_chefen_och_projektorn_far_prickat(lager_med_data):  # noqa: F811
    lager = queries.Lager(lager_med_data.db_path)
    styrgrupp = lager.run("kpi_per_kommun", atkomst_for("styrgrupp", 5), kommuner=[], **PERIOD)
    chef = lager.run("kpi_per_kommun", atkomst_for("chef", 5, "anna", "1440"), kommuner=[], **PERIOD)
    ale_s = styrgrupp[styrgrupp.kommun_namn == "Ale"].iloc[0]
    ale_c = chef[chef.kommun_namn == "Ale"].iloc[0]
    assert 0 < ale_s.aktiva < 5 and ale_s.aktiva__prick is None
    assert pd.isna(ale_c.aktiva) and ale_c.aktiva__prick == "<5"


@pytest.mark.parametrize("roll", ["chef", "projektor"])
def test_inga_antal_under_fem_i_nagon_fraga_for_chef_och_projektor(lager_med_data, roll):  # noqa: F811
    lager = queries.Lager(lager_med_data.db_path)
    atkomst = atkomst_for(roll, 5, "x", "1440")
    parametrar = {**PERIOD, "kommuner": ["1440"], "kluster": "", "ar": 2025, "till_manad": 12, "avvikelsegrans": 0.1,
                  "malgrupp_kod": 87, "afkod": 87, "kommun": "1440", "horisont": 90, "enhet": "kommun"}
    provade = 0
    for fil in sorted(queries.SQL_DIR.glob("*.sql")):
        namn = fil.stem
        dekl = queries.deklaration(namn)
        if dekl.roller is not None or not dekl.personer:
            continue
        df = lager.run(namn, atkomst, **parametrar)
        for kolumn in dekl.personer:
            sma = df[(df[kolumn] > 0) & (df[kolumn] < 5)]
            assert sma.empty, f"{namn}.{kolumn} visar {list(sma[kolumn])} för rollen {roll}"
        provade += 1
    assert provade >= 7


def test_rollen_satts_i_fragelagret(lager_med_data):  # noqa: F811
    lager = queries.Lager(lager_med_data.db_path)
    assert len(lager.run("importlogg", atkomst_for("styrgrupp", 5))) > 0
    for roll in ("chef", "projektor"):
        with pytest.raises(Behorighetsfel):
            lager.run("avvisade_rader", atkomst_for(roll, 5))


def test_tva_roller_far_aldrig_varandras_cachade_svar(lager_med_data):  # noqa: F811
    lager = queries.Lager(lager_med_data.db_path, cache_poster=100)
    fraga = dict(kommuner=[], **PERIOD)
    for ordning in (("styrgrupp", "chef"), ("chef", "styrgrupp")):
        svar = {roll: lager.run("kpi_per_kommun", atkomst_for(roll, 5), **fraga) for roll in ordning}
        # Andra gången kommer svaret ur cachen: det ska fortfarande vara rollens eget.
        igen = {roll: lager.run("kpi_per_kommun", atkomst_for(roll, 5), **fraga) for roll in ordning}
        for roll in ordning:
            ale = igen[roll][igen[roll].kommun_namn == "Ale"].iloc[0]
            assert (ale.aktiva__prick is None) == (roll == "styrgrupp"), (ordning, roll)
            pd.testing.assert_frame_equal(svar[roll], igen[roll])


def test_okand_deklaration_stoppas():
    with pytest.raises(ValueError):
        las_deklaration("-- @personr antal\nSELECT 1")
