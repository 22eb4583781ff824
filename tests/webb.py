"""Hjälp för webbläsartesterna: en riktig server (python app.py serve) och väntan på element, aldrig på tid."""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent


# Varje sida och de diagramkort som ska vara ritade innan sidan räknas som laddad.
SIDOR = {
    "/": ["karta"],
    "/extratjanster": ["budget-kommun", "budget-trend", "prognos", "avvikelse"],
    "/jobbspar": ["kluster-karta", "kluster", "flode"],
    "/projekt": ["projekt-tid", "projekt-resultat", "projekt-kommun"],
    "/resultat": ["resultat-tratt", "resultat-kedjor"],
    "/kommun": ["profil", "aktiva-trend", "forbrukning-trend", "utfall-trend", "kommun-jobbspar", "kommun-projekt"],
    "/uppfoljning": ["uppfoljning"],
    "/datakvalitet": [],
}


WEBBNYCKEL = "webbtestnyckel-0123456789abcdef0123456789"


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerUrl(str):
    """Serverns adress (som sträng) och dess datamapp, där testerna kan lägga filer i inkorgen."""

    data: Path

    def __new__(cls, url: str, data):
        obj = super().__new__(cls, url)
        obj.data = data
        return obj


def vanta_pa_server(url: str, proc: subprocess.Popen, logg: Path, tid: float = 120) -> None:
    """Tills servern svarar; dör den innan dess visas dess logg."""
    deadline = time.monotonic() + tid
    while True:
        try:
            urllib.request.urlopen(url + "/logga-in", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # servern svarar (t.ex. 401 när inloggningen sker via proxyn)
        except OSError:
            assert proc.poll() is None, logg.read_text()
            assert time.monotonic() < deadline, "servern startade inte"
            time.sleep(0.2)


@contextlib.contextmanager
def starta_server(data: Path, *argument: str, **env_extra: str):
    """python app.py serve som egen process, tills den svarar; loggen till data/server.log."""
    port = _ledig_port()
    env = dict(os.environ, SAMVERKAN_DATA=str(data), SAMVERKAN_NYCKEL=WEBBNYCKEL,
               SAMVERKAN_INKORG_SEKUNDER="1", SAMVERKAN_UPPDATERA_SEKUNDER="2", **env_extra)
    if not (data / "lager" / "samverkan.duckdb").exists() and not {"SAMVERKAN_REGION", "SAMVERKAN_DEMO",
                                                                    "SAMVERKAN_DB"} & set(env):
        # Det serverns första start bygger (demodatans lager och samrådets demoanteckningar), inläst en gång per
        # testkörning i stället för i varje servers start.
        from tests.conftest import bygg_demolager

        bygg_demolager(data, WEBBNYCKEL, anteckningar=True)
    # Serverns logg till fil: en rörledning som ingen läser fylls och får servern att stå still.
    logg = open(data / "server.log", "a")  # noqa: SIM115 (lever med processen, stängs när den stoppas)
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "serve", "--port", str(port), *argument], cwd=ROOT,
                            env=env, stdout=logg, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    vanta_pa_server(url, proc, data / "server.log")
    try:
        yield ServerUrl(url, data)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        logg.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with starta_server(tmp_path_factory.mktemp("webb")) as url:
        yield url


def _vanta(br, villkor, tid=30):
    # Sidan ritas om när URL:en ändras: ett element kan bytas ut medan vi läser det.
    return WebDriverWait(br.driver, tid, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
                         ).until(lambda d: villkor())


def _ritad(br, kort):
    """Diagrammet har ritats och textsammanfattningen är ifylld."""
    br.wait_for_element(f"#{kort}-graf .main-svg", timeout=30)
    _vanta(br, lambda: br.find_element(f"#{kort}-sammanfattning").text.strip() != "")


def _valj_kommun(br, kod):
    """Öppna kommunlistan, kryssa i kommunen och fäll ihop listan igen."""
    br.find_element("#f-kommun-sammanfattning").click()
    br.wait_for_element(f"#f-kommun input[value='{kod}']").click()
    br.find_element("#f-kommun-sammanfattning").click()


def _heltal(text):
    return int(re.sub(r"\s", "", text))


def _konsolfel(br):
    return [rad for rad in br.get_logs() if rad.get("level") == "SEVERE"]


def _vanta_pa_fil(mapp, andelse, tid=30):
    deadline = time.monotonic() + tid
    while True:
        filer = [f for f in os.listdir(mapp) if f.endswith(andelse)]
        if filer:
            return os.path.join(mapp, filer[0])
        assert time.monotonic() < deadline, f"ingen {andelse}-fil laddades ner"
        time.sleep(0.1)


