"""Kontextfilerna (AF, Kolada, SCB) tar inte emot orimligheter (ärende #22, punkt 7): en dålig rad avvisas med
ett skäl och stoppar aldrig körningen; okända måttkoder från AF hoppas över och räknas."""
from __future__ import annotations

from tests.conftest import skriv


def test_orimliga_varden_avvisas_radvis_och_resten_lases_in(tmp_path, ingest, lager):
    af = ["MANAD;LANSKOD;KOMMUNKOD;KOEN;AFKOD;ANTAL",
          "2026-01;14;1440;K;87;120",
          "2026-02;14;1440;K;87;-500",
          "2026-03;14;1440;K;87;100000000000000000000000",
          "2026-13;14;1440;K;87;50",
          "2026-04;14;1440;K;999;50",
          "2026-05;14;1440;K;4;80"]
    skriv(tmp_path / "arbetsmarknad.csv", "\n".join(af) + "\n")
    skriv(tmp_path / "kolada.json", '{"values": ['
          '{"kpi": "N03926", "municipality": "1440", "period": 2025, "values": [{"gender": "T", "value": 3.1}]},'
          '{"kpi": "N03926", "municipality": "1480", "period": 2025, "values": [{"gender": "T", "value": 1e308}]}'
          '], "next_url": null}')
    skriv(tmp_path / "befolkning.csv", "region,ålder,kön,år,Folkmängd\n"
                                       "1440 Ale,20 år,kvinnor,2024,318\n"
                                       "1440 Ale,21 år,kvinnor,2024,123456789012345678901234567890\n")
    rapport = ingest(tmp_path / "arbetsmarknad.csv", tmp_path / "kolada.json", tmp_path / "befolkning.csv")
    assert rapport.exit_code in (0, 1), rapport.text()
    af_fil, kolada_fil, scb_fil = rapport.filer
    skal = " ".join(s for s, _ in af_fil.toppskal)
    assert af_fil.avvisade == 3, rapport.text()
    assert "negativt antal" in skal and "orimligt stort antal" in skal and "ogiltig månad: '2026-13'" in skal
    assert "1 rader med måttkoder som monitorn inte använder hoppades över" in af_fil.meddelande
    assert lager("SELECT manad, afkod, antal FROM arbetsmarknad ORDER BY manad") == [
        (__import__("datetime").date(2026, 1, 1), 87, 120), (__import__("datetime").date(2026, 5, 1), 4, 80)]
    assert kolada_fil.avvisade == 1 and "orimligt värde" in " ".join(s for s, _ in kolada_fil.toppskal)
    assert lager("SELECT kommun_kod, varde FROM kolada") == [("1440", 3.1)]
    assert scb_fil.avvisade == 1 and "ogiltig folkmängd" in " ".join(s for s, _ in scb_fil.toppskal)
    assert lager("SELECT sum(antal) FROM befolkning") == [(318,)]
