"""Resultat mot förväntat: observerad andel i arbete eller studier 90 dagar efter, mot den andel som väntas för
kommunens egna deltagare, med en trattgraf (Spiegelhalter, Funnel plots for comparing institutional performance,
Stat Med 2005).

Etiketten sägs bara när minst 20 följts upp. Gränserna är binomialfördelningens 95- och 99,8-procentsgränser
kring den förväntade andelen för just så många uppföljda (scipy.stats.binom), och intervallet kring skillnaden
är Wilsons 95-procentsintervall för den observerade andelen (scipy.stats.binomtest) minus den förväntade.
Allt räknas ur de antal som visas: för chef och projektor är de störda, så att etiketten inte röjer mer än talen.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from figures import format as fmt
from figures.kort import Kolumn, Kort, Tabell
from queries.skydd import prickfotnot

MINST = 20
BATTRE, SAMRE, SOM, FA = "Bättre än förväntat", "Sämre än förväntat", "Som förväntat", "För få avslut"
FARG = {BATTRE: "#009E73", SAMRE: "#D55E00", SOM: "#0072B2", FA: "#999999"}


def etikett(i_arbete: float, uppfoljda: float, forvantad: float) -> str:
    """Exakt en av de fyra etiketterna; NaN (dolt eller okänt) ger För få avslut."""
    if not (uppfoljda >= MINST) or np.isnan(i_arbete) or np.isnan(forvantad):
        return FA
    n = round(uppfoljda)
    lag, hog = stats.binom.ppf([0.025, 0.975], n, forvantad)
    if i_arbete > hog:
        return BATTRE
    if i_arbete < lag:
        return SAMRE
    return SOM


def bedom(df: pd.DataFrame) -> pd.DataFrame:
    """df: resultat_forvantat.sql. Lägger till etikett, skillnad (procentenheter) och dess 95-procentsintervall."""
    etiketter: list[str] = []
    skillnad: list[float] = []
    lag: list[float] = []
    hog: list[float] = []
    for o, n, e in zip(df.i_arbete_studier.astype(float), df.uppfoljda.astype(float), df.forvantad.astype(float),
                       strict=True):
        text = etikett(o, n, e)
        etiketter.append(text)
        if text == FA:
            for lista in (skillnad, lag, hog):
                lista.append(np.nan)
            continue
        ci = stats.binomtest(round(o), round(n)).proportion_ci(0.95, method="wilson")
        skillnad.append((o / n - e) * 100)
        lag.append((ci.low - e) * 100)
        hog.append((ci.high - e) * 100)
    return df.assign(etikett=etiketter, skillnad=skillnad, skillnad_lag=lag, skillnad_hog=hog)


def mening(rad: pd.Series) -> str:
    """"I arbete eller studier 90 dagar efter: 36 % – förväntat 27 % för kommunens deltagare: Bättre än förväntat"."""
    if rad["etikett"] == FA:
        return (f"I arbete eller studier 90 dagar efter: {fmt.cell(rad, 'andel', fmt.procent)} av "
                f"{fmt.cell(rad, 'uppfoljda')} uppföljda – för få avslut för en jämförelse (minst {MINST}).")
    return (f"I arbete eller studier 90 dagar efter: {fmt.procent(rad['andel'], 0)} – förväntat "
            f"{fmt.procent(rad['forvantad'], 0)} för kommunens deltagare: {rad['etikett']}")


def _granser(n: np.ndarray, p: float, niva: float) -> tuple[list[float], list[float]]:
    lag = stats.binom.ppf((1 - niva) / 2, n, p) / n
    hog = stats.binom.ppf(1 - (1 - niva) / 2, n, p) / n
    return list((lag - p) * 100), list((hog - p) * 100)


def tratt(df: pd.DataFrame, valda: list[str] | None = None, region: str = "GR") -> Kort:
    """Trattgrafen: skillnad mot förväntat (procentenheter) mot antalet uppföljda, en punkt per kommun, med 95- och
    99,8-procentsgränser. Figuren som data (en dict), som kartan."""
    df = bedom(df)
    valda = valda or []
    jamforda = df[df.etikett != FA]
    spar: list[dict] = []
    if len(jamforda):
        vikt = jamforda.uppfoljda.astype(float)
        p = float((jamforda.forvantad * vikt).sum() / vikt.sum())
        n = np.arange(MINST, max(int(vikt.max() * 1.1), MINST + 10) + 1)
        for niva, streck, namn in ((0.998, "dot", "99,8 % gräns"), (0.95, "dash", "95 % gräns")):
            lag, hog = _granser(n, p, niva)
            for y, visas in ((hog, True), (lag, False)):
                spar.append(dict(type="scatter", x=list(map(int, n)), y=y, mode="lines", name=namn, showlegend=visas,
                                 line=dict(color="#555555", dash=streck, width=1.5, shape="hv"), hoverinfo="skip"))
    for text in (BATTRE, SOM, SAMRE):
        del_ = jamforda[jamforda.etikett == text]
        if del_.empty:
            continue
        # Namnen skrivs ut för kommuner utanför gränserna och för de valda; övriga syns när man pekar (annars
        # skriver tretton namn över varandra där de små kommunerna ligger tätt).
        namn = fmt.diagramtext(del_.kommun_namn)
        synliga = [n if text != SOM or k in valda else "" for n, k in zip(namn, del_.kommun_kod, strict=True)]
        spar.append(dict(
            type="scatter", x=[float(v) for v in del_.uppfoljda], y=[float(v) for v in del_.skillnad],
            mode="markers+text", name=text, text=synliga, hovertext=namn, textposition="top center",
            customdata=list(del_.kommun_kod),
            marker=dict(color=FARG[text], size=[18 if k in valda else 11 for k in del_.kommun_kod],
                        line=dict(width=[3 if k in valda else 0 for k in del_.kommun_kod], color="#1a1a1a"),
                        symbol={BATTRE: "triangle-up", SAMRE: "triangle-down", SOM: "circle"}[text]),
            hovertemplate="%{hovertext}<br>%{y:.1f} procentenheter mot förväntat<br>%{x} uppföljda<extra></extra>"))
    figur = dict(data=spar, layout=dict(
        height=480, margin=dict(l=70, r=20, t=20, b=60),
        # Logaritmisk: Göteborgs tusentals uppföljda trycker annars ihop alla andra kommuner mot vänsterkanten.
        xaxis=dict(title=dict(text="Uppföljda 90 dagar efter avslut (logaritmisk skala)"), type="log"),
        yaxis=dict(title=dict(text="Skillnad mot förväntat (procentenheter)"), zeroline=True, zerolinewidth=2),
        legend=dict(orientation="h", y=-0.2)))
    antal = {t: int((df.etikett == t).sum()) for t in (BATTRE, SOM, SAMRE, FA)}
    sammanfattning = (f"Av {len(df)} kommuner i {region}: {antal[BATTRE]} bättre än förväntat, {antal[SOM]} som "
                      f"förväntat och {antal[SAMRE]} sämre än förväntat för de deltagare de har; {antal[FA]} med "
                      f"för få avslut (under {MINST}) för en jämförelse.")
    fotnot = prickfotnot(df)
    tabell = Tabell(df, [
        Kolumn("kommun_namn", "Kommun"), Kolumn("uppfoljda", "Uppföljda", fmt.antal),
        Kolumn("andel", "I arbete eller studier", fmt.procent),
        Kolumn("forvantad", "Förväntat", lambda v: fmt.procent(v, 0)),
        Kolumn("skillnad", "Skillnad (procentenheter)", lambda v: fmt.tal(v, 1)),
        Kolumn("skillnad_lag", "95 % intervall, från", lambda v: fmt.tal(v, 1)),
        Kolumn("skillnad_hog", "95 % intervall, till", lambda v: fmt.tal(v, 1)),
        Kolumn("etikett", "Bedömning"),
    ], "Resultat mot förväntat per kommun" + (f". {fotnot}" if fotnot else ""))
    return Kort("Resultat mot förväntat", figur, sammanfattning, tabell, "resultat_mot_forvantat",
                kategorier=list(jamforda.kommun_namn), serier={"Skillnad mot förväntat": list(jamforda.skillnad)})
