"""Nedladdningar som CSV och Excel: siffrorna som tal, text alltid som text.

Text ur importfiler (projektnamn, ägare, AF:s kommentarer, jobbspårens namn) kan börja
med =, +, -, @, tabb eller vagnretur. Ett kalkylprogram läser en sådan cell som en formel
(=HYPERLINK(...), =cmd|'/c calc'!A1): OWASP:s råd mot CSV injection är en apostrof först,
så att cellen visas som den står. Tal lämnas orörda, också negativa.
"""
from __future__ import annotations

import io

import pandas as pd

from figures.format import inert


def _inert(df: pd.DataFrame) -> pd.DataFrame:
    return df.map(inert)


def som_csv(rader: list[dict]) -> bytes:
    """Semikolon, decimalkomma och BOM: öppnas rätt i svenskt Excel."""
    return _inert(pd.DataFrame(rader)).to_csv(sep=";", index=False, decimal=",").encode("utf-8-sig")


def som_xlsx(rader: list[dict], om: list[str]) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as skrivare:
        _inert(pd.DataFrame(rader)).to_excel(skrivare, index=False, sheet_name="Data")
        _inert(pd.DataFrame({"Om uttaget": om})).to_excel(skrivare, index=False, sheet_name="Om uttaget")
    return buf.getvalue()
