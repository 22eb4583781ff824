"""Hela demodatamängden genom den riktiga inläsningen, med exakta antal och summor."""
from __future__ import annotations

import csv
import random
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import generera_demodata as gen


def test_demodata_las_in_exakt(ingest, lager, tmp_path):
    rapport = ingest(ROOT / "data" / "demo", demo=True)
    per_fil = {f.fil: (f.filtyp, f.rader_lasta, f.godkanda, f.avvisade) for f in rapport.filer}
    assert per_fil == {
        "budget_extratjanster_2019-2022.xlsx": ("budget", 624, 624, 0),
        "budget_extratjanster_2023-2026.csv": ("budget", 598, 598, 0),
        "deltagare_goteborg.csv": ("deltagare", 12_700, 12_694, 6),
        "deltagare_nord_och_hav.csv": ("deltagare", 2_234, 2_228, 6),
        "deltagare_nordost.txt": ("deltagare", 2_788, 2_788, 0),
        "deltagare_sodra.xlsx": ("deltagare", 4_974, 4_974, 0),
        "jobbspar_kluster.xlsx": ("jobbspar", 26, 26, 0),
        "projekt.csv": ("projekt", 3, 3, 0),
        # Kontextfilerna: AF:s rader för Borås och Trollhättan (utanför GR) och Koladas riket hoppas över.
        "arbetsmarknad_af_2024-2026.csv": ("arbetsmarknad", 3_060, 2_652, 0),
        "kolada_2024-2025.json": ("kolada", 56, 52, 0),
        # SCB:s folkmängd: Borås rader hoppas över.
        "befolkning_scb_2024.csv": ("befolkning", 2_828, 2_626, 0),
    }
    assert rapport.exit_code == 1  # de planterade felraderna
    # Summorna räknas om från generatorn: XLSX har två decimaler, CSV hela kronor med "kr".
    budget = gen.budgetrader(random.Random(gen.FRO))
    forvantad_budget = sum(round(b["budget"], 2) if b["ar"] <= 2022 else round(b["budget"]) for b in budget)
    forvantat_utfall = sum(round(b["utfall"], 2) if b["ar"] <= 2022 else round(b["utfall"]) for b in budget)
    ((summa_budget, summa_utfall, antal),) = lager("SELECT sum(budget_kr), sum(utfall_kr), count(*) FROM budget")
    assert antal == len(budget) == 1_222
    assert summa_budget == pytest.approx(forvantad_budget, abs=0.01)
    assert summa_utfall == pytest.approx(forvantat_utfall, abs=0.01)
    # 1 083 av raderna är en andra insats i en kedja (generera_demodata.fortsattningar); för två av dem är den
    # första raden en av de planterade felraderna, så 1 081 personer har två insatser i lagret.
    assert lager("SELECT count(*) FROM deltagare") == [(22_684,)]
    assert lager("SELECT count(*) FROM (SELECT deltagare_id FROM deltagare GROUP BY ALL HAVING count(*) = 2)") == [(1_081,)]
    assert lager("SELECT count(*) FROM rejected_rows") == [(12,)]
    assert lager("SELECT count(*) FROM kommun") == [(13,)]
    # AF:s "<5" är NULL i lagret, aldrig 0: en rad per dold cell (GR:s kommuner), och ingen nolla.
    text = (ROOT / "data" / "demo" / "arbetsmarknad_af_2024-2026.csv").read_text(encoding="utf-8")
    dolda = sum(1 for r in csv.reader(text.splitlines(), delimiter=";") if r[-1] == "<5" and r[2] not in ("1490", "1488"))
    assert lager("SELECT count(DISTINCT kommun_kod), count(*) FILTER (WHERE antal IS NULL), "
                 "count(*) FILTER (WHERE antal = 0) FROM arbetsmarknad") == [(13, dolda, 0)]
    # Kolada: två nyckeltal, 13 kommuner, två år; N03926 med kön T, K och M, N01951 bara T.
    assert lager("SELECT kpi, count(*) FROM kolada GROUP BY kpi ORDER BY kpi") == [("N01951", 26), ("N03926", 78)]
    assert lager("SELECT varde FROM lager_info WHERE nyckel = 'demodata'") == [("ja",)]
    assert lager("SELECT projekt, budget_kr, esf_stod_kr, mal_andel, planerade_deltagare FROM projekt "
                 "WHERE projekt_id = '2020/00114'") == [("Premiär i kommunen", 10_598_681.0, 4_980_114.0, 0.5, 180.0)]
    assert lager("SELECT count(*) FROM projekt_kommun WHERE projekt_nyckel = 'Mellan Rum 2.0 (förstudie)'") == [(13,)]
    # Kön saknas i en fil och härleds ur personnumret: ingen rad utan kön.
    assert lager("SELECT count(*) FROM deltagare WHERE kon IS NULL") == [(0,)]


def test_generatorn_ar_deterministisk(tmp_path):
    forsta = {p.name: p.read_bytes() for p in gen.skriv_demodata(tmp_path / "a")}
    andra = {p.name: p.read_bytes() for p in gen.skriv_demodata(tmp_path / "b")}
    assert forsta == andra
    incheckade = {p.name: p.read_bytes() for p in (ROOT / "data" / "demo").iterdir()}
    assert forsta == incheckade, "data/demo är inte genererad av nuvarande generator (kör make demodata)"
