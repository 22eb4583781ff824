"""python app.py hamta kolada: mot inspelade svar på den egna datorn, aldrig mot Kolada; och utan förbindelse."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import ROOT

# Inspelade svar i Koladas v3-form (förkortade): värden per nyckeltal, kommun och år, och nyckeltalens titlar.
SVAR_DATA = {"values": [
    {"kpi": "N03926", "municipality": "1440", "period": 2025,
     "values": [{"gender": "T", "count": 1, "status": "", "value": 3.1}]},
    {"kpi": "N03926", "municipality": "1480", "period": 2025,
     "values": [{"gender": "T", "count": 1, "status": "", "value": 4.4}]},
], "count": 2, "next_url": None}
SVAR_KPI = {"N03926": {"values": [{"id": "N03926", "title": "Långtidsarbetslöshet 25-64 år, andel (%)"}]},
            "N01951": {"values": [{"id": "N01951", "title": "Invånare totalt, antal"}]}}


class _Svar(BaseHTTPRequestHandler):
    """En inspelad server på den egna datorn: svarar JSON (eller bara status och huvuden), loggar inget."""

    def svara(self, status: int, kropp=None, **huvuden: str) -> None:
        data = json.dumps(kropp).encode() if kropp is not None else b""
        self.send_response(status)
        for namn, varde in {"Content-Type": "application/json", **huvuden}.items():
            self.send_header(namn.replace("_", "-"), varde)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _server(hanterare: type[_Svar]):
    server = ThreadingHTTPServer(("127.0.0.1", 0), hanterare)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v3/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def inspelad_kolada():
    fragor: list[dict] = []

    class Svar(_Svar):
        def do_GET(self):
            url = urlparse(self.path)
            fragor.append({"sokvag": url.path, **parse_qs(url.query)})
            if url.path.startswith("/v3/data"):
                self.svara(200, SVAR_DATA)
            elif url.path.startswith("/v3/kpi/"):
                self.svara(200, SVAR_KPI[url.path.rstrip("/").rsplit("/", 1)[1]])
            else:
                self.send_error(404)

    with _server(Svar) as url:
        yield url, fragor


def _kor(settings, url, *argument):
    env = dict(os.environ, SAMVERKAN_KOLADA_URL=url)
    return subprocess.run([sys.executable, "app.py", "hamta", "kolada", *argument], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_hamtar_regionens_nyckeltal_till_inkorgen_och_de_las_in(settings, inspelad_kolada, lager):
    from ingest.inkorg import las_in_klara

    url, fragor = inspelad_kolada
    svar = _kor(settings, url, "--ar", "2024", "2025")
    assert svar.returncode == 0, svar.stderr
    assert "Hämtade 2 värden för 2024, 2025" in svar.stdout
    data = next(f for f in fragor if f["sokvag"].startswith("/v3/data"))
    assert set(",".join(data["municipality_id"]).split(",")) >= {"1440", "1480", "1489"}
    assert set(",".join(data["kpi_id"]).split(",")) == {"N03926", "N01951"}
    # Filerna går genom inkorgen som allt annat, titlarna först.
    inkorg = settings.inbox_dir
    _, storlekar = las_in_klara(inkorg, settings, {})
    rapport, _ = las_in_klara(inkorg, settings, storlekar)
    assert rapport is not None and [f.filtyp for f in rapport.filer] == ["kolada", "kolada"]
    assert lager("SELECT kpi, kommun_kod, ar, varde FROM kolada ORDER BY kommun_kod") == [
        ("N03926", "1440", 2025, 3.1), ("N03926", "1480", 2025, 4.4)]
    assert lager("SELECT titel FROM kolada_kpi WHERE kpi = 'N03926'") == [("Långtidsarbetslöshet 25-64 år, andel (%)",)]


def test_utan_forbindelse_en_rad_och_felkod(settings, tmp_path):
    # Port 9 på den egna datorn: ingen lyssnar, så anslutningen nekas direkt (inget nät utanför maskinen).
    svar = _kor(settings, "http://127.0.0.1:9/v3/")
    assert svar.returncode == 1
    rader = [r for r in svar.stderr.splitlines() if r.strip()]
    assert len(rader) == 1 and rader[0].startswith("Ingen förbindelse med Kolada (127.0.0.1)")
    assert not settings.inbox_dir.exists() or not any(settings.inbox_dir.iterdir())


@pytest.fixture
def fientlig_kolada():
    """En server som svarar som en trasig eller fientlig Kolada: lage styr vad den gör."""
    lage: dict = {"vad": "oandlig", "anrop": 0}

    class Svar(_Svar):
        def do_GET(self):
            lage["anrop"] += 1
            url = urlparse(self.path)
            if lage["vad"] == "vanta_lange":
                self.svara(429, Retry_After="999999")
            elif lage["vad"] == "trasig_vanta" and lage["anrop"] == 1:
                self.svara(429, Retry_After="snart, kanske")
            elif url.path.startswith("/v3/kpi/"):
                self.svara(200, SVAR_KPI[url.path.rstrip("/").rsplit("/", 1)[1]])
            elif lage["vad"] == "oandlig":
                self.svara(200, {**SVAR_DATA, "next_url": "http://127.0.0.1/v3/data?page=nasta"})
            else:
                self.svara(200, SVAR_DATA)

    with _server(Svar) as url:
        yield url, lage


def test_en_next_url_som_aldrig_tar_slut_stoppas_vid_sidgransen(settings, fientlig_kolada):
    import dataclasses

    from ingest.hamta import Hamtvakt, IngenForbindelse, hamta_kolada

    url, lage = fientlig_kolada
    settings = dataclasses.replace(settings, kolada_url=url)
    with pytest.raises(IngenForbindelse, match="fler än 5 sidor"):
        hamta_kolada(settings, [2025], vakt=Hamtvakt("Kolada", max_sidor=5))
    assert lage["anrop"] <= 6
    assert not settings.inbox_dir.exists() or not any(settings.inbox_dir.iterdir())


def test_retry_after_med_tak_och_trasigt_varde_ger_en_svensk_rad(settings, fientlig_kolada):
    url, lage = fientlig_kolada
    lage["vad"] = "vanta_lange"
    svar = _kor(settings, url, "--ar", "2025")
    rader = [r for r in svar.stderr.splitlines() if r.strip()]
    assert svar.returncode == 1 and len(rader) == 1, svar.stderr
    assert "bad oss vänta 999999 sekunder" in rader[0]
    # Ett trasigt Retry-After är inget fel: standardväntan (här kort), sedan går hämtningen vidare.
    import dataclasses

    from ingest.hamta import Hamtvakt, hamta_kolada

    lage.update(vad="trasig_vanta", anrop=0)
    _, antal = hamta_kolada(dataclasses.replace(settings, kolada_url=url), [2025],
                            vakt=Hamtvakt("Kolada", standard_vanta_s=0.2))
    assert antal == 2 and lage["anrop"] >= 2


def test_retry_after_tolkas_forsiktigt():
    from ingest.hamta import retry_after

    assert retry_after("120") == 120
    assert retry_after("snart") == 3.0
    assert retry_after("") == 3.0
    assert retry_after("9" * 40) == 10**9
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
