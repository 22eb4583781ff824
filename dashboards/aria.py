"""Tillgänglighetens attribut på Dash-komponenter (WCAG 2.1 AA)."""
from __future__ import annotations

from typing import Any


def aria(**egenskaper: str) -> dict[str, Any]:
    """ARIA-attribut till en Dash-komponent: aria(labelledby="x") -> {"aria-labelledby": "x"}.
    (Bindestreck går inte i nyckelordsargument, och Dash-komponenternas typer känner inte aria-*.)"""
    return {f"aria-{namn}": varde for namn, varde in egenskaper.items()}


def rullbar(etikett: str) -> dict[str, Any]:
    """En rullbar yta ska gå att nå med tangentbordet och ha ett namn (WCAG 2.1.1)."""
    return {"className": "tabellram", "tabIndex": "0", "role": "region", "aria-label": etikett}
