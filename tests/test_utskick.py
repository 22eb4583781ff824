"""Påminnelser, veckans sammanfattning och kalenderflödet (ärende #26), mot en riktig SMTP-server på den
egna datorn (aiosmtpd), en riktig anteckningsdatabas (SQLite; PostgreSQL i make test-postgres) och demolagret."""
from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import os
import re
import socket
import subprocess
import sys
import time

import pytest
from aiosmtpd.controller import Controller

from anteckningar import Anteckningar, Skribent
from behorighet.anvandare import Anvandarfil
from config import load_settings
from tests.conftest import DEMONYCKEL, ROOT, bygg_demolager, postgres_databas, traff
from utskick.paminnelser import kor
from utskick.register import GAMMAL_EFTER, Utskicksregister

SARA = Skribent("sara", "styrgrupp")
ADRESS = "https://monitor.exempel.se"
PERSONNUMMER = re.compile(r"\b(19|20)?\d{6}[-+]?\d{4}\b")
TISDAG = dt.date(2026, 12, 1)
MANDAG = dt.date(2026, 12, 7)


class Postlada:
    """aiosmtpd-hanterare: tar emot allt utom adresser i vagra (550, som ett relä som inte känner adressen)."""

    def __init__(self) -> None:
        self.mejl: list[email.message.EmailMessage] = []
        self.vagra: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.vagra:
            return "550 5.1.1 okänd mottagare"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.mejl.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def till(self, adress: str, amne: str = "") -> list:
        return [m for m in self.mejl if m["To"] == adress and str(m["Subject"]).startswith(amne)]


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postserver():
    lada = Postlada()
    kontroll = Controller(lada, hostname="127.0.0.1", port=_ledig_port())
    kontroll.start()
    yield lada, kontroll.port
    kontroll.stop()


def pytest_generate_tests(metafunc):
    if "anteckningsdb" in metafunc.fixturenames:
        metafunc.parametrize("anteckningsdb", ["sqlite"] + (
            ["postgresql"] if os.environ.get("SAMVERKAN_TEST_POSTGRES_URL") else []), indirect=True)


