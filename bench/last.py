"""Lasttest: 50 användare i 2 minuter mot gunicorn, med ett lagerbyte mitt i (locust, loopback)."""
from __future__ import annotations

import csv
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOSENORD = "last-testlosenord-0123456789"
LOCUST = os.environ.get("LAST_LOCUST", str(ROOT / ".venv-last" / "bin" / "locust"))


def kroppar(db: Path, antal: int = 40) -> dict[str, list[str]]:
    """Callback-kropparna, byggda av appens egna beroenden (samma som i sidor.py)."""
    kod = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'bench')!r})
import os
os.environ.update(SAMVERKAN_DB={str(db)!r}, SAMVERKAN_INKORG_SEKUNDER="0")
import sidor
from app import skapa_app
from config import load_settings
from ingest.kommuner import GR_KOMMUNER
import queries
app = skapa_app(load_settings(), sidor.Path({str(db)!r}))
beroenden = app.server.test_client().get("/_dash-dependencies").json
byten = sidor.filterbyten([k for k, _, _ in GR_KOMMUNER], {antal}, fro=5)
ut = {{}}
for namn in ("oversikt", "jobbspar_kluster", "extratjanster_kommun", "kommunprofil"):
    b = next(d for d in beroenden if d["output"].lstrip(".").startswith(sidor.CALLBACKS[namn][0].lstrip(".")))
    ut[namn] = [sidor.kropp(b, v, queries.version()).decode() for v in byten]
print(json.dumps(ut))
"""
    r = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, cwd=ROOT, env=dict(os.environ))
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def kor_last(data: Path, nyckel: str, anvandare: int = 50, sekunder: int = 120) -> dict:
    if not Path(LOCUST).exists():
        return {"hoppat_over": f"locust saknas ({LOCUST}); kör make bench"}
    env = dict(os.environ, SAMVERKAN_DATA=str(data), SAMVERKAN_NYCKEL=nyckel, SAMVERKAN_NYTT_LOSENORD=LOSENORD,
               SAMVERKAN_INKORG_SEKUNDER="1")
    for namn, roll, kommun in (("anna", "chef", "Mölndal"), ("bildskarm", "projektor", None)):
        subprocess.run([sys.executable, "app.py", "anvandare", namn, "--roll", roll, *(["--kommun", kommun] if kommun else [])],
                       cwd=ROOT, env=env, check=True, capture_output=True)
    db = data / "lager" / "samverkan.duckdb"
    (data / "kroppar.json").write_text(json.dumps(kroppar(db)), encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env.update(SAMVERKAN_PORT=str(port), SAMVERKAN_ARBETARE="4", SAMVERKAN_TRADAR="4")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    logg = open(data / "gunicorn.log", "w")  # noqa: SIM115 (lever med processen, stängs när den stoppas)
    server = subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=logg, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/logga-in", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        lenv = dict(os.environ, LAST_KROPPAR=str(data / "kroppar.json"), LAST_LOSENORD=LOSENORD)
        locust = subprocess.Popen([LOCUST, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(anvandare),
                                   "-r", "10", "-t", f"{sekunder}s", "--host", url, "--csv", str(data / "last"),
                                   "--only-summary"], cwd=ROOT, env=lenv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
        time.sleep(sekunder / 2)
        # Lagerbytet mitt i: en ny budgetfil i inkorgen, som bevakaren läser in medan lasten pågår.
        lager_fore = db.stat().st_ino
        inkorg = data / "inkorg"
        inkorg.mkdir(exist_ok=True)
        (inkorg / "budget_rattelse.csv").write_text(
            "kommun;år;månad;budgetpost;budget;utfall\nMölndal;2026;1;Extratjänster;1 500 000;1 200 000\n", encoding="utf-8")
        _utskrift, _ = locust.communicate(timeout=sekunder + 120)
        bytt = db.stat().st_ino != lager_fore
    finally:
        server.terminate()
        server.wait(timeout=30)
        logg.close()
    with open(data / "last_stats.csv", encoding="utf-8") as f:
        rader = {r["Name"]: r for r in csv.DictReader(f)}
    total = rader["Aggregated"]
    fel = []
    felfil = data / "last_failures.csv"
    if felfil.exists():
        with open(felfil, encoding="utf-8") as f:
            fel = [{"anrop": r["Name"], "fel": r["Error"][:300], "antal": int(r["Occurrences"])} for r in csv.DictReader(f)]
    # Undantagens egna rader ("duckdb.IOException: …"), inte bara att något gick fel.
    gunicornfel = [rad.strip()[:300] for rad in (data / "gunicorn.log").read_text(encoding="utf-8").splitlines()
                   if re.match(r"^[\w.]+(Error|Exception)\b", rad.strip())][:20]
    return {"fel": fel, "gunicorn_fel": gunicornfel, "anvandare": anvandare, "sekunder": sekunder, "anrop": int(total["Request Count"]),
            "misslyckade": int(total["Failure Count"]), "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]),
            "anrop_per_s": round(float(total["Requests/s"]), 1), "lagret_bytt_under_lasten": bytt,
            "per_callback_p95_ms": {n: float(r["95%"]) for n, r in rader.items() if n.startswith("callback")},
            "arbetare": 4, "tradar_per_arbetare": 4}
