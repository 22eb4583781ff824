"""Figurerna som data (ärende #24, punkt 6): byggarna i figures/ ger Plotlys figurform som dict, utan
graph_objects i anropets väg, och här prövar Plotly varje kort som sidorna faktiskt skickar.

Varje diagramkort på varje sida anropas genom Dash callback-slutpunkt (som webbläsaren), för ett par urval,
och svarets figur byggs med go.Figure(..., skip_invalid=False): en egenskap som Plotly inte känner, ett fel
värde eller en rubrik i gammal form faller här i stället för i webbläsaren.
"""
from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import pytest

from tests.conftest import DEMONYCKEL, bygg_demolager

NYCKEL = DEMONYCKEL
URVAL = ("", "?kommun=1440&fran=2025-01&till=2025-12", "?kommun=1480,1401&kon=Kvinna&visa=per_invanare",
         "?fran=2026-01&till=2026-03&visa=andel&enhet=jobbspar&horisont=90&avvikelsegrans=5")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    import os

    from app import skapa_app
    from config import load_settings

    mapp = tmp_path_factory.mktemp("figurer")
    db = bygg_demolager(mapp, NYCKEL)
    gamla = dict(os.environ)
    os.environ.update(SAMVERKAN_DATA=str(mapp), SAMVERKAN_NYCKEL=NYCKEL, SAMVERKAN_ROLL_UTAN_INLOGGNING="styrgrupp")
    try:
        app = skapa_app(load_settings(), db, inloggning=False)
    finally:
        os.environ.clear()
        os.environ.update(gamla)
    return app


@pytest.fixture
def klient(app):
    return app.server.test_client()


def _kortens_callbacks(klient) -> list[dict]:
    beroenden = klient.get("/_dash-dependencies").get_json()
    return [b for b in beroenden if "-graf.figure" in b["output"]
            and any(i["id"] == "_pages_location" and i["property"] == "search" for i in b["inputs"])]


def _anropa(klient, beroende: dict, search: str) -> dict:
    utdata = []
    for del_ in beroende["output"].strip(".").split("..."):
        ident, egenskap = del_.rsplit(".", 1)
        utdata.append({"id": json.loads(ident) if ident.startswith("{") else ident, "property": egenskap})
    varden = {"_pages_location": search, "lagerversion": None}
    kropp = {"output": beroende["output"], "outputs": utdata if beroende["output"].startswith("..") else utdata[0],
             "inputs": [{"id": i["id"], "property": i["property"], "value": varden.get(i["id"])}
                        for i in beroende["inputs"]],
             "state": [{"id": s["id"], "property": s["property"], "value": None} for s in beroende["state"]],
             "changedPropIds": ["_pages_location.search"]}
    svar = klient.post("/_dash-update-component", json=kropp)
    assert svar.status_code == 200, (beroende["output"], search, svar.get_data(as_text=True)[:500])
    return svar.get_json()["response"]


def test_varje_korts_figur_ar_data_som_plotly_godkanner(klient):
    callbacks = _kortens_callbacks(klient)
    # Sidornas kort: extratjänster, översiktens karta, jobbspår, projekt, resultat och kommunprofilen.
    assert len(callbacks) >= 15, [c["output"] for c in callbacks]
    provade = 0
    for beroende in callbacks:
        for search in URVAL:
            for komponent, egenskaper in _anropa(klient, beroende, search).items():
                if "figure" not in egenskaper:
                    continue
                figur = egenskaper["figure"]
                assert set(figur) <= {"data", "layout"}, (komponent, set(figur))
                # Plotly prövar varje egenskap; skip_invalid=False: en okänd egenskap är ett fel, inte tyst borta.
                prövad = go.Figure(figur, skip_invalid=False)
                assert len(prövad.data) == len(figur["data"])
                for del_ in ("xaxis", "yaxis"):
                    rubrik = figur["layout"].get(del_, {}).get("title")
                    assert rubrik is None or isinstance(rubrik, dict), f"{komponent}: rubrik som text ({rubrik!r})"
                provade += 1
    assert provade >= 15 * len(URVAL)


