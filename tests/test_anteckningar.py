"""Samrådets anteckningar: lagring, historik, mjuk radering och behörighet, mot SQLite och (make test-postgres)
en riktig PostgreSQL."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from anteckningar import Anteckningar, Anteckningsfel, Behorighet, Skribent, forsenad
from tests.conftest import postgres_databas

REGION = frozenset({"1440", "1482", "1481", "GR"})
SARA = Skribent("sara", "styrgrupp")
ANNA = Skribent("anna", "chef", "1440")
BILDSKARM = Skribent("bildskarm", "projektor")
OM_EN_VECKA = dt.date.today() + dt.timedelta(days=7)


def pytest_generate_tests(metafunc):
    if "databas" in metafunc.fixturenames:
        # SQLite alltid; PostgreSQL när make test-postgres har startat ett kluster och satt adressen.
        metafunc.parametrize("databas", ["sqlite"] + (["postgresql"] if os.environ.get("SAMVERKAN_TEST_POSTGRES_URL")
                                                      else []), indirect=True)


@pytest.fixture
def databas(request, tmp_path):
    if request.param == "sqlite":
        store = Anteckningar(f"sqlite:///{tmp_path / 'anteckningar.sqlite'}")
        store.migrera()
        yield store
        return
    with postgres_databas() as url:
        store = Anteckningar(url)
        store.migrera()
        yield store
        store.motor.dispose()


def test_anteckning_sparas_med_historik_och_mjuk_radering(databas):
    nytt = databas.skapa(ANNA, typ="Förklaring", kommun_kod="1440", period="2026",
                         text="Utökad tilldelning efter lokal överenskommelse", amne="extratjanster", region=REGION)
    databas.andra(SARA, nytt, text="Utökad tilldelning efter lokal överenskommelse med AF (beslut i KS)")
    assert databas.lista(kommuner=["1440"])[0]["text"].endswith("(beslut i KS)")
    databas.radera(SARA, nytt)
    assert databas.lista(kommuner=["1440"]) == []
    assert databas.lista(kommuner=["1440"], med_raderade=True)[0]["raderad"] is True
    historik = databas.historiken(nytt)
    assert [(h["handelse"], h["anvandare"]) for h in historik] == [("skapad", "anna"), ("ändrad", "sara"),
                                                                  ("raderad", "sara")]
    assert historik[0]["innehall"]["text"] == "Utökad tilldelning efter lokal överenskommelse"


def test_uppfoljning_har_ansvarig_datum_och_status(databas):
    nytt = databas.skapa(ANNA, typ="Uppföljning", kommun_kod="1440", period="2026-11", text="Ale återkommer med plan",
                         ansvarig="Ales AME-chef", klart_senast=OM_EN_VECKA, region=REGION)
    oppna = databas.oppna_uppfoljningar(kommuner=["1440"])
    assert [(r["id"], r["status"], r["ansvarig"]) for r in oppna] == [(nytt, "öppen", "Ales AME-chef")]
    assert not forsenad(oppna[0]) and forsenad(oppna[0], OM_EN_VECKA + dt.timedelta(days=1))
    databas.andra(ANNA, nytt, status="klar")
    assert databas.oppna_uppfoljningar() == []


@pytest.mark.parametrize(("falt", "meddelande"), [
    ({"text": "   "}, "Skriv en text."),
    ({"text": "x" * 2001}, "Texten är 2001 tecken; högst 2000 får plats."),
    ({"typ": "Uppföljning", "ansvarig": "Ale", "klart_senast": dt.date(2020, 1, 1)}, "Klart senast har redan passerat"),
    ({"typ": "Uppföljning", "klart_senast": OM_EN_VECKA}, "En uppföljning behöver en ansvarig."),
    ({"period": "2026-13"}, "Perioden ska vara ett år (2026) eller en månad (2026-03)."),
    ({"kommun_kod": "9999"}, "Okänd kommun 9999."),
])
def test_felaktiga_anteckningar_vagras_med_svenskt_skal(databas, falt, meddelande):
    grund = {"typ": "Förklaring", "kommun_kod": "1440", "period": "2026", "text": "En förklaring", "region": REGION}
    with pytest.raises(Anteckningsfel, match=meddelande.replace("(", r"\(").replace(")", r"\)")):
        databas.skapa(SARA, **{**grund, **falt})
    assert databas.lista() == []


def test_chefen_skriver_bara_for_sin_kommun_och_projektorn_inte_alls(databas):
    with pytest.raises(Behorighet):
        databas.skapa(ANNA, typ="Förklaring", kommun_kod="1482", period="2026", text="Kungälv", region=REGION)
    with pytest.raises(Behorighet):
        databas.skapa(BILDSKARM, typ="Förklaring", kommun_kod="1440", period="2026", text="Ale", region=REGION)
    nytt = databas.skapa(SARA, typ="Beslut", kommun_kod="1482", period="2026", text="Kungälv", region=REGION)
    with pytest.raises(Behorighet):
        databas.andra(ANNA, nytt, text="ändrat av fel chef")
    assert databas.lista()[0]["text"] == "Kungälv"


def test_text_lagras_som_text(databas):
    farlig = '<img src=x onerror=alert(1)> =HYPERLINK("http://x.invalid","klicka")'
    nytt = databas.skapa(SARA, typ="Förklaring", kommun_kod="GR", period="2026", text=farlig, region=REGION)
    assert databas.hamta(nytt)["text"] == farlig
