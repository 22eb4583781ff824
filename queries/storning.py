"""Cell-key-störning (cell key perturbation) av antal personer, som SCB:s motsvarigheter ABS, ONS och Destatis gör.

Varför: att dölja 1–4 i varje svar för sig räcker inte när filtren är fria. Den som
frågar efter Alla och sedan Man kan räkna ut Kvinna genom subtraktion. Med störning
får varje publicerat antal ett litet brus som bestäms av *vilka* personer som ingår:

    cellnyckel = (summan av deltagarnas postnycklar) mod 256     (räknas i SQL, kolumnen <antal>__ckey)
    publicerat = sant antal + p-tabellen[pcv, cellnyckel]

Samma personer ger alltid samma brus, så att fråga igen avslöjar inget, och en skillnad
mellan två publicerade antal är brusig. Postnyckeln (0–255) sätts vid inläsningen ur den
hemliga pseudonymnyckeln (ingest/sql/makron.sql, postnyckel), så brus kan inte räknas bort.

P-tabellen har ONS-paketets format (cell-key-perturbation: kolumnerna pcv, ckey, pvalue,
pcv 1–750, antal över 750 använder raderna 501–750). ONS-paketets egen tabell avrundar till
femtal med gränsen 10; monitorns regel är "<5", så vi använder en egen tabell:

* brus −2…+2 med sannolikheterna 6,25 %, 18,75 %, 50 %, 18,75 %, 6,25 % (väntevärde 0, varians 0,875):
  litet nog för att en rad i styrgruppens tabell och samma rad hos chefen ska se lika ut;
* ett positivt antal blir aldrig 0 eller negativt (brus ≥ 1 − antal), och 0 förblir 0;
* vilken cellnyckel som ger vilket brus roteras med antalet, så att två celler med samma
  nyckel men olika antal inte får samma brus.

Efter störningen döljs publicerade antal under 5 (queries/skydd.py), och andelar räknas
om från de störda antalen, så att en andel inte kan användas för att räkna bort bruset.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

NYCKLAR = 256
MAX_PCV = 750
# (brus, antal cellnycklar av 256 som ger det)
FORDELNING = ((-2, 16), (-1, 48), (0, 128), (1, 48), (2, 16))
ROTATION = 67  # udda, så att rotationen går igenom alla 256 nycklar
SKYDDSTEXT = "Antalen är något slumpjusterade för att skydda enskilda, och antal under {troskel} visas inte."
SKYDDSTEXT_KORT = "Antalen är slumpjusterade; antal under {troskel} visas inte."


def _brus_per_nyckel() -> np.ndarray:
    return np.concatenate([np.full(antal, brus, dtype=np.int64) for brus, antal in FORDELNING])


@cache
def ptabell() -> pd.DataFrame:
    """P-tabellen i ONS-format (pcv, ckey, pvalue), en rad per pcv 1–750 och cellnyckel 0–255."""
    brus = _brus_per_nyckel()
    pcv = np.repeat(np.arange(1, MAX_PCV + 1), NYCKLAR)
    ckey = np.tile(np.arange(NYCKLAR), MAX_PCV)
    pvalue = brus[(ckey + ROTATION * pcv) % NYCKLAR]
    pvalue = np.maximum(pvalue, 1 - pcv)  # ett positivt antal blir aldrig 0
    return pd.DataFrame({"pcv": pcv, "ckey": ckey, "pvalue": pvalue})


@cache
def _uppslag() -> np.ndarray:
    """P-tabellen som matris [pcv, ckey] för vektoriserat uppslag; rad 0 (antal 0) är noll."""
    tabell = ptabell()
    matris = np.zeros((MAX_PCV + 1, NYCKLAR), dtype=np.int64)
    matris[tabell["pcv"].to_numpy(), tabell["ckey"].to_numpy()] = tabell["pvalue"].to_numpy()
    return matris


def pcv(antal: np.ndarray) -> np.ndarray:
    """ONS regel: antal över 750 använder p-tabellens rader 501–750."""
    return np.where(antal <= MAX_PCV, antal, (antal - 1) % 250 + 501)


def storda(varden: np.ndarray, nycklar: np.ndarray) -> np.ndarray:
    """Publicerade antal: sant antal (avrundat till heltal) plus brus ur p-tabellen, för antalen och deras
    cellnycklar som numpy-vektorer (float64). NaN förblir NaN."""
    saknas = np.isnan(varden)
    heltal = np.rint(np.nan_to_num(varden, nan=0.0)).astype(np.int64).clip(min=0)
    nyckel = np.nan_to_num(nycklar, nan=0.0).astype(np.int64) % NYCKLAR
    ut = (heltal + _uppslag()[pcv(heltal), nyckel]).astype("float64")
    ut[saknas] = np.nan
    return ut


def skyddstext(troskel: int, kort: bool = False) -> str:
    """Det som sägs en gång där störda och dolda antal visas (kort: projektorns datarad)."""
    return (SKYDDSTEXT_KORT if kort else SKYDDSTEXT).format(troskel=troskel)
