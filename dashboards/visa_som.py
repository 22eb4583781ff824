"""Sidvalet "Visa som" (kronor, per invånare, per person i målgruppen, andel) och dess nämnare."""
from __future__ import annotations

import datetime as dt

import pandas as pd

import queries
from dashboards import urlfilter
from dashboards.appen import installningar


def med_namnare(df: pd.DataFrame, fran: dt.date, till: dt.date, regionrader: pd.Series) -> pd.DataFrame:
    """"Visa som": df med invånare 16–64 och personer i AF:s målgrupp per kommun (queries/sql/namnare.sql),
    summerade på regionraderna (figures.visning.med_namnare)."""
    from figures import visning

    namnare = queries.run("namnare", malgrupp_kod=installningar().malgrupp_afkod, fran=fran, till=till)
    return visning.med_namnare(df, namnare, regionrader)


def visa_som(search: str | None) -> str:
    """"Visa som" ur adressen (figures.visning): kr, per_invanare, per_malgrupp eller andel."""
    return urlfilter.sidval(search, "visa")
