"""Svenska format: 1 234 567 kr, 12,5 %, 2025-03-01, och frågelagrets prickar ("<5", "..") för dolda värden."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from queries.skydd import PRICK, prick

NBSP = "\u00a0"
MANADER = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# Färger som går att skilja åt även vid färgblindhet (Okabe–Ito) och klarar 3:1 mot vitt.
FARGER = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000")


# Tecken som får ett kalkylprogram att läsa en textcell som formel (OWASP: CSV injection).
FORMELTECKEN = ("=", "+", "-", "@", "\t", "\r")


def inert(v):
    """En cell som kalkylprogram visar som text: text som börjar som en formel får en apostrof först.

    Tal lämnas som tal (ett negativt belopp förblir ett tal); bara text ändras."""
    if isinstance(v, str) and v.startswith(FORMELTECKEN):
        return "'" + v
    return v


def diagramtext(x):
    """Text ur importfiler som Plotly visar: Plotly tolkar en del HTML (<a>, <b>, <br>) i etiketter och
    hovertext, så <, > och & skrivs som entiteter och visas som de står."""
    import html

    if isinstance(x, pd.Series):
        # En lista, inte en Series: Plotly tar listor flera gånger snabbare (Series går genom narwhals).
        return [html.escape(v, quote=False) if isinstance(v, str) else v for v in x.tolist()]
    return html.escape(x, quote=False) if isinstance(x, str) else x


def naturlig_ordning(text: str) -> list:
    """Sorteringsnyckel där "Kluster 2" kommer före "Kluster 10": talen i texten jämförs som tal
    (re.split med en grupp ger text och tal växelvis, så samma plats har alltid samma typ)."""
    import re

    return [int(d) if i % 2 else d for i, d in enumerate(re.split(r"(\d+)", text))]


def _saknas(x) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))  # NaN, NaT och pd.NA
    except (TypeError, ValueError):
        return False


def text(x) -> str:
    """Fri text ur en importfil som tabellcell: saknas den visas ett tankstreck."""
    return "–" if _saknas(x) or x == "" else str(x)


def tal(x, decimaler: int = 0) -> str:
    if _saknas(x):
        return "–"
    text = f"{x:,.{decimaler}f}".replace(",", " ").replace(".", ",").replace(" ", NBSP)
    return text.replace("-", "−", 1) if text.startswith("-") else text


def kr(x) -> str:
    return "–" if _saknas(x) else f"{tal(x)}{NBSP}kr"


def procent(andel, decimaler: int = 1) -> str:
    """0.125 -> '12,5 %'."""
    return "–" if _saknas(andel) else f"{tal(andel * 100, decimaler)}{NBSP}%"


def forandring(andel) -> str:
    """En förändring i hela procent: −28 %, +9 % (plustecknet säger att det är en ökning)."""
    text = procent(andel, 0)
    return "+" + text if not _saknas(andel) and round(float(andel) * 100) > 0 else text


def procentenheter(x) -> str:
    return "–" if _saknas(x) else f"{'+' if x > 0 else ''}{tal(x * 100, 1)}{NBSP}procentenheter"


def antal(n, prick: str | None = None) -> str:
    """Antal personer. Dolda antal (prickade i frågelagret) visas med sin prick: "<5" eller ".."."""
    if prick:
        return prick
    return "–" if _saknas(n) else tal(n)


def cell(rad, kolumn: str, format_=None) -> str:
    """Ett värde ur en rad (dict eller pandas-rad), med frågelagrets prick om värdet är dolt."""
    return prick(rad, kolumn) or (format_ or antal)(rad.get(kolumn))


def celler(df, kolumn: str, format_=None) -> list:
    """En kolumn formaterad med format_ (text för sidan, värden för uttaget), med prickarna för dolda
    värden. Kolumnvis: att göra om hela tabellen till radlexikon per anrop var en märkbar del av en
    callback (profilerat)."""
    format_ = format_ or antal
    varden = df[kolumn].tolist() if kolumn in df else [None] * len(df)
    prickar = df[kolumn + PRICK].tolist() if kolumn + PRICK in df else [None] * len(df)
    return [p if isinstance(p, str) and p else format_(v) for v, p in zip(varden, prickar, strict=True)]


def datum(d) -> str:
    if _saknas(d):
        return "–"
    if isinstance(d, dt.datetime):
        return d.strftime("%Y-%m-%d" if d.time() == dt.time() else "%Y-%m-%d %H:%M")
    return d.isoformat() if isinstance(d, dt.date) else str(d)[:10]


def manad(ar: int, man: int) -> str:
    return f"{MANADER[man - 1]} {ar}"


def _mall() -> go.layout.Template:
    mall = go.layout.Template()
    mall.layout = go.Layout(
        separators=", ",  # decimalkomma, mellanslag som tusentalsavgränsare
        font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=15, color="#1a1a1a"),
        colorway=list(FARGER),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=20, t=50, b=50),
        # "12 000 000", inte "12M": SI-prefix läses inte som kronor av svenska användare.
        xaxis=dict(gridcolor="#dddddd", linecolor="#595959", tickcolor="#595959", exponentformat="none",
                   separatethousands=True),
        yaxis=dict(gridcolor="#dddddd", linecolor="#595959", tickcolor="#595959", exponentformat="none",
                   separatethousands=True),
        legend=dict(orientation="h", y=-0.18),
        hoverlabel=dict(font_size=15),
    )
    return mall


# Det ur plotly_white som tvådimensionella diagram använder (staplar, linjer, Sankey): mallen följer med
# varje figur till webbläsaren, och hela plotly_white (3D, polär, geo, alla spårtyper) var 7 av 8 kB.
_MALLENS_LAYOUT = {"annotationdefaults", "autotypenumbers", "coloraxis", "colorscale", "colorway", "font", "hoverlabel",
                   "hovermode", "legend", "margin", "paper_bgcolor", "plot_bgcolor", "separators", "shapedefaults",
                   "title", "xaxis", "yaxis"}
_MALLENS_SPAR = {"bar", "scatter"}


def _smal_mall() -> go.layout.Template:
    # Sammanslaget en gång: "plotly_white+samverkan" slogs annars ihop vid varje ny figur (profilerat ~20 ms).
    hel = pio.templates.merge_templates(pio.templates["plotly_white"], pio.templates["samverkan"]).to_plotly_json()
    return go.layout.Template(layout={k: v for k, v in hel["layout"].items() if k in _MALLENS_LAYOUT},
                              data={k: v for k, v in hel["data"].items() if k in _MALLENS_SPAR})


pio.templates["samverkan"] = _mall()
pio.templates["samverkan_hel"] = _smal_mall()
pio.templates.default = "samverkan_hel"