def test_projektorns_figurer_ar_giltiga_och_svarta(app):
    """Projektorn färgar om kortens figurer (svart bakgrund, stor text): ändringarna ska vara Plotlys egenskaper,
    och kortets egen figur ska vara orörd."""
    import sys

    from flask import g

    from behorighet import atkomst_for

    presentation = sys.modules["dashboards.presentation"]
    with app.server.test_request_context("/presentation"):
        g.atkomst = atkomst_for("styrgrupp", 5)
        params = {"kommuner": [], "fran": dt.date(2025, 1, 1), "till": dt.date(2025, 12, 31), "malgrupper": [],
                  "kon": ""}
        import queries

        region_rad = queries.run("kpi_per_kommun", offentlig=True, **params).query("niva == 'region'").iloc[0]
        bilder = [presentation._region_bild(region_rad, params), presentation._resultat_bild(params)]
        kluster = queries.run("jobbspar_kluster", offentlig=True, **params).kluster.dropna().unique()
        bilder.append(presentation._kluster_bild(kluster[0], params))
    grafer = [k for _, innehall in bilder for k in _komponenter(innehall) if type(k).__name__ == "Graph"]
    assert len(grafer) == 3
    for graf in grafer:
        prövad = go.Figure(graf.figure, skip_invalid=False)
        assert prövad.layout.paper_bgcolor == "#000" and prövad.layout.plot_bgcolor == "#000"


def _komponenter(rot):
    if isinstance(rot, list | tuple):
        for k in rot:
            yield from _komponenter(k)
        return
    yield rot
    barn = getattr(rot, "children", None)
    if barn is not None and not isinstance(barn, str):
        yield from _komponenter(barn)


def test_byggarna_ger_dict_och_ingen_graph_objects_i_anropets_vag():
    """Ingen modul som sidorna anropar i ett kort bygger graph_objects (mallen byggs en gång vid import)."""
    from pathlib import Path

    rot = Path(__file__).resolve().parent.parent
    for mapp in ("figures", "dashboards"):
        for fil in (rot / mapp).glob("*.py"):
            text = fil.read_text(encoding="utf-8")
            if fil.name == "format.py":  # mallen (go.layout.Template) byggs en gång när modulen laddas
                continue
            for importen in ("import plotly.graph_objects", "from plotly.graph_objects", "from plotly import graph_"):
                assert importen not in text, f"{mapp}/{fil.name} bygger graph_objects"


def test_plotlys_namn_med_understreck_delas_inte():
    """Varje egenskap i Plotlys schema vars namn har ett understreck (paper_bgcolor, error_x …) står i figur.py."""
    import importlib
    import inspect
    import pkgutil

    import plotly.graph_objs as grafobjekt

    from figures.figur import _HELA_NAMN, figur, spar, uppdatera

    namn = set()
    for modul in pkgutil.walk_packages(grafobjekt.__path__, grafobjekt.__name__ + "."):
        try:
            laddad = importlib.import_module(modul.name)
        except ImportError:  # FigureWidget kräver Jupyter-paket som monitorn inte har
            continue
        for _, klass in inspect.getmembers(laddad, inspect.isclass):
            namn |= {p for p in getattr(klass, "_valid_props", ()) or () if "_" in p}
    assert namn == set(_HELA_NAMN)
    fig = uppdatera(figur(spar("bar", x=[1], y=[2], error_y_array=[1])), paper_bgcolor="#000", plot_bgcolor="#111")
    assert fig["layout"]["paper_bgcolor"] == "#000" and fig["layout"]["plot_bgcolor"] == "#111"
    assert fig["data"][0]["error_y"] == {"array": [1]}
    go.Figure(fig, skip_invalid=False)


def test_magiska_understreck_och_rubriker_blir_plotlys_form():
    from figures.figur import figur, referenslinje, spar

    fig = figur(spar("bar", x=[1, 2], y=[3, float("nan")], marker_color="#000", marker_line_width=2),
                yaxis_title="kronor", margin=dict(l=10))
    referenslinje(fig, "GR 12 %", y=12)
    assert fig["data"][0]["marker"] == {"color": "#000", "line": {"width": 2}}
    assert fig["data"][0]["y"] == [3, None]
    assert fig["layout"]["yaxis"]["title"] == {"text": "kronor"}
    assert fig["layout"]["shapes"][0]["y0"] == 12 and fig["layout"]["annotations"][0]["text"] == "GR 12 %"
    # Samma figur som graph_objects hade gett (utom mallen, som båda har).
    facit = go.Figure(go.Bar(x=[1, 2], y=[3, None], marker_color="#000", marker_line_width=2))
    facit.update_layout(yaxis_title="kronor", margin=dict(l=10))
    assert go.Figure(fig).to_plotly_json()["data"] == facit.to_plotly_json()["data"]
    assert go.Figure(fig).layout.yaxis.title.text == facit.layout.yaxis.title.text
