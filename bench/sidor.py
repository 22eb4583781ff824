"""Sidornas callbacks genom Dash riktiga callback-slutpunkt, mot en pandas-baslinje i samma körning.

Vår väg: POST /_dash-update-component med slumpade men realistiska filterbyten
(kommun, period, kön), som rollen chef (så att röjandeskyddet räknas in), och med
frågecachen avstängd så att varje anrop faktiskt frågar DuckDB.

Baslinjen gör som de flesta Dash-appar: alla rader ligger i en pandas-DataFrame
(inläst en gång vid start, tiden redovisas för sig) och filtreras och grupperas i
callbacken; samma figur byggs och serialiseras som JSON.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import time
from pathlib import Path

CALLBACKS = {
    # namn: (del av utdata-nyckeln, sida)
    "oversikt": ("..kpi-rad.children", "/"),
    "extratjanster_kommun": ("..budget-kommun-graf.figure", "/extratjanster"),
    "extratjanster_trend": ("..budget-trend-graf.figure", "/extratjanster"),
    "extratjanster_avvikelse": ("..avvikelse-graf.figure", "/extratjanster"),
    "jobbspar_kluster": ("..kluster-karta-graf.figure", "/jobbspar"),
    "jobbspar_flode": ("..flode-graf.figure", "/jobbspar"),
    "projekt": ("..projekt-tid-graf.figure", "/projekt"),
    "projekt_kommun": ("..projekt-kommun-graf.figure", "/projekt"),
    "kommunprofil": ("..kommun-rubrik.children", "/kommun"),
    "kommunprofil_aktiva": ("..aktiva-trend-graf.figure", "/kommun"),
    "kommunprofil_utfall": ("..utfall-trend-graf.figure", "/kommun"),
    "kommunprofil_jobbspar": ("..kommun-jobbspar-graf.figure", "/kommun"),
    "kommunprofil_projekt": ("..kommun-projekt-graf.figure", "/kommun"),
    "resultat_tratt": ("..resultat-tratt-graf.figure", "/resultat"),
    "resultat_kedjor": ("..resultat-kedjor-graf.figure", "/resultat"),
}
MANADER = [f"{ar}-{m:02d}" for ar in range(2019, 2027) for m in range(1, 13)][:-2]


def filterbyten(kommunkoder: list[str], antal: int, fro: int = 11) -> list[dict]:
    rng = random.Random(fro)
    byten = []
    for _ in range(antal):
        i, j = sorted(rng.sample(range(len(MANADER)), 2))
        byten.append({"f-kommun": rng.sample(kommunkoder, rng.choice([0, 0, 1, 1, 2, 3])), "f-fran": MANADER[i],
                      "f-till": MANADER[j], "f-malgrupp": [], "f-kon": rng.choice(["alla", "alla", "Kvinna", "Man"]),
                      "karta-nyckeltal": rng.choice(["aktiva_per_1000", "andel_arbete_studier_90", "jobbspar_deltagare"]),
                      "flode-kluster": "alla", "avvikelsegrans": 10})
    return byten


def _utdata(nyckel: str) -> list[dict]:
    delar = nyckel.strip(".").split("...")
    ut = []
    for d in delar:
        ident, egenskap = d.rsplit(".", 1)
        ut.append({"id": json.loads(ident) if ident.startswith("{") else ident, "property": egenskap})
    return ut


def adress(varden: dict) -> str:
    """Filtret som frågesträng: URL:en är filtrets enda läge (filtret.FILTER)."""
    from urllib.parse import urlencode

    falt = {"kommun": ",".join(varden["f-kommun"]), "fran": varden["f-fran"], "till": varden["f-till"],
            "kon": "" if varden["f-kon"] == "alla" else varden["f-kon"]}
    return "?" + urlencode({k: v for k, v in falt.items() if v}, safe=",")


def _varde(i: dict, varden: dict, version: str):
    if i["id"] == "lagerversion":
        return version
    if i["id"] == "_pages_location" and i["property"] == "search":
        return adress(varden)
    return varden.get(i["id"] if isinstance(i["id"], str) else json.dumps(i["id"], sort_keys=True))


def kropp(beroende: dict, varden: dict, version: str) -> bytes:
    inputs = [{"id": i["id"], "property": i["property"], "value": _varde(i, varden, version)}
              for i in beroende["inputs"]]
    utdata = _utdata(beroende["output"])
    # En enda utdata skickas som ett objekt, flera som en lista (som dash-renderer gör).
    utdata_falt = utdata if beroende["output"].startswith("..") else utdata[0]
    return json.dumps({"output": beroende["output"], "outputs": utdata_falt, "inputs": inputs,
                       "state": [], "changedPropIds": ["_pages_location.search"]}).encode()


def var_vag(db_path: Path, byten: list[dict]) -> dict:
    """p50/p95 per callback och största svar, genom Flask-appens riktiga slutpunkt."""
    os.environ.update(SAMVERKAN_DB=str(db_path), SAMVERKAN_INKORG_SEKUNDER="0", SAMVERKAN_CACHE_POSTER="0",
                      SAMVERKAN_ROLL_UTAN_INLOGGNING="chef")
    from app import skapa_app
    from config import load_settings

    settings = load_settings()
    app = skapa_app(settings, db_path, inloggning=False)
    klient = app.server.test_client()
    beroenden = {d["output"]: d for d in klient.get("/_dash-dependencies").json}
    import queries

    with app.server.app_context():
        version = queries.version() or ""
    resultat = {}
    for namn, (nyckel, _sida) in CALLBACKS.items():
        beroende = next(d for k, d in beroenden.items() if k.lstrip(".").startswith(nyckel.lstrip(".")))
        tider, storlekar = [], []
        klient.post("/_dash-update-component", data=kropp(beroende, byten[0], version),
                    content_type="application/json")  # uppvärmning: första anslutningen och SQL-filen
        for varden in byten:
            start = time.perf_counter()
            svar = klient.post("/_dash-update-component", data=kropp(beroende, varden, version),
                               content_type="application/json")
            tider.append((time.perf_counter() - start) * 1000)
            assert svar.status_code == 200, (namn, svar.status_code, svar.text[:300])
            storlekar.append(_figurstorlek(svar.json))
        resultat[namn] = {"p50_ms": _pct(tider, 50), "p95_ms": _pct(tider, 95), "anrop": len(tider),
                          "storsta_figur_kb": round(max(storlekar) / 1024, 1)}
    return resultat


def _figurstorlek(svar: dict) -> int:
    storst = 0
    for komponent in svar.get("response", {}).values():
        for egenskap, varde in komponent.items():
            if egenskap == "figure":
                storst = max(storst, len(json.dumps(varde)))
    return storst


def _pct(varden: list[float], p: int) -> float:
    if len(varden) < 2:
        return round(varden[0], 1)
    return round(statistics.quantiles(varden, n=100, method="inclusive")[p - 1], 1)


# --- Baslinjen: allt i pandas ------------------------------------------------------------------

def baslinje(db_path: Path, byten: list[dict]) -> dict:
    import duckdb
    import pandas as pd
    import plotly.graph_objects as go
    from plotly.io.json import to_json_plotly

    from figures.karta import kommunkarta

    start = time.perf_counter()
    con = duckdb.connect(str(db_path), read_only=True)
    deltagare = con.execute("SELECT * FROM deltagare").df()
    budget = con.execute("SELECT * FROM budget").df()
    jobbspar = con.execute("SELECT * FROM jobbspar").df()
    kommun = con.execute("SELECT * FROM kommun").df()
    con.close()
    laddning = time.perf_counter() - start
    for kol in ("startdatum", "slutdatum"):
        deltagare[kol] = pd.to_datetime(deltagare[kol])

    def urval(v: dict) -> tuple:
        fran = pd.Timestamp(v["f-fran"] + "-01")
        till = pd.Timestamp(v["f-till"] + "-01") + pd.offsets.MonthEnd(0)
        d = deltagare
        if v["f-kon"] != "alla":
            d = d[d.kon == v["f-kon"]]
        return d, fran, till

    def oversikt(v):
        d, fran, till = urval(v)
        dag = min(till, pd.Timestamp.today())
        aktiva = d[(d.startdatum <= dag) & (d.slutdatum.isna() | (d.slutdatum >= dag))].groupby("kommun_kod").deltagare_id.nunique()
        js = d[(d.insats == "Jobbspår") & (d.startdatum <= till) & (d.slutdatum.isna() | (d.slutdatum >= fran))]
        js = js.groupby("kommun_kod").deltagare_id.nunique()
        avsl = d[(d.slutdatum >= fran) & (d.slutdatum <= till) & d.status_90.notna()]
        andel = avsl.status_90.isin(["I arbete", "I studier"]).groupby(avsl.kommun_kod).mean()
        b = budget[(budget.budgetpost == "Extratjänster") & (budget.ar == till.year) & (budget.manad <= till.month)]
        utn = b.groupby("kommun_kod").utfall_kr.sum() / b.groupby("kommun_kod").budget_kr.sum()
        per_1000 = (aktiva * 1000 / kommun.set_index("kommun_kod").befolkning).to_dict()
        fig = kommunkarta(per_1000, "Aktiva per 1 000", {k: str(x) for k, x in per_1000.items()},
                          dict(zip(kommun.kommun_kod, kommun.kommun_namn, strict=True)))
        return [fig, js, andel, utn]

    def kluster(v):
        d, fran, till = urval(v)
        d = d[(d.insats == "Jobbspår") & (d.startdatum <= till) & (d.slutdatum.isna() | (d.slutdatum >= fran))]
        g = d.groupby(["jobbspar", "kommun_kod"]).agg(deltagare=("deltagare_id", "count"),
                                                      avslutade=("slutdatum", "count")).reset_index()
        g = jobbspar.merge(g, on=["jobbspar", "kommun_kod"], how="left")
        per_spar = g.groupby(["kluster", "jobbspar"], as_index=False)[["deltagare", "avslutade"]].sum()
        return [go.Figure(go.Bar(y=per_spar.jobbspar, x=per_spar.deltagare, orientation="h"))]

    def flode(v):
        d, fran, till = urval(v)
        d = d[(d.insats == "Jobbspår") & (d.startdatum >= fran) & (d.startdatum <= till)]
        steg1 = d.groupby(d.avslutsorsak.fillna("Pågår")).size()
        steg2 = d[d.slutdatum.notna()].groupby([d.avslutsorsak.fillna("Okänd"), d.status_90.fillna("Ej uppföljd")]).size()
        return [go.Figure(go.Sankey(node=dict(label=list(steg1.index)), link=dict(source=[0] * len(steg2),
                                                                                  target=[0] * len(steg2),
                                                                                  value=list(steg2.values))))]

    def projekt(v):
        d, _, _ = urval(v)
        d = d[d.projekt.notna()]
        g = d.groupby("projekt").agg(deltagare=("deltagare_id", "count"), avslutade=("slutdatum", "count"))
        return [go.Figure(go.Bar(x=g.index, y=g.deltagare))]

    def resultat_tratt(v):
        # Samma indirekta standardisering som resultat_forvantat.sql, på raderna i minnet.
        d, fran, till = urval(v)
        d = d[(d.slutdatum >= fran) & (d.slutdatum <= till) & d.status_90.notna()].copy()
        d["lyckad"] = d.status_90.isin(["I arbete", "I studier"])
        d["alder"] = pd.cut(d.slutdatum.dt.year - d.fodelsear, [0, 24, 34, 49, 200]).astype(str)
        skikt = ["malgrupp", "kon", "ekonomiskt_bistand", "insats", "alder"]
        per = d.groupby(["kommun_kod", *skikt], dropna=False).lyckad.agg(["count", "sum"]).reset_index()
        tot = per.groupby(skikt, dropna=False)[["count", "sum"]].transform("sum")
        ovriga = (tot["count"] - per["count"]).where(lambda n: n > 0)
        per["andel"] = ((tot["sum"] - per["sum"]) / ovriga).fillna(per["sum"] / per["count"])
        per["e"] = per["andel"] * per["count"]
        k = per.groupby("kommun_kod")[["count", "sum", "e"]].sum()
        return [go.Figure(go.Scatter(x=k["count"], y=(k["sum"] - k["e"]) / k["count"] * 100, mode="markers"))]

    funktioner = {"oversikt": oversikt, "jobbspar_kluster": kluster, "jobbspar_flode": flode, "projekt": projekt,
                  "resultat_tratt": resultat_tratt}
    resultat: dict = {"laddning_s": round(laddning, 2), "rader": len(deltagare)}
    for namn, f in funktioner.items():
        f(byten[0])
        tider = []
        for v in byten:
            start = time.perf_counter()
            for fig in f(v)[:1]:
                to_json_plotly(fig)  # som Dash serialiserar svaret
            tider.append((time.perf_counter() - start) * 1000)
        resultat[namn] = {"p50_ms": _pct(tider, 50), "p95_ms": _pct(tider, 95), "anrop": len(tider)}
    return resultat
