"""Varför avviker en kommun? Reglerna som förklarar en lokal avvikelse med AF:s och Koladas offentliga statistik.

AME-chefernas fråga: "AF har aviserat minskad budget för extratjänster – finns det lokala avvikelser,
och i så fall varför?" Avvikelsen är a − a_region, där a är tilldelningens förändring mot samma
månader året innan. Två förklaringar prövas, med definitionerna ur ärendet:

* **Målgruppen**: målgruppens förändring minus regionens, t − t_region. Räknas när den har samma
  tecken som avvikelsen och minst halva dess storlek.
* **Utnyttjandet förra året**: kommunens utfall / tilldelning förra året mot regionens. Räknas vid
  en nedskärning (avvikelsen under noll) när kommunen låg minst 10 procentenheter under regionen.

Räknas ingen av dem står det **Ingen förklaring i data**. Saknas AF:s uppgifter för en månad står
det "uppgift saknas"; det behandlas aldrig som noll.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from figures import format as fmt
from figures.figur import figur, spar, uppdatera
from figures.kort import Kolumn, Kort, Tabell
from queries.skydd import prickfotnot

MALGRUPPEN = "Målgruppen"
UTNYTTJANDET = "Utnyttjandet förra året"
INGEN = "Ingen förklaring i data"
UTNYTTJANDE_GRANS = 0.10


@dataclass(frozen=True)
class Forklaring:
    kommun_kod: str
    kommun_namn: str
    etiketter: tuple[str, ...]
    # Raden som text i delar: (text, fet). Sidan gör de feta delarna till <strong>; text är allt i följd.
    delar: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.delar)


def _tal(v) -> float | None:
    if v is None:
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _pct(v) -> str:
    """En förändring: −28 %, +9 % (figures.format.forandring); ett värde som inte är ett tal ger ett tankstreck."""
    return fmt.forandring(_tal(v))


def forklara(rad: Mapping, region: str = "GR", malgruppsnamn: str = "inskrivna utan arbete >12 mån") -> Forklaring:
    """En kommuns rad ur budget_varfor.sql som en mening med etiketter."""
    namn = str(rad["kommun_namn"])
    a, a_region = _tal(rad.get("forandring")), _tal(rad.get("gr_forandring"))
    if a is None or a_region is None:
        return Forklaring(rad["kommun_kod"], namn, (INGEN,), (
            (f"{namn}: inget föregående år att jämföra med. ", False), (INGEN, True), (".", False)))
    avvikelse = a - a_region
    delar: list[tuple[str, bool]] = [(f"{namn}: {_pct(a)} ({region} {_pct(a_region)}).", False)]
    etiketter: list[str] = []

    t, t_region = _tal(rad.get("malgrupp_forandring")), _tal(rad.get("gr_malgrupp_forandring"))
    if t is None or t_region is None:
        forklarar_malgrupp = False
        malgruppstext = f" {MALGRUPPEN}: uppgift saknas för {malgruppsnamn}."
    else:
        skillnad = t - t_region
        forklarar_malgrupp = (avvikelse != 0 and math.copysign(1, skillnad) == math.copysign(1, avvikelse)
                              and abs(skillnad) >= abs(avvikelse) / 2)
        malgruppstext = f": {malgruppsnamn} {_pct(t)} ({region} {_pct(t_region)})."
    if forklarar_malgrupp:
        etiketter.append(MALGRUPPEN)
        delar += [(" ", False), (MALGRUPPEN, True), (malgruppstext, False)]

    u, u_region = _tal(rad.get("utnyttjande_fg")), _tal(rad.get("gr_utnyttjande_fg"))
    if avvikelse < 0 and u is not None and u_region is not None and u - u_region <= -UTNYTTJANDE_GRANS + 1e-12:
        etiketter.append(UTNYTTJANDET)
        delar += [(" ", False), (UTNYTTJANDET, True),
                  (f": {fmt.procent(u, 0)} av tilldelningen användes ({region} {fmt.procent(u_region, 0)}).",
                   False)]

    if not etiketter:
        etiketter.append(INGEN)
        delar += [(" ", False), (INGEN, True), (".", False)]
        if t is None or t_region is None:
            delar.append((malgruppstext, False))
    return Forklaring(rad["kommun_kod"], namn, tuple(etiketter), tuple(delar))


def flaggade(df: pd.DataFrame, avvikelsegrans: float) -> pd.DataFrame:
    """Samma flaggor och gräns som diagrammet över lokala avvikelser."""
    return df[df.avvikelse.abs() > avvikelsegrans]


def kort(df: pd.DataFrame, avvikelsegrans: float, region: str = "GR",
         malgruppsnamn: str = "inskrivna utan arbete >12 mån", samrad: dict[str, str] | None = None,
         uppfoljningar: dict[str, str] | None = None) -> tuple[Kort, list[Forklaring]]:
    """df: budget_varfor.sql. Ett diagram (tilldelningens förändring mot målgruppens), tabellen och raderna.
    samrad: kommunkod -> samrådets senaste förklaring; visas på raden men räknas inte som förklaring i data.
    uppfoljningar: kommunkod -> samrådets öppna uppföljningar, på raden och i tabellen."""
    samrad = samrad or {}
    uppfoljningar = uppfoljningar or {}
    valda = flaggade(df, avvikelsegrans)
    forklaringar = []
    for r in valda.to_dict("records"):
        f = forklara(r, region, malgruppsnamn)
        if r["kommun_kod"] in samrad:
            f = Forklaring(f.kommun_kod, f.kommun_namn, f.etiketter,
                           (*f.delar, (" Samrådet: ", False), (samrad[r["kommun_kod"]], False)))
        if r["kommun_kod"] in uppfoljningar:
            f = Forklaring(f.kommun_kod, f.kommun_namn, f.etiketter,
                           (*f.delar, (" ", False), ("Öppen uppföljning:", True),
                            (" " + uppfoljningar[r["kommun_kod"]], False)))
        forklaringar.append(f)
    per_kod = {f.kommun_kod: f for f in forklaringar}
    df = df.assign(forklaring=[", ".join(per_kod[k].etiketter) if k in per_kod else "" for k in df.kommun_kod],
                   uppfoljning=[uppfoljningar.get(k, "") for k in df.kommun_kod])
    fig = figur()
    for flaggad, farg, symbol in ((False, "#999999", "circle"), (True, "#D55E00", "diamond")):
        del_ = df[df.kommun_kod.isin(per_kod) == flaggad]
        fig["data"].append(spar("scatter",
            x=del_.malgrupp_forandring * 100, y=del_.forandring * 100, mode="markers+text" if flaggad else "markers",
            text=del_.kommun_namn if flaggad else None, textposition="top center", customdata=del_.kommun_kod,
            marker=dict(size=14 if flaggad else 11, color=farg, symbol=symbol, line=dict(color="#000000", width=1)),
            name="Avviker" if flaggad else "Övriga kommuner",
            hovertemplate="%{customdata}<br>målgruppen %{x:.0f} %<br>tilldelningen %{y:.0f} %<extra></extra>"))
    rad0 = df.iloc[0] if len(df) else None
    if rad0 is not None and _tal(rad0.gr_forandring) is not None:
        fig["data"].append(spar("scatter",
            x=[(_tal(rad0.gr_malgrupp_forandring) or 0) * 100 if _tal(rad0.gr_malgrupp_forandring) is not None
               else None], y=[rad0.gr_forandring * 100], mode="markers+text", text=[region],
            textposition="bottom center", name=region, marker=dict(size=18, symbol="x", color="#000000")))
    uppdatera(fig, height=460, xaxis_title=f"målgruppens förändring, procent ({malgruppsnamn})",
                      yaxis_title="tilldelningens förändring, procent", hovermode="closest")
    if forklaringar:
        antal = {e: sum(e in f.etiketter for f in forklaringar) for e in (MALGRUPPEN, UTNYTTJANDET, INGEN)}
        text = (f"{len(forklaringar)} kommuner avviker mer än {fmt.tal(avvikelsegrans * 100)} procentenheter "
                f"från {region}. "
                f"Förklaring i data: målgruppen för {antal[MALGRUPPEN]}, utnyttjandet förra året för "
                f"{antal[UTNYTTJANDET]}, ingen för {antal[INGEN]}. ")
    else:
        text = f"Ingen kommun avviker mer än {fmt.tal(avvikelsegrans * 100)} procentenheter från {region}. "
    text += prickfotnot(df)
    tabell = Tabell(df, [
        Kolumn("kommun_namn", "Kommun"),
        Kolumn("forandring", "Tilldelningen", _pct), Kolumn("gr_forandring", region, _pct),
        Kolumn("malgrupp_forandring", "Målgruppen", lambda v: _pct(v) if _tal(v) is not None else "uppgift saknas"),
        Kolumn("gr_malgrupp_forandring", f"{region} målgrupp", _pct),
        Kolumn("utnyttjande_fg", "Utnyttjat förra året", lambda v: fmt.procent(v, 0)),
        Kolumn("gr_utnyttjande_fg", f"{region} förra året", lambda v: fmt.procent(v, 0)),
        Kolumn("tilldelning_per_person", "Tilldelning per person i målgruppen", fmt.kr),
        Kolumn("gr_tilldelning_per_person", f"{region} per person", fmt.kr),
        Kolumn("af_extratjanst", "I extratjänst enligt AF (snitt/mån)", lambda v: fmt.tal(v)),
        Kolumn("besatta_platser", "Besatta platser enligt budgetfilen", fmt.antal),
        Kolumn("forklaring", "Förklaring"), Kolumn("kommentar", "Kommentar i budgetfilen", fmt.text),
        Kolumn("uppfoljning", "Samrådets öppna uppföljningar", fmt.text),
    ], "Lokala avvikelser och vad AF:s statistik säger")
    return Kort("Lokala avvikelser – varför?", fig, text.strip(), tabell, "lokala_avvikelser_varfor",
                list(df.kommun_namn), {"Tilldelningens förändring, %": [
                    None if _tal(v) is None else float(v) * 100 for v in df.forandring]}), forklaringar
