"""Servern är klar innan första anropet: Dash callbackkarta finns redan när flera trådar tar emot anrop."""
from __future__ import annotations

from tests.conftest import ROOT


def test_callbackkartan_finns_innan_forsta_anropet(ingest, settings):
    # plotly/dash#3971: Dash fyller callbackkartan vid första anropet, och ett samtidigt anrop i en annan
    # tråd fick "Callback function not found" (tre 500 på 4 000 anrop i lasttestet).
    from app import skapa_app

    ingest(ROOT / "data" / "demo" / "projekt.csv")
    app = skapa_app(settings, settings.db_path, inloggning=False)
    # skapa_app gör serverinställningen: kartan är fylld innan första anropet.
    assert "kpi-rad.children" in app.callback_map
    assert any(k.startswith("..karta-graf.figure") for k in app.callback_map)
