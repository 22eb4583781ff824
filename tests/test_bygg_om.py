"""Bygg om lagret ur arkivet (ärende #27, punkt 1): samma nyckel ger samma lager, en ny nyckel samma sanna antal
med nya pseudonymer, och ett avbrott mitt i lämnar det gamla lagret och den gamla nyckeln."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest

from config import load_settings
from tests.conftest import ROOT, skriv

FRAGOR = {
    # Det sidorna visar: prickat och stört som för en chef, och de sanna antalen som för styrgruppen.
    "kpi_per_kommun": dict(kommuner=[], fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31), malgrupper=[], kon=""),
    "budget_per_kommun": dict(ar=2026, till_manad=6, kommuner=[]),
    "resultat_forvantat": dict(kommuner=[], fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31), malgrupper=[],
                               kon="", horisont=90, enhet="kommun"),
    "datadatum": {},
}


@pytest.fixture(scope="module")
def mall(tmp_path_factory):
    """Ett demolager byggt med en nyckelfil (inte SAMVERKAN_NYCKEL), och en fil till med ett nyare läge: byggt en
    gång; varje test får en egen kopia av datamappen (arkivet, lagret, nyckeln)."""
    from ingest import ingest_paths

    mapp = tmp_path_factory.mktemp("bygg_om")
    gamla = dict(os.environ)
    os.environ["SAMVERKAN_DATA"] = str(mapp / "data")
    os.environ.pop("SAMVERKAN_NYCKEL", None)
    try:
        settings = load_settings()
        ingest_paths([ROOT / "data" / "demo"], settings=settings, demo=True)
        # En senare leverans av samma kommuns budget: ordningen avgör vilket läge som gäller.
        skriv(mapp / "nytt" / "budget_ale.csv", "kommun;år;månad;budgetpost;budget;utfall\n"
                                               "Ale;2026;6;Extratjänster;999 000;12 345\n")
        ingest_paths([mapp / "nytt" / "budget_ale.csv"], settings=settings)
    finally:
        os.environ.clear()
        os.environ.update(gamla)
    return mapp / "data"


@pytest.fixture
def nyckelfil_lager(mall, tmp_path, monkeypatch):
    import shutil

    # Importloggen pekar på mallens arkiv (absoluta sökvägar): bygg-om läser filerna där, som de kom.
    shutil.copytree(mall, tmp_path / "data", symlinks=True)
    monkeypatch.setenv("SAMVERKAN_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("SAMVERKAN_NYCKEL", raising=False)
    return load_settings()


def _svar(settings, roll: str) -> dict[str, pd.DataFrame]:
    import queries
    from behorighet import atkomst_for

    lager = queries.Lager(settings.db_path, offentlig_troskel=5)
    atk = atkomst_for(roll, 5, "x", "1440")
    return {namn: lager.run(namn, atk, **params) for namn, params in FRAGOR.items()}


def _pseudonymer(settings) -> set[str]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT DISTINCT deltagare_id FROM deltagare").fetchall()}
    finally:
        con.close()


def _sanna_per_kommun(settings) -> list[tuple]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute("SELECT kommun_kod, count(DISTINCT deltagare_id), count(*) FROM deltagare "
                           "GROUP BY ALL ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_samma_nyckel_ger_samma_siffror(nyckelfil_lager):
    from ingest.bygg_om import bygg_om

    settings = nyckelfil_lager
    fore_chef, fore_styr, fore_id = _svar(settings, "chef"), _svar(settings, "styrgrupp"), _pseudonymer(settings)
    rapport = bygg_om(settings)
    assert len(rapport.filer) >= 6 and not any(f.refuserad for f in rapport.filer if f.fil.endswith(".csv"))
    efter_chef, efter_styr = _svar(settings, "chef"), _svar(settings, "styrgrupp")
    for namn in FRAGOR:
        pd.testing.assert_frame_equal(fore_chef[namn], efter_chef[namn], obj=f"{namn} (chef)")
        pd.testing.assert_frame_equal(fore_styr[namn], efter_styr[namn], obj=f"{namn} (styrgrupp)")
    assert _pseudonymer(settings) == fore_id
    # Det senare läget av Ales budget gäller fortfarande: filerna lästes i ankomstordning.
    ale = efter_styr["budget_per_kommun"].query("kommun_kod == '1440'").iloc[0]
    assert ale.budget_hittills_kr >= 999_000
    # Demomärkningen följer med.
    con = duckdb.connect(str(settings.db_path), read_only=True)
    assert con.execute("SELECT varde FROM lager_info WHERE nyckel = 'demodata'").fetchall() == [("ja",)]
    con.close()


def test_ny_nyckel_ger_samma_sanna_antal_och_nya_pseudonymer(nyckelfil_lager):
    from ingest.bygg_om import bygg_om, ny_nyckelfil

    settings = nyckelfil_lager
    gammal_nyckel = settings.key_file.read_bytes()
    fore_id, fore_sanna = _pseudonymer(settings), _sanna_per_kommun(settings)
    fore_styr = _svar(settings, "styrgrupp")
    bygg_om(settings, ny_nyckel=True)
    assert settings.key_file.read_bytes() != gammal_nyckel
    assert oct(settings.key_file.stat().st_mode & 0o777) == "0o600"
    assert not ny_nyckelfil(settings.key_file).exists()
    assert _sanna_per_kommun(settings) == fore_sanna, "samma sanna antal per kommun"
    assert _pseudonymer(settings).isdisjoint(fore_id), "varje pseudonym är ny"
    efter_styr = _svar(settings, "styrgrupp")
    sanna = ["aktiva", "jobbspar_deltagare", "uppfoljda_90", "arbete_studier_90"]
    pd.testing.assert_frame_equal(fore_styr["kpi_per_kommun"][sanna], efter_styr["kpi_per_kommun"][sanna])
    # En import efter bytet använder den nya nyckeln (lagret minns nyckelns kännetecken, och importen godtas).
    from ingest import ingest_paths
    from ingest.pseudonym import nyckelns_id

    rapport = ingest_paths([skriv(settings.data_dir / "x" / "b.csv", "kommun;år;månad;budgetpost;budget;utfall\n"
                                                                      "Ale;2026;8;Extratjänster;1 000;1 000\n")],
                           settings=settings)
    assert rapport.exit_code == 0, rapport.text()
    con = duckdb.connect(str(settings.db_path), read_only=True)
    lagrets = con.execute("SELECT varde FROM lager_info WHERE nyckel = 'pseudonymnyckel'").fetchall()
    con.close()
    assert lagrets == [(nyckelns_id(settings.key_file.read_text().strip().encode()),)]


def test_en_annan_nyckel_vagras_i_stallet_for_att_blanda_pseudonymer(nyckelfil_lager, tmp_path, monkeypatch):
    from ingest import ingest_paths
    from ingest.pipeline import Nyckelfel

    settings = nyckelfil_lager
    fore = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    monkeypatch.setenv("SAMVERKAN_NYCKEL", "en-helt-annan-nyckel-0123456789abcdef0123456789")
    with pytest.raises(Nyckelfel, match="annan pseudonymnyckel"):
        ingest_paths([skriv(tmp_path / "ny.csv", "kommun;år;månad;budgetpost;budget;utfall\n"
                                                 "Ale;2026;7;Extratjänster;1 000;1 000\n")], settings=load_settings())
    assert hashlib.sha256(settings.db_path.read_bytes()).hexdigest() == fore


def test_ny_nyckel_med_nyckeln_i_miljon_vagras_med_en_svensk_mening(nyckelfil_lager, monkeypatch):
    env = dict(os.environ, SAMVERKAN_DATA=str(nyckelfil_lager.data_dir),
               SAMVERKAN_NYCKEL="en-nyckel-i-miljon-0123456789abcdef0123456789")
    r = subprocess.run([sys.executable, str(ROOT / "app.py"), "bygg-om", "--ny-nyckel"], env=env, cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "SAMVERKAN_NYCKEL" in r.stderr and "oförändrat" in r.stderr


def test_kill_mitt_i_lamnar_gamla_lagret_och_gamla_nyckeln(nyckelfil_lager):
    from ingest.bygg_om import ny_nyckelfil

    settings = nyckelfil_lager
    lager_fore = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    nyckel_fore = settings.key_file.read_bytes()
    env = dict(os.environ, SAMVERKAN_DATA=str(settings.data_dir))
    env.pop("SAMVERKAN_NYCKEL", None)
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "bygg-om", "--ny-nyckel"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Vänta tills det nya lagret byggs (kopian finns och har innehåll) och den nya nyckeln är skriven: då mitt i.
    bygge = settings.db_path.parent
    slut = time.monotonic() + 60
    try:
        while True:
            kopior = [p for p in bygge.glob(f".{settings.db_path.name}.bygge-*") if not p.name.endswith(".wal")]
            if kopior and ny_nyckelfil(settings.key_file).exists() and any(p.stat().st_size > 0 for p in kopior):
                break
            assert proc.poll() is None, "ombyggnaden hann bli klar innan den kunde avbrytas"
            assert time.monotonic() < slut, "ombyggnaden kom aldrig igång"
            time.sleep(0.005)  # pröva villkoret igen; ingen väntan på tid i sig
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert hashlib.sha256(settings.db_path.read_bytes()).hexdigest() == lager_fore, "det gamla lagret står kvar"
    assert settings.key_file.read_bytes() == nyckel_fore, "den gamla nyckeln står kvar"
    # Nästa import städar bort den halvfärdiga nyckeln och läser in med den gamla.
    from ingest import ingest_paths

    rapport = ingest_paths([skriv(settings.data_dir / "x" / "b.csv", "kommun;år;månad;budgetpost;budget;utfall\n"
                                                                      "Ale;2026;8;Extratjänster;1 000;1 000\n")],
                           settings=settings)
    assert rapport.exit_code == 0, rapport.text()
    assert not ny_nyckelfil(settings.key_file).exists()
    assert settings.key_file.read_bytes() == nyckel_fore


def test_postnyckeln_ar_bitarna_efter_pseudonymen_i_samma_hmac(nyckelfil_lager):
    """Beslutet i #27: en HMAC per person; pseudonymen är de 96 första bitarna och postnyckeln de 8 därefter,
    som inte lagras. Den som har lagret (pseudonymerna) kan därför inte räkna fram störningen."""
    import hmac

    settings = nyckelfil_lager
    nyckel = settings.key_file.read_text().strip().encode()
    h = hmac.new(nyckel, b"200311039473", hashlib.sha256).hexdigest()  # första raden i deltagare_goteborg.csv
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        rader = con.execute("SELECT DISTINCT rkey FROM deltagare WHERE deltagare_id = ?", ["p" + h[:24]]).fetchall()
        kolumner = con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'deltagare'").fetchall()
    finally:
        con.close()
    assert rader == [(int(h[24:26], 16),)]
    # Bara pseudonymen (de 96 första bitarna) och postnyckeln lagras, inte HMAC:en.
    assert {"deltagare_id", "rkey"} <= {k for (k,) in kolumner} and not {"h", "identitet", "hmac"} & {k for (k,) in kolumner}


def test_ett_lager_med_aldre_postnycklar_byggs_om_fore_nasta_import(nyckelfil_lager):
    from ingest import ingest_paths
    from ingest.pipeline import POSTNYCKELREGEL, lagret_har_aldre_postnycklar

    settings = nyckelfil_lager
    rkey_fore = _rkey_per_person(settings)
    # Ett lager från före regeln: postnycklarna räknade på det äldre sättet, och ingen märkning.
    con = duckdb.connect(str(settings.db_path))
    con.execute("UPDATE deltagare SET rkey = (rkey + 1) % 256")
    con.execute("DELETE FROM lager_info WHERE nyckel = 'postnyckel'")
    con.close()
    assert lagret_har_aldre_postnycklar(settings.db_path)
    rapport = ingest_paths([skriv(settings.data_dir / "x" / "b.csv", "kommun;år;månad;budgetpost;budget;utfall\n"
                                                                      "Ale;2026;8;Extratjänster;1 000;1 000\n")],
                           settings=settings)
    assert rapport.exit_code == 0, rapport.text()
    assert not lagret_har_aldre_postnycklar(settings.db_path)
    assert _rkey_per_person(settings) == rkey_fore, "ombyggt ur arkivet med regelns postnycklar"
    con = duckdb.connect(str(settings.db_path), read_only=True)
    assert con.execute("SELECT varde FROM lager_info WHERE nyckel = 'postnyckel'").fetchall() == [(POSTNYCKELREGEL,)]
    assert con.execute("SELECT count(*) FROM budget WHERE manad = 8 AND ar = 2026 AND kommun_kod = '1440'"
                       ).fetchall()[0][0] >= 1, "och den nya filen lästes in efter ombyggnaden"
    con.close()


def _rkey_per_person(settings) -> dict:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return dict(con.execute("SELECT DISTINCT deltagare_id, rkey FROM deltagare").fetchall())
    finally:
        con.close()


def test_saknade_arkivfiler_ger_ett_svenskt_besked_och_ror_inget(nyckelfil_lager):
    from app import uppgradera_lager
    from ingest.bygg_om import Ombyggnadsfel, arkivets_filer, bygg_om

    settings = nyckelfil_lager
    filer, _ = arkivets_filer(settings.db_path)
    # Kopians arkivfiler pekar på mallens arkiv; en kopia utan dem i en egen mapp visar en saknad fil.
    con = duckdb.connect(str(settings.db_path))
    con.execute("UPDATE import_log SET arkivfil = '/finns/inte/' || file_name WHERE import_id = ?", [filer[0].import_id])
    con.execute("DELETE FROM lager_info WHERE nyckel = 'postnyckel'")  # ett lager som behöver byggas om
    con.close()
    fore = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    with pytest.raises(Ombyggnadsfel, match="saknas"):
        bygg_om(settings)
    uppgradera_lager(settings, settings.db_path)  # servern startar ändå, med det gamla lagret
    assert hashlib.sha256(settings.db_path.read_bytes()).hexdigest() == fore
