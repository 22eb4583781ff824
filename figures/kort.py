"""Ett diagramkort som data: figur, en mening som sammanfattar den, och tabellen med samma siffror.

Byggarna i figures/ (extratjanster.py, oversikt.py, …) är rena funktioner från ett frågesvar
(DataFrame) till ett Kort. Sidan, projektorläget och mötespaketet anropar samma byggare, så att
samma kort alltid har samma text, och ingen Dash finns här.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from figures import format as fmt


@dataclass(frozen=True)
class Kolumn:
    namn: str
    rubrik: str
    format: Callable[[Any], str] = str


@dataclass(frozen=True)
class Tabell:
    """Tabellvyn: raderna, kolumnerna och bildtexten; dolda värden visas som sin prick."""

    df: pd.DataFrame
    kolumner: list[Kolumn]
    bildtext: str

    def textrader(self) -> list[list[str]]:
        """Raderna som text, kolumnvis formaterade (fmt.celler), dolda värden som sin prick."""
        kolumner = [fmt.celler(self.df, k.namn, k.format) for k in self.kolumner]
        return [list(rad) for rad in zip(*kolumner, strict=True)] if kolumner else [[] for _ in range(len(self.df))]


@dataclass(frozen=True)
class Kort:
    rubrik: str
    figur: dict  # Plotlys figurform som data (figures/figur.py)
    sammanfattning: str
    tabell: Tabell
    filnamn: str
    # Diagrammet för mötespaketet (PowerPoint och PDF ritar själva): kategorier och serier.
    kategorier: list[str] = field(default_factory=list)
    serier: dict[str, list[float | None]] = field(default_factory=dict)


def tal_eller_tomt(v) -> float | None:
    """Diagramvärde för mötespaketet; ett dolt värde blir en tom punkt, inte noll."""
    return None if v is None or v != v else float(v)
