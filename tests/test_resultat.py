"""Resultat mot förväntat (ärende #23) på handgjorda data: en svår mix med verklig effekt, en liten kommun som
toppar av en slump, och en med för få avslut."""
from __future__ import annotations

import datetime as dt

import numpy as np

import queries
from behorighet import atkomst_for
from figures import resultat
from ingest.luhn import personnummer
from tests.conftest import skriv

PERIOD = dict(kommuner=[], malgrupper=[], kon="", fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31))


def _rader(kommun: str, malgrupp: str, antal: int, lyckade: int, start: int) -> list[str]:
    ut = []
    for i in range(antal):
        lopnr = start + i
        pnr = personnummer(1960 + lopnr % 40, 1 + lopnr % 12, 1 + lopnr % 28, lopnr % 1000)
        status = "I arbete" if i < lyckade else "Arbetssökande"
        ut.append(f"{pnr};{kommun};Praktik;2025-01-15;2025-0{1 + i % 9}-28;;{status};{malgrupp};K;1985")
    return ut


def test_svar_mix_med_effekt_ar_battre_liten_topp_som_forvantat_och_tolv_for_fa(tmp_path, ingest, settings):
    rader = ["personnummer;kommun;insats;startdatum;slutdatum;avslutsorsak;status_90;malgrupp;kön;födelseår"]
    lopnr = 0
    # Göteborg: de flesta lätta (Ung, 60 %), få svåra (Långtidsarbetslös, 15 %).
    for malgrupp, antal, lyckade in (("Ung 16–24", 400, 240), ("Långtidsarbetslös", 100, 15)):
        rader += _rader("Göteborg", malgrupp, antal, lyckade, lopnr)
        lopnr += antal
    # Mölndal: bara svåra, 30 % (dubbelt så bra som regionen för dem) men rått under regionens snitt.
    rader += _rader("Mölndal", "Långtidsarbetslös", 150, 45, lopnr)
    lopnr += 150
    # Öckerö: 25 lätta, 17 lyckade (68 %): högst rå andel, men inom slumpen.
    rader += _rader("Öckerö", "Ung 16–24", 25, 17, lopnr)
    lopnr += 25
    # Tjörn: 12 uppföljda.
    rader += _rader("Tjörn", "Ung 16–24", 12, 12, lopnr)
    skriv(tmp_path / "deltagare.csv", "\n".join(rader) + "\n")
    rapport = ingest(tmp_path / "deltagare.csv")
    assert rapport.exit_code == 0, rapport.text()

    lager = queries.Lager(settings.db_path)
    df = resultat.bedom(lager.run("resultat_forvantat", atkomst_for("styrgrupp", 5), **PERIOD)).set_index("kommun_namn")
    regionens = df.i_arbete_studier.sum() / df.uppfoljda.sum()
    assert df.loc["Mölndal", "andel"] < regionens, "rått ser Mölndal sämre ut än regionen"
    assert df.loc["Mölndal", "etikett"] == resultat.BATTRE
    assert df.loc["Mölndal", "skillnad_lag"] > 0
    assert df.loc["Öckerö", "andel"] == df[df.uppfoljda >= 20].andel.max(), "högst rå andel bland de jämförda"
    assert df.loc["Öckerö", "etikett"] == resultat.SOM
    assert df.loc["Tjörn", "etikett"] == resultat.FA and np.isnan(df.loc["Tjörn", "forvantad"])
    assert df.loc["Ale", "etikett"] == resultat.FA
    # Meningen i kommunprofilen, och samma etikett i trattens tabell (sidan, projektorn och paketet).
    assert resultat.mening(df.loc["Mölndal"]).startswith("I arbete eller studier 90 dagar efter: 30\u00a0% – förväntat 15\u00a0%")
    kort = resultat.tratt(lager.run("resultat_forvantat", atkomst_for("styrgrupp", 5), **PERIOD))
    tabell = dict(zip(kort.tabell.df.kommun_namn, kort.tabell.df.etikett, strict=True))
    assert tabell["Mölndal"] == resultat.BATTRE and tabell["Tjörn"] == resultat.FA
    # Chefen får störda antal och samma bedömning för Mölndal (långt utanför gränserna).
    chef = resultat.bedom(lager.run("resultat_forvantat", atkomst_for("chef", 5, "a", "1440"), **PERIOD))
    chef = chef.set_index("kommun_namn")
    assert chef.loc["Mölndal", "etikett"] == resultat.BATTRE
    assert chef.loc["Tjörn", "uppfoljda__prick"] is None or chef.loc["Tjörn", "etikett"] == resultat.FA
