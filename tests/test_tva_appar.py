"""Två appar i en process, för två regioner, ser var sitt (ärende #24, punkt 3).

Inställningarna, lagret, anteckningarna, sessionerna och granskningsloggen hänger på appen (sammanhang.py), inte
på modulerna: förut delade två appar frågelagrets lager, granskningsloggen och regionens kommunlista.
"""
from __future__ import annotations

import json

import pytest

from config import load_settings
from tests.conftest import DEMONYCKEL, bygg_demolager, traff

NYCKEL = DEMONYCKEL
LOSENORD = "ett-langt-testlosenord-2026"


@pytest.fixture(scope="module")
def tva_appar(tmp_path_factory):
    """GR med demodatan och Fyrbodal med skalgeneratorns filer, var sin datamapp; miljön säger sedan inget."""
    import os

    from app import bygg_demo_om_det_saknas, skapa_app
    from behorighet.anvandare import Anvandarfil

    gamla = dict(os.environ)
    appar = {}
    try:
        for region in ("gr", "fyrbodal"):
            mapp = tmp_path_factory.mktemp(region)
            os.environ.update(SAMVERKAN_DATA=str(mapp), SAMVERKAN_NYCKEL=NYCKEL, SAMVERKAN_REGION=region,
                              SAMVERKAN_DEMO_RADER="3000")
            settings = load_settings()
            if region == "gr":
                bygg_demolager(mapp, NYCKEL)
            else:
                bygg_demo_om_det_saknas(settings, settings.db_path)
            Anvandarfil(settings.users_file).spara("sara", "styrgrupp", None, LOSENORD)
            appar[region] = (skapa_app(settings, settings.db_path, inloggning=True), settings)
    finally:
        os.environ.clear()
        os.environ.update(gamla)
    return appar


def _logga_in(klient) -> None:
    sida = klient.get("/logga-in").get_data(as_text=True)
    token = traff(r'name="token" value="([^"]+)"', sida).group(1)
    svar = klient.post("/logga-in", data={"anvandare": "sara", "losenord": LOSENORD, "token": token})
    assert svar.status_code == 302, svar.get_data(as_text=True)[:300]


def _notis(klient, search: str) -> str:
    """Filterradens notis om adressen, genom Dash callback-väg som webbläsaren använder."""
    kropp = {"output": "url-notis.children", "outputs": {"id": "url-notis", "property": "children"},
             "inputs": [{"id": "_pages_location", "property": "search", "value": search}],
             "changedPropIds": ["_pages_location.search"]}
    svar = klient.post("/_dash-update-component", json=kropp)
    assert svar.status_code == 200, svar.get_data(as_text=True)[:300]
    return json.dumps(svar.get_json(), ensure_ascii=False)


def test_tva_regioner_i_en_process_ser_var_sitt_lager_och_sin_region(tva_appar):
    svar = {}
    for region, (app, _settings) in tva_appar.items():
        klient = app.server.test_client()
        _logga_in(klient)
        halsa = klient.get("/halsa").get_json()
        layout = klient.get("/_dash-layout").get_data(as_text=True)
        svar[region] = (halsa, layout, _notis(klient, "?kommun=9999"))
    (gr_halsa, gr_layout, gr_notis), (fb_halsa, fb_layout, fb_notis) = svar["gr"], svar["fyrbodal"]
    assert gr_halsa["region"] == "gr" and fb_halsa["region"] == "fyrbodal"
    assert gr_halsa["lagerversion"] != fb_halsa["lagerversion"], "var sitt lager"
    # Filterradens kommuner kommer ur appens eget lager; knappen och notisen har appens regionnamn.
    assert "Kungälv" in gr_layout and "Kungälv" not in fb_layout
    assert "Uddevalla" in fb_layout and "Uddevalla" not in gr_layout
    assert "Visa hela GR" in gr_layout and "Visa hela Fyrbodal" in fb_layout
    assert "visar hela GR" in gr_notis and "visar hela Fyrbodal" in fb_notis


def test_sessioner_och_granskning_hor_till_sin_app(tva_appar):
    (gr_app, gr_settings), (fb_app, fb_settings) = tva_appar["gr"], tva_appar["fyrbodal"]
    klient = gr_app.server.test_client()
    _logga_in(klient)
    assert klient.get("/halsa").status_code == 200
    # Samma kaka mot den andra appen: en annan nyckel och en annan sessionsdatabas, ingen inloggning där.
    kaka = klient.get_cookie("samverkan_session")
    andra = fb_app.server.test_client()
    andra.set_cookie("samverkan_session", kaka.value)
    assert andra.get("/halsa").status_code == 401
    # Inloggningen skrevs i GR:s granskningslogg, inte i Fyrbodals.
    gr_logg = gr_settings.audit_log.read_text(encoding="utf-8")
    fb_logg = fb_settings.audit_log.read_text(encoding="utf-8") if fb_settings.audit_log.exists() else ""
    assert gr_logg.count('"inloggning"') >= 1
    assert gr_logg.count('"inloggning"') > fb_logg.count('"inloggning"')
    # Nedladdningar signeras med appens egen nyckel.
    assert gr_app.server.extensions["samverkan"].hemlighet != fb_app.server.extensions["samverkan"].hemlighet


def test_varje_sida_byggs_ur_appens_sammanhang(tva_appar):
    """Sidväljaren bygger varje sida (layout(**frågor)) i båda apparna: en sida som läser något appen inte har
    (ett borttaget config-fält, en modulvariabel) faller här, inte först i webbläsaren."""
    import dash

    for region, (app, _settings) in tva_appar.items():
        klient = app.server.test_client()
        _logga_in(klient)
        for sida in dash.page_registry.values():
            kropp = {"output": ".._pages_content.children..._pages_store.data..",
                     "outputs": [{"id": "_pages_content", "property": "children"},
                                 {"id": "_pages_store", "property": "data"}],
                     "inputs": [{"id": "_pages_location", "property": "pathname", "value": sida["path"]}],
                     "state": [{"id": "_pages_location", "property": "search", "value": "?kommun=1440"}],
                     "changedPropIds": ["_pages_location.pathname"]}
            svar = klient.post("/_dash-update-component", json=kropp)
            assert svar.status_code == 200, (region, sida["path"], svar.get_data(as_text=True)[:300])
            text = json.dumps(svar.get_json(), ensure_ascii=False)
            assert '"H1"' in text and "Sidan finns inte" not in text, (region, sida["path"])
