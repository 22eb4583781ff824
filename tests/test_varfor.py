"""Varför? Reglerna på handgjorda fall, och hela vägen från kontraktets filer till raden på sidan."""
from __future__ import annotations

import pytest

from figures.varfor import INGEN, MALGRUPPEN, UTNYTTJANDET, forklara


def _rad(a, a_gr, t=None, t_gr=None, u=None, u_gr=None, namn="Härryda"):
    return {"kommun_kod": "1401", "kommun_namn": namn, "forandring": a, "gr_forandring": a_gr,
            "malgrupp_forandring": t, "gr_malgrupp_forandring": t_gr, "utnyttjande_fg": u, "gr_utnyttjande_fg": u_gr}


def test_malgruppen_forklarar_en_nedskarning_med_samma_tecken_och_minst_halva_storleken():
    f = forklara(_rad(-0.28, -0.09, t=-0.22, t_gr=-0.02, u=0.95, u_gr=0.90))
    assert f.etiketter == (MALGRUPPEN,)
    assert f.text == ("Härryda: −28\u00a0% (GR −9\u00a0%). Målgruppen: inskrivna utan arbete >12 mån −22\u00a0% "
                      "(GR −2\u00a0%).")


def test_malgruppen_forklarar_ocksa_en_okning():
    assert forklara(_rad(0.25, 0.0, t=0.20, t_gr=0.05)).etiketter == (MALGRUPPEN,)


@pytest.mark.parametrize(("t", "t_gr"), [(0.10, 0.0), (-0.05, 0.0)])
def test_malgruppen_med_fel_tecken_eller_for_liten_forklarar_inte(t, t_gr):
    # Avvikelsen är −0,20: +0,10 har fel tecken, −0,05 är mindre än halva storleken (0,10).
    assert forklara(_rad(-0.25, -0.05, t=t, t_gr=t_gr)).etiketter == (INGEN,)


def test_utnyttjandet_forklarar_en_nedskarning_men_inte_en_okning():
    nedskarning = forklara(_rad(-0.30, -0.10, u=0.70, u_gr=0.90))
    assert nedskarning.etiketter == (UTNYTTJANDET,)
    assert "Utnyttjandet förra året: 70\u00a0% av tilldelningen användes (GR 90\u00a0%)." in nedskarning.text
    assert forklara(_rad(0.30, 0.10, u=0.70, u_gr=0.90)).etiketter == (INGEN,)
    # Exakt 10 procentenheter under räknas; 9 gör det inte.
    assert forklara(_rad(-0.30, -0.10, u=0.80, u_gr=0.90)).etiketter == (UTNYTTJANDET,)
    assert forklara(_rad(-0.30, -0.10, u=0.81, u_gr=0.90)).etiketter == (INGEN,)


def test_bada_forklaringarna_kan_galla():
    assert forklara(_rad(-0.30, -0.05, t=-0.20, t_gr=0.0, u=0.6, u_gr=0.9)).etiketter == (MALGRUPPEN, UTNYTTJANDET)


def test_saknade_af_manader_ar_uppgift_saknas_aldrig_noll():
    f = forklara(_rad(-0.28, -0.09, t=None, t_gr=-0.02))
    assert f.etiketter == (INGEN,)
    assert "Målgruppen: uppgift saknas för inskrivna utan arbete >12 mån." in f.text


def test_kommun_utan_foregaende_ar():
    f = forklara(_rad(None, -0.09))
    assert f.etiketter == (INGEN,) and "inget föregående år att jämföra med" in f.text


# Hela vägen: kontraktets filer (två års tilldelning, AF:s långa form, ett Kolada-svar) -> lager -> raden.
KOMMUNER = {"1440": "Ale", "1401": "Härryda", "1481": "Mölndal", "1482": "Kungälv", "1402": "Partille"}
TILLDELNING = {"1440": (100, 100), "1401": (100, 70), "1481": (100, 70), "1482": (100, 130), "1402": (100, 60)}
UTFALL_FG = {"1440": 100, "1401": 60, "1481": 95, "1482": 90, "1402": 100}
MALGRUPP = {"1440": (100, 90), "1401": (100, 100), "1481": (200, 150), "1482": (100, 140)}  # Partille saknas


@pytest.fixture
def varfor_lager(tmp_path, ingest, settings):
    from ingest.kommuner import GR_KOMMUNER
    from tests.conftest import skriv

    budget = ["år;månad;kommun;budgetpost;budget;utfall;besatta platser"]
    for kod, (fg, ar) in TILLDELNING.items():
        for manad in (1, 2, 3):
            budget.append(f"2025;{manad};{kod};Extratjänster;{fg};{UTFALL_FG[kod]};")
            budget.append(f"2026;{manad};{kod};Extratjänster;{ar};;8")
    skriv(tmp_path / "budget.csv", "\n".join(budget) + "\n")
    af = ["MANAD;LANSKOD;KOMMUNKOD;KOEN;AFKOD;ANTAL"]
    for kod, _, _ in GR_KOMMUNER:
        fg, ar = MALGRUPP.get(kod, (100, 100))
        for manad in (1, 2, 3):
            for ar_, varde in ((2025, fg), (2026, ar)):
                if kod == "1402":
                    continue
                af.append(f"{ar_}-{manad:02d};14;{kod};K;87;{varde * 4 // 10}")
                af.append(f"{ar_}-{manad:02d};14;{kod};M;87;{varde - varde * 4 // 10}")
    # Partille: en månad dold hos AF ("<5") och en som saknas helt.
    af += ["2025-01;14;1402;K;87;40", "2025-01;14;1402;M;87;<5", "2026-01;14;1402;K;87;40", "2026-01;14;1402;M;87;60"]
    af.append("2026-03;12;1280;K;87;900")  # Malmö: utanför regionen, hoppas över
    skriv(tmp_path / "arbetsmarknad.csv", "\n".join(af) + "\n")
    skriv(tmp_path / "kolada.json", '{"values": [{"kpi": "N03926", "municipality": "1440", "period": 2025, '
                                    '"values": [{"gender": "T", "value": 3.1}]}], "next_url": null}')
    rapport = ingest(tmp_path / "budget.csv", tmp_path / "arbetsmarknad.csv", tmp_path / "kolada.json")
    assert rapport.exit_code == 0, rapport.text()
    assert "1 rader utanför regionen hoppades över" in rapport.filer[1].meddelande
    return settings


