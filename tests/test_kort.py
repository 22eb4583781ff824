"""Samma kort ger samma text på sidan, på projektorn och i mötespaketet: en byggare i figures/ för alla tre."""
from __future__ import annotations

import datetime as dt

import pytest

import queries
from behorighet import atkomst_for
from export import motespaket
from figures import extratjanster, oversikt
from tests.test_fragor import lager_med_data  # noqa: F401  (fixturen: ett riktigt lager)

PARAMS = dict(kommuner=["1440"], fran=dt.date(2025, 1, 1), till=dt.date(2025, 12, 31), malgrupper=[], kon="")
SEARCH = "?kommun=1440&fran=2025-01&till=2025-12"


@pytest.fixture
def sidor(lager_med_data):  # noqa: F811
    """Sidornas kort i en riktig app (app.skapa_app), inne i ett anrop med projektorns roll: sidan, projektorn och
    mötespaketet får då samma skyddade tal."""
    from flask import g

    from app import skapa_app

    app = skapa_app(lager_med_data, lager_med_data.db_path)
    with app.server.test_request_context("/"):
        g.atkomst = atkomst_for("projektor", 5)
        from dashboards import extratjanster as extratjanster_sida
        from dashboards import oversikt as oversikt_sida
        from dashboards import presentation

        yield oversikt_sida, extratjanster_sida, presentation


def _texter(komponent) -> list[str]:
    """All text i ett Dash-komponentträd, i ordning."""
    if isinstance(komponent, str):
        return [komponent]
    if isinstance(komponent, list | tuple):
        return [t for k in komponent for t in _texter(k)]
    if isinstance(komponent, dict):  # en komponent i serialiserad form (kortvy.tabell)
        return _texter(komponent["props"].get("children"))
    barn = getattr(komponent, "children", None)
    return _texter(barn) if barn is not None else []


def test_nyckeltalen_ar_desamma_pa_sidan_projektorn_och_i_motespaketet(sidor):
    oversikt_sida, _, presentation = sidor
    kpi = queries.run("kpi_per_kommun", offentlig=True, **PARAMS)
    urval, region = kpi[kpi.niva == "urval"].iloc[0], kpi[kpi.niva == "region"].iloc[0]
    byggt = oversikt.nyckeltalstext(urval, region, dt.date(2025, 12, 31), "GR")
    # Mötespaketets första bild, projektorns kommunbild och översiktens nyckeltal.
    bilder, _ = motespaket.bygg(PARAMS)
    assert bilder[0].sammanfattning == byggt
    ale = kpi[kpi.kommun_kod == "1440"].iloc[0]
    _, innehall = presentation._kpi_bild(ale, region, "Ale", PARAMS)
    assert oversikt.nyckeltalstext(ale, region, dt.date(2025, 12, 31), "GR") in _texter(innehall)
    sidans = _texter(oversikt_sida.nyckeltal(SEARCH, None))
    for n in oversikt.nyckeltal(urval, region, dt.date(2025, 12, 31), "GR"):
        assert [n.rubrik, n.varde, n.jamforelse] == sidans[sidans.index(n.rubrik):sidans.index(n.rubrik) + 3]


def test_extratjanstkortet_ar_detsamma_pa_sidan_och_i_motespaketet(sidor):
    _, extratjanster_sida, _ = sidor
    svar = extratjanster_sida.per_kommun(SEARCH, None)
    budget = queries.run("budget_per_kommun", offentlig=True, ar=2025, till_manad=12, kommuner=["1440"])
    kort = extratjanster.per_kommun(budget, 2025, 12, "GR")
    assert svar["sammanfattning"] == kort.sammanfattning
    bilder, _ = motespaket.bygg(PARAMS)
    paketets = next(b for b in bilder if b.rubrik == kort.rubrik)
    assert paketets.sammanfattning == kort.sammanfattning
    assert paketets.rader == kort.tabell.textrader()


def test_tabellvyns_rader_ar_samma_som_html_komponenter():
    """Tabellvyns rader byggs i Dash serialiserade form (snabbare): webbläsaren ska få exakt det som
    html.Tr/html.Td hade gett, också för en dold cell och fri text."""
    import json

    import pandas as pd
    from dash import html
    from plotly.utils import PlotlyJSONEncoder

    from dashboards.kortvy import tabell
    from figures import format as fmt
    from figures.kort import Kolumn, Tabell

    df = pd.DataFrame({"kommun_namn": ["Ale", "=Lerum"], "deltagare": [12.0, float("nan")],
                       "deltagare__prick": [None, "<5"]})
    tab = Tabell(df, [Kolumn("kommun_namn", "Kommun"), Kolumn("deltagare", "Deltagare", fmt.antal)], "Deltagare")
    byggd, export = tabell(tab)
    vantad = [html.Tr([html.Td(t) for t in rad]) for rad in tab.textrader()]
    kropp = byggd.children[2]
    assert json.loads(json.dumps(kropp.children, cls=PlotlyJSONEncoder)) == json.loads(json.dumps(vantad, cls=PlotlyJSONEncoder))
    assert _texter(byggd)[-2:] == ["=Lerum", "<5"]
    assert export[1]["Deltagare"] == "<5"


def test_klustren_i_naturlig_ordning_och_en_mening_for_ett_helt_land():
    import pandas as pd

    from figures.jobbspar import kluster_karta

    rader = [(f"Kluster {i}", f"{1000 + 2 * i + j}", f"Kommun {i}-{j}") for i in range(1, 21) for j in range(2)]
    df = pd.DataFrame(rader, columns=["kluster", "kommun_kod", "kommun_namn"]).assign(samordnare=None)
    kort = kluster_karta(df, [], {kod: namn for _, kod, namn in rader})
    assert kort.sammanfattning == ("20 kluster med sammanlagt 40 kommuner. "
                                   "Varje kommuns kluster står i kartan och i tabellen.")
    litet = kluster_karta(df[df.kluster.isin(["Kluster 10", "Kluster 2"])], [], {})
    assert litet.sammanfattning.startswith("Kluster: 1 Kluster 2: Kommun 2-0, Kommun 2-1; 2 Kluster 10:")


def test_undertiteln_foljer_regionen():
    from ingest.kommuner import las_region

    assert las_region("gr").samverkan == "Göteborgsregionen och Arbetsförmedlingen Region Väst"
    assert las_region("sverige").samverkan == "Sveriges kommuner och Arbetsförmedlingen"
