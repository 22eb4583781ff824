"""Figurer som data: Plotlys figurform ({"data": [...], "layout": {...}}) utan graph_objects i anropets väg.

Att bygga go.Figure prövar varje egenskap mot Plotlys schema, och det var en stor del av ett korts tid (profilerat:
Plotlys validering och Dash svar, inte DuckDB). Byggarna i figures/ använder i stället de här funktionerna, med
samma skrivsätt som graph_objects (marker_color=…, yaxis_title=…); dcc.Graph tar formen som den är. Att formen
är giltig prövas i testerna (tests/test_figurer.py: go.Figure(figur) för varje kort), inte i varje anrop.
"""
from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.io as pio

from figures import format as _format  # noqa: F401  (registrerar mallen samverkan_hel)

# Mallen som go.Figure skulle ha lagt i layout.template (figures/format.py), som data en gång.
MALL: dict = pio.templates["samverkan_hel"].to_plotly_json()

Figur = dict[str, Any]


def figur(spar: dict | list[dict] | None = None, layout: dict | None = None, **layout_egenskaper) -> Figur:
    """Som go.Figure(spar, layout): ett spår, en lista spår eller inga, och layouten (med magiska understreck)."""
    data = [] if spar is None else [spar] if isinstance(spar, dict) else list(spar)
    fig: Figur = {"data": data, "layout": {"template": MALL}}
    uppdatera(fig, **(layout or {}), **layout_egenskaper)
    return fig


def spar(typ: str, **egenskaper) -> dict:
    """Ett spår: spar("bar", x=…, y=…, marker_color="#0072B2") som go.Bar(x=…, y=…, marker_color=…)."""
    return {"type": typ, **_nastlat(egenskaper)}


def uppdatera(fig: Figur, **layout) -> Figur:
    """Som fig.update_layout: ordlistor slås ihop, annat ersätts."""
    _sla_ihop(fig["layout"], _nastlat(layout))
    return fig


def anteckning(fig: Figur, **egenskaper) -> Figur:
    """Som fig.add_annotation."""
    fig["layout"].setdefault("annotations", []).append(_nastlat(egenskaper))
    return fig


def form(fig: Figur, **egenskaper) -> Figur:
    """Som fig.add_shape."""
    fig["layout"].setdefault("shapes", []).append(_nastlat(egenskaper))
    return fig


def referenslinje(fig: Figur, text: str, *, x: float | None = None, y: float | None = None) -> Figur:
    """Streckad svart referenslinje (regionens snitt, 100 %) med text, lodrät vid x eller vågrät vid y: samma figur
    som Plotlys add_vline/add_hline ger."""
    linje = {"color": "#000000", "dash": "dash"}
    if x is not None:
        form(fig, type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=linje)
        return anteckning(fig, text=text, showarrow=False, x=x, xref="x", xanchor="center", y=1, yref="y domain",
                          yanchor="bottom")
    form(fig, type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=linje)
    return anteckning(fig, text=text, showarrow=False, x=1, xref="x domain", xanchor="right", y=y, yref="y",
                      yanchor="bottom")


def utan_axlar(fig: Figur) -> Figur:
    """Ett tomt diagram med bara sin text: axlarna döljs (som update_xaxes/update_yaxes(visible=False))."""
    return uppdatera(fig, xaxis_visible=False, yaxis_visible=False)


def uppdatera_spar(fig: Figur, valj: dict | None = None, **egenskaper) -> Figur:
    """Som fig.update_traces(…, selector=valj): spåren vars egenskaper är som i valj (alla utan valj)."""
    for sparet in fig["data"]:
        if all(sparet.get(k) == v for k, v in (valj or {}).items()):
            _sla_ihop(sparet, _nastlat(egenskaper))
    return fig


def kopia(fig: Figur) -> Figur:
    """En egen kopia att ändra (projektorns färger), utan att kortets figur ändras."""
    layout = copy.deepcopy({k: v for k, v in fig["layout"].items() if k != "template"})
    if "template" in fig["layout"]:
        layout["template"] = fig["layout"]["template"]  # mallen delas av alla figurer och ändras aldrig
    return {"data": copy.deepcopy(fig["data"]), "layout": layout}


def _nastlat(egenskaper: dict) -> dict:
    """marker_line_color=x -> {"marker": {"line": {"color": x}}}; värdena som JSON-vänliga listor; en rubrik
    som text blir {"text": …} (Plotly.js 3 läser inte rubriker som ren text)."""
    ut: dict = {}
    for namn, varde in egenskaper.items():
        *vag, sista = _delar(namn)
        mal = ut
        for steg in vag:
            mal = mal.setdefault(steg, {})
        _satt(mal, sista, _varde(sista, varde))
    return ut


# Plotlys egenskaper vars namn själva har understreck: de delas inte. Hela listan ur Plotlys schema
# (tests/test_figurer.py prövar att den är fullständig).
_HELA_NAMN = ("copy_ystyle", "copy_zstyle", "error_x", "error_y", "error_z", "paper_bgcolor", "plot_bgcolor")


def _delar(namn: str) -> list[str]:
    for hela in _HELA_NAMN:
        if namn == hela or namn.startswith(hela + "_"):
            return [hela, *[d for d in namn[len(hela) + 1:].split("_") if d]]
    return namn.split("_")


def _satt(mal: dict, namn: str, varde) -> None:
    if isinstance(varde, dict) and isinstance(mal.get(namn), dict):
        _sla_ihop(mal[namn], varde)
    else:
        mal[namn] = varde


def _sla_ihop(mal: dict, kalla: dict) -> None:
    for namn, varde in kalla.items():
        _satt(mal, namn, varde)


def _varde(namn: str, varde):
    if isinstance(varde, dict):
        return _nastlat(varde)
    if namn == "title" and isinstance(varde, str):
        return {"text": varde}
    if isinstance(varde, pd.Series | pd.Index | np.ndarray):
        return [_skalar(v) for v in varde.tolist()]
    if isinstance(varde, list | tuple):
        return [_skalar(v) for v in varde]
    return _skalar(varde)


def _skalar(v):
    """Ett värde i en lista som JSON kan bära: saknade värden (NaN, NA, NaT) som None, numpy-tal som Python-tal."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        return _skalar(v.item())
    return v