def test_varje_flaggad_kommun_far_ratt_etikett_och_handraknade_tal(varfor_lager):
    import queries
    from behorighet import atkomst_for
    from figures.varfor import flaggade

    df = queries.Lager(varfor_lager.db_path).run("budget_varfor", atkomst_for("chef", 5, "a", "1440"),
                                                  ar=2026, malgrupp_kod=87)
    rader = {r["kommun_kod"]: r for r in flaggade(df, 0.10).to_dict("records")}
    assert set(rader) == set(KOMMUNER)
    # Regionen: tilldelningen 430 mot 500 (−14 %); målgruppen över kommunerna med alla månader 1 280 mot 1 300.
    assert rader["1481"]["gr_forandring"] == pytest.approx(430 / 500 - 1)
    assert rader["1481"]["gr_malgrupp_forandring"] == pytest.approx(1280 / 1300 - 1)
    assert rader["1481"]["gr_utnyttjande_fg"] == pytest.approx(445 / 500)
    texter = {kod: forklara(r) for kod, r in rader.items()}
    assert texter["1481"].etiketter == (MALGRUPPEN,)
    assert texter["1481"].text == ("Mölndal: −30\u00a0% (GR −14\u00a0%). Målgruppen: inskrivna utan arbete >12 mån "
                                   "−25\u00a0% (GR −2\u00a0%).")
    assert texter["1401"].etiketter == (UTNYTTJANDET,)
    assert texter["1401"].text == ("Härryda: −30\u00a0% (GR −14\u00a0%). Utnyttjandet förra året: 60\u00a0% av "
                                   "tilldelningen användes (GR 89\u00a0%).")
    assert texter["1482"].etiketter == (MALGRUPPEN,)
    assert texter["1482"].text.startswith("Kungälv: +30\u00a0% (GR −14\u00a0%). Målgruppen: inskrivna utan arbete >12 "
                                          "mån +40\u00a0%")
    assert texter["1440"].etiketter == (INGEN,)
    assert texter["1402"].etiketter == (INGEN,) and "uppgift saknas" in texter["1402"].text
    # Partilles dolda AF-värde är NULL i lagret, aldrig 0.
    assert rader["1402"]["malgrupp_forandring"] != rader["1402"]["malgrupp_forandring"]  # NaN
    # Besatta platser (antal personer) är skyddade för chefen: 8 störs men visas (≥ 5).
    assert 6 <= rader["1481"]["besatta_platser"] <= 10


def test_kommunprofilen_visar_koladas_varde_och_regionens_vagda(varfor_lager):
    import queries
    from behorighet import atkomst_for
    from config import KOLADA_KPI
    from figures.kommun import kolada

    df = queries.Lager(varfor_lager.db_path).run("kolada_kommun", atkomst_for("projektor", 5), kommun="1440", ar=2026)
    kort = kolada(df, "Ale", KOLADA_KPI, "GR")
    rad = kort.tabell.df.iloc[0]
    assert (rad.kpi, rad.kommun, rad.ar) == ("N03926", "3,1", 2025)
    assert rad.titel == KOLADA_KPI["N03926"][0]  # titeln ur inställningarna när Koladas egen saknas
    # Bara Ale har värdet: det vägda regionvärdet är Ales eget.
    assert rad.region == "3,1"
    assert "Kolada 2025: Långtidsarbetslöshet" in kort.sammanfattning and "3,1 i Ale" in kort.sammanfattning


def test_fientlig_kolada_titel_ar_text_i_diagrammet_aldrig_html():
    """En fientlig KPI-titel från Kolada ska inte bli en levande länk i kommunprofilens diagram."""
    import pandas as pd

    from figures.kommun import kolada

    titel = '<a href="http://x.example">Klicka</a> andel <b>fet</b>'
    df = pd.DataFrame([{"kpi": "N00001", "titel": titel, "varde_ar": 12.5, "varde_fg": 11.0, "ar": 2025,
                        "region_viktat": 10.0, "region_summa": None}])
    kort = kolada(df, "Ale", {"N00001": ("Andel", "andel")})
    import plotly.graph_objects as go

    for spar in go.Figure(kort.figur).data:  # byggarens figur, prövad av Plotly
        for etikett in spar.y:
            assert "<a" not in etikett and "<b>" not in etikett
            assert "&lt;a href" in etikett
