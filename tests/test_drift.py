"""Driftläget: gunicorn med flera arbetare, inloggning på, och ett nytt lager som alla arbetare ser utan omstart."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

from tests.conftest import skriv
from tests.test_behorighet import LOSENORD, _http, _inloggad_jar
from tests.webb import ROOT, _ledig_port, vanta_pa_server


def test_gunicorn_arbetare_laser_nytt_lager_utan_omstart(tmp_path):
    data = tmp_path / "data"
    port = _ledig_port()
    env = dict(os.environ, SAMVERKAN_DATA=str(data), SAMVERKAN_NYCKEL="drifttestnyckel-0123456789abcdef",
               SAMVERKAN_NYTT_LOSENORD=LOSENORD, SAMVERKAN_PORT=str(port), SAMVERKAN_ARBETARE="3", SAMVERKAN_TRADAR="1",
               SAMVERKAN_INKORG_SEKUNDER="1")
    kor: dict = dict(env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    subprocess.run([sys.executable, "app.py", "anvandare", "sara", "--roll", "styrgrupp"], **kor)
    subprocess.run([sys.executable, "app.py", "ingest", str(ROOT / "data" / "demo" / "projekt.csv")], **kor)
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    logg = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 (lever med processen, stängs när den stoppas)
    proc = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py"], env=env, cwd=ROOT, stdout=logg, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        vanta_pa_server(url, proc, tmp_path / "gunicorn.log", 60)
        assert _http(url + "/", headers={"Accept": "text/html"})[0] == 302  # inloggning är på som standard i drift
        jar = _inloggad_jar(url, "sara")

        def versioner() -> dict[int, str]:
            # Samtidiga anrop: en arbetare med en tråd är upptagen, så nästa anrop tas av en annan.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(12) as pool:
                svar = list(pool.map(lambda _: json.loads(_http(url + "/halsa", jar=jar)[1]), range(120)))
            return {s["process"]: s["lagerversion"] for s in svar}

        fore = versioner()
        assert len(fore) >= 2, "anropen fördelades inte på flera arbetare"
        # En ny fil i inkorgen: den enda bevakningsprocessen läser in den, och arbetarna byter lager.
        skriv(data / "inkorg" / "jobbspar.csv", "jobbspår;kluster;kommun;samordnare\nJobbspår vård;Syd;Mölndal;Mölndal\n")
        slut = time.monotonic() + 60
        while True:
            efter = versioner()
            if len(set(efter.values())) == 1 and set(efter.values()).isdisjoint(fore.values()) and len(efter) >= 2:
                break
            assert time.monotonic() < slut, f"arbetarna ser inte det nya lagret: {efter}"
            time.sleep(0.5)
        # Filen flyttas när importprocessen har lämnat sin rapport, strax efter att lagret bytts in.
        while not list((data / "inkorg" / "inlasta").rglob("jobbspar.csv")):
            assert time.monotonic() < slut, "filen flyttades inte till inlasta/"
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        logg.close()
    # Bevakningsprocessen stoppas med huvudprocessen.
    assert "inkorgsbevakningen startad" in (tmp_path / "gunicorn.log").read_text()


def test_importens_minnesgrans_och_minnesinstallning(monkeypatch):
    """DuckDB går en bit över sin minnesgräns: standarden 600 MB (högst hälften av datorns minne) höll den
    nationella importen under 1 GiB. Importprocessen lämnar frigjort minne direkt (jemalloc)."""
    import os

    import config

    monkeypatch.delenv("SAMVERKAN_INGEST_MINNE_MB", raising=False)
    monkeypatch.delenv("DUCKDB_JE_MALLOC_CONF", raising=False)
    assert 64 <= config.load_settings().ingest_minne_mb <= 600
    monkeypatch.setenv("SAMVERKAN_INGEST_MINNE_MB", "900")
    assert config.load_settings().ingest_minne_mb == 900
    config.lamna_minne_direkt()
    assert os.environ["DUCKDB_JE_MALLOC_CONF"] == "dirty_decay_ms:0,muzzy_decay_ms:0"
