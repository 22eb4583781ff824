from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Testernas pseudonymnyckel: demolagren läses in en gång per nyckel (bygg_demolager), så modulerna delar en.
DEMONYCKEL = "testnyckel-som-bara-finns-i-testerna-0123456789"
sys.path.insert(0, str(ROOT))

from config import load_settings  # noqa: E402
from tests.webb import server  # noqa: E402,F401  (fixturen för webbläsartesterna)


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Egna mappar per test: lager, arkiv och nyckel hamnar i tmp_path."""
    monkeypatch.setenv("SAMVERKAN_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("SAMVERKAN_NYCKEL", DEMONYCKEL)
    return load_settings()


@pytest.fixture
def ingest(settings):
    from ingest import ingest_paths

    def kor(*paths, **kw):
        return ingest_paths(list(paths), settings=settings, **kw)

    return kor


@pytest.fixture
def lager(settings):
    """Fråga lagret direkt: lager("SELECT ...") -> list av rader."""

    def fraga(sql, params=None):
        con = duckdb.connect(str(settings.db_path), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    return fraga


def traff(monster: str, text: str) -> re.Match[str]:
    """re.search som testet kräver en träff av: ingen träff är ett fel med texten, inte ett AttributeError."""
    hittat = re.search(monster, text)
    assert hittat is not None, f"{monster!r} finns inte i {text[:300]!r}"
    return hittat


def skriv(path: Path, text: str, kodning: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(kodning))
    return path


def pytest_setup_options():
    """Chromium för dash.testing: huvudlöst, utan sandlåda (root i CI) och utan bakgrundstrafik."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flagga in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--window-size=1920,1080", "--lang=sv-SE"):
        options.add_argument(flagga)
    return options


WEBBFIXTURER = {"dash_br", "dash_duo", "server", "skyddad_server", "inloggningsserver", "samradsserver",
                "inlamningsserver"}


def pytest_collection_modifyitems(items):
    """Tester som startar en server eller en webbläsare märks 'webb': make test-snabb kör allt annat."""
    import pytest

    for item in items:
        if WEBBFIXTURER & set(getattr(item, "fixturenames", ())) or item.module.__name__.endswith(
                ("test_drift", "test_inloggning", "test_tva_servrar")):
            item.add_marker(pytest.mark.webb)


@contextlib.contextmanager
def postgres_databas(prefix: str = "test") -> Iterator[str]:
    """En egen, tom databas i testklustret (make test-postgres sätter SAMVERKAN_TEST_POSTGRES_URL): adressen,
    och databasen tas bort efteråt."""
    import sqlalchemy as sa

    bas = os.environ["SAMVERKAN_TEST_POSTGRES_URL"]
    namn = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(bas, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(sa.text(f'CREATE DATABASE "{namn}"'))
    try:
        yield sa.engine.make_url(bas).set(database=namn).render_as_string(hide_password=False)
    finally:
        with admin.connect() as con:
            con.execute(sa.text(f'DROP DATABASE "{namn}" WITH (FORCE)'))
        admin.dispose()


def bygg_demolager(mapp: Path, nyckel: str, anteckningar: bool = False) -> Path:
    """Ett lager av demodatan i mapp (lager och arkiv, som efter ingest av data/demo med nyckeln): för moduler som
    delar ett demolager mellan sina tester. Ger lagrets sökväg. Demodatan läses in en gång per testkörning och
    nyckel, också mellan xdist-arbetarna (en fillåsning); varje modul får en egen kopia. Bara inom körningen:
    en ändrad kod eller demofil ger aldrig en gammal kopia. anteckningar: också samrådets demoanteckningar, som
    efter serverns första start på demodata (app.bygg_demo_om_det_saknas)."""
    if _DEMOCACHE is None:  # utan pytests sessionsfixtur (ett skript): läs in direkt
        return _las_in_demodata(mapp, nyckel, anteckningar)
    cache = _DEMOCACHE / hashlib.sha256(f"{nyckel}:{anteckningar}".encode()).hexdigest()[:16]
    _DEMOCACHE.mkdir(parents=True, exist_ok=True)
    with open(cache.with_name(cache.name + ".lock"), "a+") as las:
        fcntl.flock(las, fcntl.LOCK_EX)
        if not (cache / ".klar").exists():
            shutil.rmtree(cache, ignore_errors=True)
            _las_in_demodata(cache, nyckel, anteckningar)
            (cache / ".klar").touch()
    shutil.copytree(cache, mapp, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".klar", "*.lock"))
    return mapp / "lager" / "samverkan.duckdb"


def _las_in_demodata(mapp: Path, nyckel: str, anteckningar: bool = False) -> Path:
    from ingest import ingest_paths

    gamla = dict(os.environ)
    os.environ.update(SAMVERKAN_DATA=str(mapp), SAMVERKAN_NYCKEL=nyckel)
    try:
        settings = load_settings()
        ingest_paths([ROOT / "data" / "demo"], settings=settings, demo=True)
        if anteckningar:
            from app import _demoanteckningar

            _demoanteckningar(settings, settings.db_path)
    finally:
        os.environ.clear()
        os.environ.update(gamla)
    return mapp / "lager" / "samverkan.duckdb"


_DEMOCACHE: Path | None = None


@pytest.fixture(scope="session", autouse=True)
def _demolagrens_cache(tmp_path_factory):
    """Var demolagren läses in: i körningens gemensamma tempmapp (xdist-arbetarnas basetemp har den som förälder)."""
    global _DEMOCACHE
    bas = tmp_path_factory.getbasetemp()
    _DEMOCACHE = (bas.parent if os.environ.get("PYTEST_XDIST_WORKER") else bas) / "demolager"
    yield
    _DEMOCACHE = None
