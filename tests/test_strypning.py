"""Inloggningens strypning bakom en omvänd proxy, och proxyns adresser (ärende #22, punkt 4).

Förut räknades misslyckade försök per klientadress utan proxyhantering: bakom proxyn delar alla en adress,
så 30 fel lösenord för en användare gav alla användare 429 i 15 minuter.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from behorighet.sessioner import SPREJ_NAMN, Sessioner
from tests.conftest import ROOT, skriv, traff

LOSENORD = "ett-langt-testlosenord-2026"
PROXY = "10.9.8.7"


def test_en_anvandares_fel_stanger_inte_ute_en_annan_men_sprejning_stryps(tmp_path):
    from anteckningar import Anteckningar

    databas = Anteckningar(f"sqlite:///{tmp_path / 'anteckningar.sqlite'}")
    databas.migrera()  # sessionerna och strypningen ligger i anteckningarnas databas (Alembic 0003)
    s = Sessioner(databas.motor, 3600)
    for _ in range(30):
        s.misslyckat("sara", "192.0.2.1")
    assert s.vantan("sara", "192.0.2.1") > 0, "användarnamnet stryps"
    assert s.vantan("sara", "192.0.2.99") > 0, "användarnamnet stryps från alla adresser"
    assert s.vantan("anna", "192.0.2.1") == 0, "en annan användare på samma adress stryps inte"
    assert s.vantan("anna", None) == 0
    for i in range(SPREJ_NAMN):
        s.misslyckat(f"gissad{i}", "192.0.2.50")
    assert s.vantan("anna", "192.0.2.50") > 0, "en adress som prövar många namn stryps"
    assert s.vantan("anna", "192.0.2.51") == 0


@pytest.fixture
def proxyapp(tmp_path, monkeypatch, ingest):
    from app import skapa_app
    from behorighet.anvandare import Anvandarfil
    from config import load_settings

    monkeypatch.setenv("SAMVERKAN_PROXYADRESSER", PROXY)
    settings = load_settings()
    rapport = ingest(skriv(tmp_path / "budget.csv", "kommun;år;månad;budgetpost;budget;utfall\n"
                                                    "Ale;2026;1;Extratjänster;100 000;90 000\n"))
    assert rapport.exit_code == 0, rapport.text()
    fil = Anvandarfil(settings.users_file)
    fil.spara("sara", "styrgrupp", None, LOSENORD)
    fil.spara("anna", "chef", "1440", LOSENORD)
    return skapa_app(settings, inloggning=True).server


def _logga_in(server, namn: str, losenord: str, klient_ip: str | None) -> int:
    huvuden = {"X-Forwarded-For": klient_ip} if klient_ip else {}
    klient = server.test_client()
    bas = {"REMOTE_ADDR": PROXY}
    sida = klient.get("/logga-in", environ_base=bas, headers=huvuden).get_data(as_text=True)
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    return klient.post("/logga-in", data={"anvandare": namn, "losenord": losenord, "token": token},
                       environ_base=bas, headers=huvuden).status_code


def test_bakom_proxyn_stanger_en_anvandares_fel_inte_ute_de_andra(proxyapp):
    for _ in range(30):
        _logga_in(proxyapp, "sara", "fel-losenord", "198.51.100.7")
    assert _logga_in(proxyapp, "sara", LOSENORD, "198.51.100.7") == 429
    assert _logga_in(proxyapp, "anna", LOSENORD, "198.51.100.7") == 302, "samma klient, annan användare"
    assert _logga_in(proxyapp, "anna", LOSENORD, None) == 302, "proxyn utan X-Forwarded-For"
    # Proxyn anger klientens adress: granskningsloggen får den, inte proxyns.
    from config import load_settings

    logg = load_settings().audit_log.read_text(encoding="utf-8")
    assert "198.51.100.7" in logg


def test_x_forwarded_for_fran_annan_an_proxyn_ignoreras(proxyapp):
    klient = proxyapp.test_client()
    svar = klient.get("/logga-in", environ_base={"REMOTE_ADDR": "203.0.113.5"},
                      headers={"X-Forwarded-For": "192.0.2.200", "X-Forwarded-Proto": "https"})
    assert svar.status_code == 200
    assert "Secure" not in svar.headers.get("Set-Cookie", "")


def test_proxyhuvud_utan_proxyadresser_startar_inte():
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_PROXY")}
    env.update(SAMVERKAN_PROXYHUVUD="X-Remote-User")
    r = subprocess.run([sys.executable, "-c", "from config import load_settings; load_settings()"], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "SAMVERKAN_PROXYADRESSER" in r.stderr and "proxyns adresser" in r.stderr
