"""Två servrar bakom en adress (ärende #24, punkt 7): en inloggning på den ena gäller på den andra, en utloggning
på den ena avslutar sessionen på båda, och strypningen räknar försöken på båda.

Sessionerna och strypningen ligger i anteckningarnas databas (behorighet/sessioner.py). Med PostgreSQL (make
test-postgres) har servrarna var sin datamapp och delar bara databasen och lagret; med SQLite delar de filen,
som två processer på en värd.
"""
from __future__ import annotations

import contextlib
import os

import pytest
import requests

from tests.conftest import DEMONYCKEL, bygg_demolager, postgres_databas, traff
from tests.webb import starta_server

LOSENORD = "ett-langt-testlosenord-2026"
NYCKEL = DEMONYCKEL


def pytest_generate_tests(metafunc):
    if "databas" in metafunc.fixturenames:
        metafunc.parametrize("databas", ["sqlite"] + (
            ["postgresql"] if os.environ.get("SAMVERKAN_TEST_POSTGRES_URL") else []))


@pytest.fixture
def tva_servrar(databas, tmp_path):
    from behorighet.anvandare import Anvandarfil

    db = bygg_demolager(tmp_path / "gemensamt", NYCKEL)
    anvandare = tmp_path / "gemensamt" / "anvandare.toml"
    Anvandarfil(anvandare).spara("sara", "styrgrupp", None, LOSENORD)
    sqlite = f"sqlite:///{tmp_path / 'gemensamt' / 'anteckningar.sqlite'}"
    with postgres_databas("servrar") if databas == "postgresql" else contextlib.nullcontext(sqlite) as url:
        env = {"SAMVERKAN_DB": str(db), "SAMVERKAN_ANVANDARFIL": str(anvandare), "SAMVERKAN_INLOGGNING": "på",
               # Lastbalanserarens servrar delar nyckeln som signerar kakan, annars känner ingen igen den andras.
               "SAMVERKAN_SESSIONSNYCKEL": "delad-sessionsnyckel-for-testet-0123456789",
               "SAMVERKAN_ANTECKNINGAR_URL": url}
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        with starta_server(tmp_path / "a", **env) as a, starta_server(tmp_path / "b", **env) as b:
            yield a, b


def _token(klient: requests.Session, server: str, sida: str = "/logga-in") -> str:
    return traff(r'name="token" value="([^"]+)"', klient.get(server + sida, timeout=10).text).group(1)


def _logga_in(klient: requests.Session, server: str, losenord: str = LOSENORD) -> requests.Response:
    return klient.post(server + "/logga-in", data={"anvandare": "sara", "losenord": losenord,
                                                   "token": _token(klient, server)},
                       allow_redirects=False, timeout=10)


def _inloggad(klient: requests.Session, server: str) -> bool:
    """Släpps klienten in? /halsa svarar med lagerversionen för den inloggade, annars skickas den till inloggningen."""
    svar = klient.get(server + "/halsa", allow_redirects=False, timeout=10)
    assert svar.status_code in (200, 302), svar.status_code
    return svar.status_code == 200 and svar.json()["status"] == "ok"


def test_inloggning_och_utloggning_galler_pa_bada_servrarna(tva_servrar):
    a, b = tva_servrar
    klient = requests.Session()
    assert _logga_in(klient, a).status_code == 302
    assert _inloggad(klient, a)
    assert _inloggad(klient, b), "inloggad på A, släppt in på B"
    assert not _inloggad(requests.Session(), b), "utan kaka: ingen inloggning"
    kakan = klient.cookies.get("samverkan_session")

    # Utloggning på B återkallar sessionen i den delade databasen: den gamla kakan släpps inte in på A.
    svar = klient.post(b + "/logga-ut", data={"token": _token(klient, b, "/logga-ut")}, allow_redirects=False,
                       timeout=10)
    assert svar.status_code == 302
    kopia = requests.Session()
    kopia.cookies.set("samverkan_session", kakan)
    for server in (a, b):
        assert not _inloggad(kopia, server), f"{server}: den utloggade kakan släpps in"


def test_strypningen_raknar_forsoken_pa_bada_servrarna(tva_servrar):
    a, b = tva_servrar
    klient = requests.Session()
    # Fem fel: tre på A, två på B. Var för sig under gränsen; tillsammans på den.
    for server in (a, a, a, b, b):
        assert _logga_in(klient, server, "fel-losenord").status_code == 401
    for server in (a, b):
        svar = _logga_in(klient, server)  # rätt lösenord, men under väntan prövas det inte
        assert svar.status_code == 429, f"{server}: {svar.status_code}"
        assert "För många misslyckade inloggningar" in svar.text
