"""Inloggningens härdning mot en riktig server: strypning, utloggning som återkallar, proxyhuvud och Host-huvud.

Egen server (egen datamapp): strypningen gäller adressen 127.0.0.1, och den ska inte stänga ute
de andra testmodulernas inloggningar.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import subprocess
import sys
import urllib.parse

import pytest

from tests.conftest import traff
from tests.test_behorighet import LOSENORD, _http
from tests.webb import ROOT, starta_server

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _anvandare(data, env, namn, roll):
    subprocess.run([sys.executable, str(ROOT / "app.py"), "anvandare", namn, "--roll", roll],
                   env={**env, "SAMVERKAN_DATA": str(data), "SAMVERKAN_NYTT_LOSENORD": LOSENORD},
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def inloggningsserver(tmp_path_factory):
    data = tmp_path_factory.mktemp("inloggning")
    for namn in ("sara", "ulla"):
        _anvandare(data, dict(os.environ), namn, "styrgrupp")
    with starta_server(data, "--host", "127.0.0.1", SAMVERKAN_INLOGGNING="på") as url:
        # Ulla loggar in innan strypningstestet: strypningen gäller sedan hela adressen 127.0.0.1.
        url.ulla = http.cookiejar.CookieJar()
        assert _forsok(url, url.ulla, "ulla", LOSENORD)[0] == 302
        yield url


def _token(url, jar, sida="/logga-in"):
    _, text, _ = _http(url + sida, jar=jar)
    return traff(r'name="token" value="([^"]+)"', text).group(1)


def _forsok(url, jar, namn, losenord):
    form = urllib.parse.urlencode({"anvandare": namn, "losenord": losenord, "token": _token(url, jar),
                                   "nasta": "/"}).encode()
    return _http(url + "/logga-in", form, jar, FORM)


def _granskning(data) -> list[dict]:
    return [json.loads(r) for r in (data / "logg" / "granskning.log").read_text().splitlines()]


def test_ratt_losenord_efter_tjugo_fel_loggar_inte_in_direkt(inloggningsserver):
    url, jar = inloggningsserver, http.cookiejar.CookieJar()
    statusar = [_forsok(url, jar, "sara", f"fel-{i}")[0] for i in range(20)]
    assert statusar[:5] == [401] * 5
    assert 429 in statusar[5:], statusar
    status, text, huvuden = _forsok(url, jar, "sara", LOSENORD)
    assert status == 429, "rätt lösenord ska inte prövas under väntan"
    assert "För många misslyckade inloggningar" in text and int(huvuden["Retry-After"]) > 60
    assert _http(url + "/_dash-layout", jar=jar)[0] == 401
    assert any(h["handelse"] == "strypt_inloggning" for h in _granskning(inloggningsserver.data))


def test_utloggning_ar_en_post_med_token_och_aterkallar_sessionen(inloggningsserver):
    url = inloggningsserver
    jar = url.ulla
    kopia = http.cookiejar.CookieJar()
    for kaka in jar:
        kopia.set_cookie(kaka)
    assert _http(url + "/_dash-layout", jar=kopia)[0] == 200
    # En GET loggar inte ut (en länk eller bild på en annan sida kan inte logga ut någon).
    status, text, _ = _http(url + "/logga-ut", jar=jar)
    assert status == 200 and 'method="post"' in text
    assert _http(url + "/_dash-layout", jar=jar)[0] == 200
    # En POST utan sessionens token vägras.
    status, _, _ = _http(url + "/logga-ut", urllib.parse.urlencode({"token": "fel"}).encode(), jar, FORM)
    assert status == 400 and _http(url + "/_dash-layout", jar=jar)[0] == 200
    status, _, huvuden = _http(url + "/logga-ut", urllib.parse.urlencode({"token": _token(url, jar, "/logga-ut")})
                               .encode(), jar, FORM)
    assert status == 302 and huvuden["Location"].endswith("/logga-in")
    # Den kopierade kakan är fortfarande signerad, men sessionen är återkallad på servern.
    assert _http(url + "/_dash-layout", jar=kopia)[0] == 401


def test_host_huvud_fran_en_annan_webbplats_vagras(inloggningsserver):
    url = inloggningsserver
    status, text, _ = _http(url + "/logga-in", headers={"Host": "angripare.example"})
    assert status == 400 and "Okänd värd" in text
    assert _http(url + "/logga-in")[0] == 200
    port = url.rsplit(":", 1)[1]
    assert _http(url + "/logga-in", headers={"Host": f"localhost:{port}"})[0] == 200


def test_host_huvud_vagras_aven_utan_inloggning(server):
    status, text, _ = _http(server + "/", headers={"Host": "rebind.example:8050"})
    assert status == 400 and "Okänd värd" in text
    assert _http(server + "/_dash-layout")[0] == 200


def test_proxyhuvudet_litas_bara_pa_fran_proxyns_adress(tmp_path):
    data = tmp_path / "sso"
    data.mkdir()
    _anvandare(data, dict(os.environ), "sara", "styrgrupp")
    with starta_server(data, "--host", "127.0.0.1", SAMVERKAN_INLOGGNING="på", SAMVERKAN_PROXYHUVUD="X-Remote-User",
                       SAMVERKAN_PROXYADRESSER="10.20.30.40") as url:
        status, _, _ = _http(url + "/_dash-layout", headers={"X-Remote-User": "sara"})
        assert status == 401, "huvudet kom inte från proxyn och ska inte ge någon inloggning"
        assert any(h["handelse"] == "ignorerat_proxyhuvud" for h in _granskning(data))
    with starta_server(data, "--host", "127.0.0.1", SAMVERKAN_INLOGGNING="på", SAMVERKAN_PROXYHUVUD="X-Remote-User",
                       SAMVERKAN_PROXYADRESSER="127.0.0.1") as url:
        assert _http(url + "/_dash-layout", headers={"X-Remote-User": "sara"})[0] == 200
