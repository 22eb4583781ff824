""""Visa som": kronor, kronor per invånare 16–64, kronor per person i målgruppen eller andel av tilldelningen.

Göteborgs kronor skymmer tolv av tretton kommuner; per invånare eller per person i AF:s målgrupp går Öckerö
och Lerum att jämföra. Nämnarna kommer ur queries/sql/namnare.sql (SCB och AF, offentlig statistik).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from figures import format as fmt


@dataclass(frozen=True)
class Visning:
    id: str
    etikett: str             # valet, som det står vid knappen
    axel: str                # y-axelns titel
    namnare: str | None      # kolumnen som kronorna delas med (None: kronor som de är, eller andel)
    namnare_rubrik: str = ""
    per_text: str = ""       # "per invånare 16–64" i meningar och hovertext

    @property
    def andel(self) -> bool:
        return self.id == "andel"

    @property
    def tillagg(self) -> str:
        """Det som läggs till rubriker och bildtexter: ", kronor per invånare 16–64", tomt för kronor."""
        return "" if self.id == STANDARD else f", {self.etikett.lower()}"

    def format(self) -> Callable[[object], str]:
        return fmt.procent if self.andel else fmt.kr


VISNINGAR: dict[str, Visning] = {v.id: v for v in (
    Visning("kr", "Kronor", "kronor", None),
    Visning("per_invanare", "Kronor per invånare 16–64", "kronor per invånare 16–64 år", "befolkning_16_64",
            "Invånare 16–64", "per invånare 16–64"),
    Visning("per_malgrupp", "Kronor per person i målgruppen", "kronor per person i AF:s målgrupp", "malgrupp",
            "Personer i målgruppen (snitt/mån)", "per person i målgruppen"),
    Visning("andel", "Andel av tilldelningen", "procent av tilldelningen", None),
)}
STANDARD = "kr"


def visning(id: str | None) -> Visning:
    return VISNINGAR.get(id or STANDARD, VISNINGAR[STANDARD])


def med_namnare(df: pd.DataFrame, namnare: pd.DataFrame, regionrader: pd.Series) -> pd.DataFrame:
    """df med nämnarna (befolkning_16_64, malgrupp) per kommun; regionraderna (regionrader = True) får
    summan över alla kommuner, men bara när varje kommun har ett värde: annars vore regionens kvot för hög."""
    kolumner = ["befolkning_16_64", "malgrupp"]
    ut = df.drop(columns=[k for k in kolumner if k in df], errors="ignore").merge(
        namnare[["kommun_kod", *kolumner]], on="kommun_kod", how="left")
    ut.index = df.index
    for kolumn in kolumner:
        varden = namnare[kolumn]
        summa = float(varden.sum()) if len(varden) and varden.notna().all() else float("nan")
        ut[kolumn] = ut[kolumn].astype("float64")
        ut.loc[regionrader.to_numpy(), kolumn] = summa
    return ut


def skala(df: pd.DataFrame, kolumn: str, v: Visning, tilldelning: str | None = None) -> pd.Series:
    """Kolumnens kronor som valet visar dem: delade med nämnaren, eller som andel av tilldelningen."""
    belopp = pd.to_numeric(df[kolumn], errors="coerce").astype("float64")
    if v.andel:
        if tilldelning is None:
            raise ValueError("andel av tilldelningen kräver tilldelningens kolumn")
        namnare = pd.to_numeric(df[tilldelning], errors="coerce").astype("float64")
    elif v.namnare:
        namnare = pd.to_numeric(df[v.namnare], errors="coerce").astype("float64")
    else:
        return belopp
    return belopp / namnare.where(namnare > 0)


def saknas_text(df: pd.DataFrame, v: Visning, namn: str = "kommun_namn") -> str:
    """Kommuner utan nämnare, sagt i meningen: "Invånare 16–64 saknas för Ale och Tjörn."."""
    if not v.namnare:
        return ""
    utan = df[pd.to_numeric(df[v.namnare], errors="coerce").fillna(0) <= 0][namn].tolist()
    if not utan:
        return ""
    kalla = "SCB:s folkmängd" if v.namnare == "befolkning_16_64" else "AF:s statistik"
    lista = ", ".join(utan[:-1]) + " och " + utan[-1] if len(utan) > 1 else utan[0]
    return f" {v.namnare_rubrik.split(' (')[0]} saknas för {lista} ({kalla} inte inläst)."