@pytest.fixture
def anteckningsdb(request, tmp_path):
    """Adressen till en tom anteckningsdatabas: SQLite, eller en egen databas i testklustret."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'anteckningar.sqlite'}"
        return
    with postgres_databas("utskick") as url:
        yield url


@pytest.fixture
def miljo(tmp_path, monkeypatch, postserver):
    lada, port = postserver
    env = {"SAMVERKAN_DATA": str(tmp_path / "data"), "SAMVERKAN_NYCKEL": DEMONYCKEL,
           "SAMVERKAN_SMTP_URL": f"smtp://127.0.0.1:{port}", "SAMVERKAN_ADRESS": ADRESS,
           "SAMVERKAN_AVSANDARE": "Samverkansmonitorn <monitor@exempel.se>"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    settings = load_settings()
    fil = Anvandarfil(settings.users_file)
    fil.spara("anna", "chef", "1440", None, "anna@ale.se")
    fil.spara("sara", "styrgrupp", None, None, "sara@gr.se")
    fil.spara("bertil", "chef", "1441", None)  # ingen adress
    bok = Anteckningar.fran_installningar(settings)
    return settings, bok, lada, env


def _uppfoljning(bok, *, kommun="1440", ansvarig="anna", om_dagar=3, text="Plan för platserna", av=SARA):
    return bok.skapa(av, typ="Uppföljning", kommun_kod=kommun, period="2026-11", text=text, ansvarig=ansvarig,
                     klart_senast=dt.date.today() + dt.timedelta(days=om_dagar))


def _delar(m) -> tuple[str, str]:
    return m.get_body(("plain",)).get_content(), m.get_body(("html",)).get_content()


def _kor_kommandot(env: dict, *argument: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "app.py", "paminnelser", *argument], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120, check=False)


def test_en_paminnelse_tre_dagar_fore_en_gang_med_texten_escapad_och_en_lank_till_kommunen(miljo):
    _, bok, lada, env = miljo
    _uppfoljning(bok, text='=HYPERLINK("https://ond.example") <b>fet</b> & <script>alert(1)</script>')
    forsta = _kor_kommandot(env)
    assert forsta.returncode == 0, forsta.stderr
    paminnelser = lada.till("anna@ale.se", "Påminnelse")
    assert len(paminnelser) == 1
    m = paminnelser[0]
    assert "Ale" in m["Subject"] and m["From"] == "Samverkansmonitorn <monitor@exempel.se>"
    text, html_del = _delar(m)
    assert "om 3 dagar" in text
    assert "&lt;b&gt;fet&lt;/b&gt; &amp; &lt;script&gt;" in html_del and "<script>" not in html_del
    # Aldrig en formel: texten börjar med apostrof också i textdelen.
    assert "Vad: '=HYPERLINK" in text and "&#x27;=HYPERLINK" in html_del
    assert f"{ADRESS}/kommun?kommun=1440" in text and f'href="{ADRESS}/kommun?kommun=1440"' in html_del
    assert m["List-Unsubscribe"].startswith(f"<{ADRESS}/utskick/avsluta?t=")
    antal = len(lada.mejl)
    # Den andra körningen i processen (kommandot är samma kod; testet nedan kör två processer samtidigt).
    assert kor(load_settings(), bok=bok).skickade == []
    assert len(lada.mejl) == antal


def test_forsenad_uppfoljning_paminns_en_gang_till(miljo):
    settings, bok, lada, _ = miljo
    nytt = _uppfoljning(bok, om_dagar=2)
    kor(settings, bok=bok)
    bok.andra(SARA, nytt, klart_senast=dt.date.today() - dt.timedelta(days=1))
    kor(settings, bok=bok)
    kor(settings, bok=bok)
    assert [str(m["Subject"]).split(" ")[0] for m in lada.till("anna@ale.se")
            if "uppföljning" in str(m["Subject"]).lower()] == ["Påminnelse:", "Försenad"]
    # Långt före klart senast: ingen påminnelse än.
    _uppfoljning(bok, om_dagar=20, text="Senare")
    assert not any("Senare" in _delar(m)[0] for m in lada.mejl[-1:]) and kor(settings, bok=bok).skickade == []


def test_ansvarig_som_inte_ar_en_anvandare_med_adress_far_skribenten_paminnelsen(miljo):
    settings, bok, lada, _ = miljo
    _uppfoljning(bok, ansvarig="Kalle på AF")
    _uppfoljning(bok, ansvarig="bertil", kommun="1441", av=Skribent("bertil", "chef", "1441"))
    rapport = kor(settings, bok=bok)
    m = lada.till("sara@gr.se", "Påminnelse")
    assert len(m) == 1 and "du skrev uppföljningen" in _delar(m[0])[0]
    # bertil har ingen adress och skrev själv: ingen mottagare, och rapporten säger vem som saknar adress.
    assert "bertil" in rapport.text() and not lada.till("bertil")


def test_ett_smtp_fel_loggas_och_provas_igen_nasta_korning(miljo, caplog):
    settings, bok, lada, _ = miljo
    _uppfoljning(bok)
    lada.vagra.add("anna@ale.se")
    rapport = kor(settings, bok=bok)
    assert len(rapport.misslyckade) >= 1 and not lada.till("anna@ale.se")
    assert lada.till("sara@gr.se"), "ett fel för en mottagare stoppar inte de andra"
    assert "utskick misslyckades" in caplog.text
    lada.vagra.clear()
    kor(settings, bok=bok)
    assert len(lada.till("anna@ale.se", "Påminnelse")) == 1
    # Reläet nere: en svensk rad per meddelande i rapporten, inget undantag, inget förlorat.
    _uppfoljning(bok, text="När reläet är nere")
    nere = dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{_ledig_port()}")
    assert len(kor(nere, bok=bok).misslyckade) == 1
    kor(settings, bok=bok)
    assert any("När reläet är nere" in _delar(m)[0] for m in lada.till("anna@ale.se", "Påminnelse"))


def test_ett_overgivet_utskick_tas_igen_men_aldrig_ett_som_en_annan_process_skickar(anteckningsdb):
    bok = Anteckningar(anteckningsdb)
    bok.migrera()
    register = Utskicksregister(bok.motor)
    nu = dt.datetime(2026, 12, 1, 7, 0)
    assert register.ta("paminnelse:1:snart", "paminnelse", "anna", nu)
    assert not register.ta("paminnelse:1:snart", "paminnelse", "anna", nu + GAMMAL_EFTER / 2)
    # Processen dog mitt i (kill -9): efter GAMMAL_EFTER skickas just det meddelandet igen, av en process.
    senare = nu + GAMMAL_EFTER + dt.timedelta(seconds=1)
    assert register.ta("paminnelse:1:snart", "paminnelse", "anna", senare)
    assert not register.ta("paminnelse:1:snart", "paminnelse", "anna", senare)
    register.klar("paminnelse:1:snart")
    assert not register.ta("paminnelse:1:snart", "paminnelse", "anna", senare + GAMMAL_EFTER * 10)
    bok.motor.dispose()


def test_tva_bevakare_mot_samma_anteckningar_skickar_varje_meddelande_en_gang(miljo, anteckningsdb, monkeypatch):
    settings, _, lada, env = miljo
    env = {**env, "SAMVERKAN_ANTECKNINGAR_URL": anteckningsdb}
    monkeypatch.setenv("SAMVERKAN_ANTECKNINGAR_URL", anteckningsdb)
    bok = Anteckningar.fran_installningar(load_settings())
    for i in range(15):
        _uppfoljning(bok, text=f"Uppföljning nummer {i}", om_dagar=i % 7)
    # Två bevakare (app.py bevaka), som på två servrar: båda kör dagens utskick direkt (klockslaget har passerat).
    env = {**env, "SAMVERKAN_PAMINNELSE_KL": "00:00", "SAMVERKAN_INKORG_SEKUNDER": "3600"}
    loggar = [settings.data_dir / f"bevakare{i}.log" for i in range(2)]
    filer = [logg.open("w") for logg in loggar]
    processer = [subprocess.Popen([sys.executable, "app.py", "bevaka"], cwd=ROOT, env={**os.environ, **env},
                                  stdout=subprocess.DEVNULL, stderr=fil) for fil in filer]
    try:
        slut = time.monotonic() + 120
        while not all("utskick: Skickade" in logg.read_text() for logg in loggar):
            assert time.monotonic() < slut, [logg.read_text()[-2000:] for logg in loggar]
            assert all(p.poll() is None for p in processer), [logg.read_text()[-2000:] for logg in loggar]
            time.sleep(0.2)  # väntar på ett villkor (båda har kört klart), inte på en tid
    finally:
        for p, fil in zip(processer, filer, strict=True):
            p.terminate()
            p.wait(timeout=30)
            fil.close()
    texter = [_delar(m)[0] for m in lada.till("anna@ale.se", "Påminnelse")]
    nummer = sorted(int(traff(r"nummer (\d+)", t).group(1)) for t in texter)
    assert nummer == list(range(15)), "varje uppföljning exakt en gång"
    # Sammanfattningen en gång per mottagare, och processerna delade arbetet mellan sig utan dubbletter.
    assert len(lada.till("anna@ale.se", "Samverkansmonitorn")) == 1
    assert len(lada.till("sara@gr.se", "Samverkansmonitorn")) == 1
    bok.motor.dispose()


def test_utan_smtp_installning_en_svensk_rad_och_felkod(miljo):
    _, _, _, env = miljo
    svar = _kor_kommandot({**env, "SAMVERKAN_SMTP_URL": ""})
    assert svar.returncode == 1 and "SAMVERKAN_SMTP_URL" in svar.stderr and "Traceback" not in svar.stderr


# Veckans sammanfattning, på demolagret ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demolager(tmp_path_factory):
    return bygg_demolager(tmp_path_factory.mktemp("utskickslager"), DEMONYCKEL)


def _sammanfattning(lada, adress: str) -> tuple[str, str]:
    m = lada.till(adress, "Samverkansmonitorn")
    assert len(m) == 1, [x["Subject"] for x in lada.mejl]
    return _delar(m[0])


def test_chefens_sammanfattning_har_inga_sma_antal_och_inga_personnummer(miljo, demolager):
    settings, bok, lada, _ = miljo
    settings = dataclasses.replace(settings, db_path=demolager)
    _uppfoljning(bok, text="Plan för Ale")
    bok.skapa(SARA, typ="Förklaring", kommun_kod="1440", period="2026", text="AF flyttade platser till Ale.")
    kor(settings, MANDAG, bok=bok)
    chef_text, chef_html = _sammanfattning(lada, "anna@ale.se")
    styr_text, _ = _sammanfattning(lada, "sara@gr.se")
    # Ale avviker i demodatan och har 2,9 besatta platser i snitt: chefen ser det dolda antalet, styrgruppen talet.
    assert "NY: Ale:" in chef_text and "Besatta platser enligt budgetfilen: <5." in chef_text
    assert "Besatta platser enligt budgetfilen: 3." in styr_text
    for text in (chef_text, chef_html):
        assert not re.search(r"budgetfilen: [1-4]\b", text)
        assert not PERSONNUMMER.search(text)
    # Bara hemkommunen för chefen; regionen för styrgruppen (Mölndal avviker också).
    assert "Mölndal" not in chef_text and "Mölndal" in styr_text
    assert "Plan för Ale" in chef_text and "AF flyttade platser till Ale." in chef_text
    assert f"{ADRESS}/kommun?kommun=1440" in chef_text
    # Nästa vecka är Ale inte ny längre.
    lada.mejl.clear()
    kor(settings, MANDAG + dt.timedelta(days=7), bok=bok)
    assert "NY:" not in _sammanfattning(lada, "anna@ale.se")[0]


def test_den_som_avslutat_sammanfattningen_far_ingen(miljo, demolager):
    settings, bok, lada, _ = miljo
    Utskicksregister(bok.motor).valj("sara", sammanfattning=False)
    kor(dataclasses.replace(settings, db_path=demolager), MANDAG, bok=bok)
    assert not lada.till("sara@gr.se") and lada.till("anna@ale.se")


# Webbvägarna: kalenderflödet, avregistreringen och Mina utskick --------------------------------------------------

@pytest.fixture
def webbapp(miljo, demolager, monkeypatch):
    from app import skapa_app

    settings, bok, _, _ = miljo
    monkeypatch.setenv("SAMVERKAN_DB", str(demolager))
    settings = load_settings()
    Anvandarfil(settings.users_file).spara("anna", "chef", "1440", "ett-langt-testlosenord-2026", "anna@ale.se")
    app = skapa_app(settings, demolager, inloggning=True)
    return app, settings, bok


def test_kalenderflodet_bakom_en_hemlig_nyckel_som_kan_aterkallas(webbapp):
    from icalendar import Calendar

    app, _, bok = webbapp
    _uppfoljning(bok, text="Plan för Ale")
    _uppfoljning(bok, kommun="1441", ansvarig="bertil", text="Plan för Lerum")
    klient = app.server.test_client()
    assert klient.get("/uppfoljning.ics").status_code == 404
    assert klient.get("/uppfoljning.ics?nyckel=gissat").status_code == 404
    register = Utskicksregister(bok.motor)
    nyckel = register.ny_kalendernyckel("anna")
    svar = klient.get(f"/uppfoljning.ics?nyckel={nyckel}")
    assert svar.status_code == 200 and svar.mimetype == "text/calendar"
    handelser = list(Calendar.from_ical(svar.data).walk("VEVENT"))
    # Chefen: hemkommunens uppföljningar (och regionens), som heldagshändelser på klart senast.
    assert [str(h["summary"]) for h in handelser] == ["Uppföljning Ale: Plan för Ale"]
    assert handelser[0].decoded("dtstart") == dt.date.today() + dt.timedelta(days=3)
    assert f"{ADRESS}/kommun?kommun=1440" in str(handelser[0]["description"])
    ny = register.ny_kalendernyckel("anna")
    assert klient.get(f"/uppfoljning.ics?nyckel={nyckel}").status_code == 404, "den gamla länken slutar gälla"
    register.aterkalla_kalendernyckel("anna")
    assert klient.get(f"/uppfoljning.ics?nyckel={ny}").status_code == 404


def test_avregistreringslanken_ar_signerad_och_kraver_ett_klick(webbapp):
    from utskick.paminnelser import avslutningslank

    app, settings, bok = webbapp
    klient = app.server.test_client()
    lank = avslutningslank(settings, "anna", "paminnelser").removeprefix(ADRESS)
    register = Utskicksregister(bok.motor)
    sida = klient.get(lank)
    assert sida.status_code == 200 and "Sluta få dem" in sida.get_data(as_text=True)
    assert register.prenumererar("anna")["paminnelser"], "att öppna länken (en länkgranskare) avslutar inget"
    token = lank.split("t=")[1]
    assert klient.post("/utskick/avsluta", data={"t": token[:-2] + "xx"}).status_code == 400
    assert klient.post("/utskick/avsluta", data={"t": token}).status_code == 200
    assert register.prenumererar("anna") == {"paminnelser": False, "sammanfattning": True}


def test_mina_utskick_valjer_och_skapar_kalenderlank_med_formularets_token(webbapp):
    app, _, bok = webbapp
    klient = app.server.test_client()
    sida = klient.get("/logga-in").get_data(as_text=True)
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    assert klient.post("/logga-in", data={"anvandare": "anna", "losenord": "ett-langt-testlosenord-2026",
                                          "token": token, "nasta": "/"}).status_code == 302
    # Inloggningen ger sessionen en ny formulärtoken (som sidorna bäddar in; utloggningssidan visar den också).
    token = traff(r'name="token" value="([^"]+)"', klient.get("/logga-ut").get_data(as_text=True)).group(1)
    assert klient.post("/mina-utskick", data={"atgard": "spara", "token": "fel"}).status_code == 303
    register = Utskicksregister(bok.motor)
    assert register.prenumererar("anna")["sammanfattning"]
    klient.post("/mina-utskick", data={"atgard": "spara", "token": token, "paminnelser": "ja",
                                       "sammanfattning": "nej"})
    assert register.prenumererar("anna") == {"paminnelser": True, "sammanfattning": False}
    klient.post("/mina-utskick", data={"atgard": "ny-kalender", "token": token})
    assert register.har_kalendernyckel("anna") is not None
    with klient.session_transaction() as session:
        meddelanden = [text for _, text in session.get("_flashes", [])]
    # Länken på sidan har adressen användaren själv använder (här testklientens http://localhost).
    lank = next(t for t in meddelanden if "uppfoljning.ics?nyckel=" in t).split("http://localhost")[1]
    assert klient.get(lank).status_code == 200


def test_forsta_starten_pa_demodata_har_anteckningar_en_oppen_och_en_forsenad_uppfoljning(miljo, demolager):
    from anteckningar import forsenad
    from app import _demoanteckningar

    settings, bok, _, _ = miljo
    _demoanteckningar(settings, demolager)
    _demoanteckningar(settings, demolager)  # en andra start lägger inte till något
    alla = bok.lista()
    assert sorted(a["typ"] for a in alla) == ["Beslut", "Förklaring", "Uppföljning", "Uppföljning"]
    oppna = bok.oppna_uppfoljningar()
    assert [forsenad(a) for a in oppna] == [True, False]
    # Förklaringen och den försenade uppföljningen gäller kommunen som minskat mest (Mölndal i demodatan).
    assert {a["kommun_kod"] for a in alla if a["typ"] == "Förklaring"} == {oppna[0]["kommun_kod"]} == {"1481"}


def test_extratjanster_visar_oppna_uppfoljningar_pa_varfor_raden_och_i_tabellerna(miljo, demolager):
    import queries
    from behorighet import atkomst_for
    from figures import extratjanster, samrad, varfor

    _, bok, _, _ = miljo
    _uppfoljning(bok, text="Stäm av platserna med AF", ansvarig="anna")
    uppf = samrad.uppfoljningar_per_kommun(bok.oppna_uppfoljningar())
    lager = queries.Lager(demolager)
    styrgrupp = atkomst_for("styrgrupp", 5)
    df = lager.run("budget_varfor", styrgrupp, ar=2026, malgrupp_kod=87)
    kort, forklaringar = varfor.kort(df, 0.10, "GR", uppfoljningar=uppf)
    ale = next(f for f in forklaringar if f.kommun_kod == "1440")
    assert ("Öppen uppföljning:", True) in ale.delar and "Stäm av platserna med AF (ansvarig anna" in ale.text
    rad = dict(zip([k.rubrik for k in kort.tabell.kolumner], kort.tabell.textrader()[
        list(kort.tabell.df.kommun_kod).index("1440")], strict=True))
    assert rad["Samrådets öppna uppföljningar"].startswith("Stäm av platserna med AF")
    avv = extratjanster.avvikelser(lager.run("budget_avvikelse", styrgrupp, ar=2026, avvikelsegrans=0.10), 0.10, "GR",
                                   uppfoljningar=uppf)
    assert "Samrådets öppna uppföljningar" in [k.rubrik for k in avv.tabell.kolumner]
