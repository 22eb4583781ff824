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

PERIOD = dict(kommuner=[], malgrupper=[], kon="", fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31), horisont=90,
              enhet="kommun")


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
    df = resultat.bedom(lager.run("resultat_forvantat", atkomst_for("styrgrupp", 5), **PERIOD)).set_index("namn")
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
    tabell = dict(zip(kort.tabell.df.namn, kort.tabell.df.etikett, strict=True))
    assert tabell["Mölndal"] == resultat.BATTRE and tabell["Tjörn"] == resultat.FA
    # Chefen får störda antal och samma bedömning för Mölndal (långt utanför gränserna).
    chef = resultat.bedom(lager.run("resultat_forvantat", atkomst_for("chef", 5, "a", "1440"), **PERIOD))
    chef = chef.set_index("namn")
    assert chef.loc["Mölndal", "etikett"] == resultat.BATTRE
    assert chef.loc["Tjörn", "uppfoljda__prick"] is None or chef.loc["Tjörn", "etikett"] == resultat.FA


def test_sex_och_tolv_manader_efter_och_hur_varaktigt_resultatet_ar(tmp_path, ingest, settings, lager):
    """De frivilliga kolumnerna status_180 och status_365 (kontraktet avsnitt 3) läses in under sina svenska namn,
    /resultat erbjuder horisonterna och kommunprofilen säger hur många av dem i arbete 90 dagar efter som är kvar."""
    rader = ["personnummer;kommun;insats;startdatum;slutdatum;status efter 90 dagar;uppföljning 6 månader;"
             "status efter 12 månader;målgrupp"]
    for i in range(30):
        pnr = personnummer(1970 + i % 30, 1 + i % 12, 1 + i % 28, 100 + i)
        s90 = "I arbete" if i < 20 else "arbetssökande"
        s365 = "i studier" if i < 15 else ("I arbete" if i >= 27 else "Arbetssökande")
        rader.append(f"{pnr};Mölndal;Praktik;2025-01-10;2025-03-20;{s90};{s90};{s365};Nyanländ")
    skriv(tmp_path / "deltagare.csv", "\n".join(rader) + "\n")
    rapport = ingest(tmp_path / "deltagare.csv")
    assert rapport.exit_code == 0, rapport.text()
    assert lager("SELECT status_180, status_365, count(*) FROM deltagare GROUP BY ALL ORDER BY ALL") == [
        ("Arbetssökande", "Arbetssökande", 7), ("Arbetssökande", "I arbete", 3),
        ("I arbete", "Arbetssökande", 5), ("I arbete", "I studier", 15)]

    db = queries.Lager(settings.db_path)
    assert list(db.referens("horisonter")["dagar"]) == [90, 180, 365]
    styrgrupp = atkomst_for("styrgrupp", 5)
    ett_ar = db.run("resultat_forvantat", styrgrupp, **{**PERIOD, "horisont": 365}).set_index("namn")
    assert (ett_ar.loc["Mölndal", "uppfoljda"], ett_ar.loc["Mölndal", "i_arbete_studier"]) == (30, 18)
    nittio = db.run("resultat_forvantat", styrgrupp, **PERIOD).set_index("namn")
    assert nittio.loc["Mölndal", "i_arbete_studier"] == 20
    varaktighet = db.run("kommun_varaktighet", styrgrupp, kommun="1481", **PERIOD).iloc[0]
    assert (varaktighet.i_arbete_90, varaktighet.kvar_365) == (20, 15)
    assert resultat.varaktighet(varaktighet) == ("Av dem i arbete eller studier 90 dagar efter var 75\u00a0% det också "
                                                 "efter 12 månader (15 av 20)")


def test_kedjor_av_insatser_i_ordning_med_laget_efter_den_sista(tmp_path, ingest, settings):
    rader = ["personnummer;kommun;insats;startdatum;slutdatum;status efter 90 dagar"]
    for i in range(8):  # Praktik, sedan extratjänst: läget efter extratjänsten räknas, inte efter praktiken
        pnr = personnummer(1980, 1 + i % 12, 1 + i, 200 + i)
        rader.append(f"{pnr};Ale;Praktik;2025-01-10;2025-03-01;Arbetssökande")
        rader.append(f"{pnr};Ale;Extratjänst;2025-03-20;2025-06-01;{'I arbete' if i < 6 else 'Arbetssökande'}")
    for i in range(6):  # bara praktik
        pnr = personnummer(1985, 1 + i % 12, 1 + i, 300 + i)
        rader.append(f"{pnr};Ale;Praktik;2025-02-10;2025-04-01;{'I studier' if i < 2 else 'Arbetssökande'}")
    pnr = personnummer(1990, 5, 5, 400)  # extratjänsten pågår: ingen uppföljning efter den sista
    rader += [f"{pnr};Ale;Praktik;2025-01-10;2025-02-01;I arbete", f"{pnr};Ale;Extratjänst;2025-02-20;;"]
    skriv(tmp_path / "deltagare.csv", "\n".join(rader) + "\n")
    assert ingest(tmp_path / "deltagare.csv").exit_code == 0

    df = queries.Lager(settings.db_path).run("insatskedjor", atkomst_for("styrgrupp", 5),
                                             **{**PERIOD, "kommuner": ["1440"]}).set_index("kedja")
    assert df.loc["Praktik → Extratjänst", ["steg", "personer", "uppfoljda", "i_arbete_studier"]].tolist() == [2, 9, 8, 6]
    assert df.loc["Praktik", ["steg", "personer", "uppfoljda", "i_arbete_studier"]].tolist() == [1, 6, 6, 2]
    kort = resultat.kedjor(df.reset_index(), "Ale")
    assert kort.sammanfattning.startswith("Vanligast i Ale: Praktik → Extratjänst (9 personer).")
    assert "i arbete eller studier efter den sista 75\u00a0% av 8 uppföljda, mot 33\u00a0% efter en enda insats" in \
        kort.sammanfattning
