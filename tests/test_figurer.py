"""Figurerna som data (ärende #24, punkt 6): byggarna i figures/ ger Plotlys figurform som dict, utan
graph_objects i anropets väg, och här prövar Plotly varje kort som sidorna faktiskt skickar.

Varje diagramkort på varje sida anropas genom Dash callback-slutpunkt (som webbläsaren), för ett par urval,
och svarets figur byggs med go.Figure(..., skip_invalid=False): en egenskap som Plotly inte känner, ett fel
värde eller en rubrik i gammal form faller här i stället för i webbläsaren.
"""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from tests.conftest import bygg_demolager

NYCKEL = "testnyckel-som-bara-finns-i-testerna-0123456789"
URVAL = ("", "?kommun=1440&fran=2025-01&till=2025-12", "?kommun=1480,1401&kon=Kvinna&visa=per_invanare",
         "?fran=2026-01&till=2026-03&visa=andel&enhet=jobbspar&horisont=90&avvikelsegrans=5")


@pytest.fixture(scope="module")
def klient(tmp_path_factory):
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
