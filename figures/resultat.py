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
# Vad som jämförs (resultat_forvantat.sql, $enhet): rubrik i tabellen, i plural i meningen.
ENHETER = {"kommun": ("Kommun", "kommuner"), "jobbspar": ("Jobbspår", "jobbspår"), "projekt": ("Projekt", "projekt")}
# Uppföljningens horisonter (dagar efter avslut) och hur de sägs.
HORISONTER = {90: "90 dagar", 180: "6 månader", 365: "12 månader"}


def grans(n, p, kvantil: float) -> np.ndarray:
    """Binomialgränsen för andelen vid n uppföljda och förväntad andel p, interpolerad mellan heltalen som
    Spiegelhalter (2005, bilaga A) gör, så att tratten blir jämn och etiketten följer samma linje."""
    n = np.asarray(n, dtype=float)
    r = stats.binom.ppf(kvantil, n, p)
    under, vid = stats.binom.cdf(r - 1, n, p), stats.binom.cdf(r, n, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        alfa = np.where(vid > under, (vid - kvantil) / (vid - under), 0.0)
    return (r - alfa) / n


def etiketter(i_arbete, uppfoljda, forvantad) -> np.ndarray:
    """En av de fyra etiketterna per rad (vektorer, som hela landets 290 kommuner på en gång); NaN (dolt eller
    okänt) ger För få avslut."""
    o, n, e = (np.asarray(v, dtype=float) for v in (i_arbete, uppfoljda, forvantad))
    ut = np.full(len(o), FA, dtype=object)
    jamfors = (n >= MINST) & ~np.isnan(o) & ~np.isnan(e)
    if jamfors.any():
        andel, nj, ej = o[jamfors] / n[jamfors], n[jamfors], e[jamfors]
        ut[jamfors] = np.where(andel > grans(nj, ej, 0.975), BATTRE,
                               np.where(andel < grans(nj, ej, 0.025), SAMRE, SOM))
    return ut


def wilson(lyckade, uppfoljda) -> tuple[np.ndarray, np.ndarray]:
    """Wilsons 95-procentsintervall för andelen (statsmodels proportion_confint, vektoriserat), per rad; NaN där
    antalen är dolda eller inga följts upp."""
    from statsmodels.stats.proportion import proportion_confint

    k, n = np.asarray(lyckade, dtype=float), np.asarray(uppfoljda, dtype=float)
    lag, hog = np.full(len(k), np.nan), np.full(len(k), np.nan)
    giltiga = ~np.isnan(k) & ~np.isnan(n) & (n >= 1) & (k <= n)
    if giltiga.any():
        lag[giltiga], hog[giltiga] = proportion_confint(np.round(k[giltiga]), np.round(n[giltiga]), alpha=0.05,
                                                        method="wilson")
    return lag, hog


def bedom(df: pd.DataFrame) -> pd.DataFrame:
    """df: resultat_forvantat.sql. Lägger till etikett, skillnad (procentenheter) och dess 95-procentsintervall."""
    o, n, e = (df[k].to_numpy(dtype=float, na_value=np.nan) for k in ("i_arbete_studier", "uppfoljda", "forvantad"))
    etiketter_ = etiketter(o, n, e)
    jamforbar = etiketter_ != FA
    lag, hog = wilson(np.where(jamforbar, o, np.nan), n)
    with np.errstate(divide="ignore", invalid="ignore"):
        skillnad = np.where(jamforbar, (o / n - e) * 100, np.nan)
    return df.assign(etikett=etiketter_, skillnad=skillnad, skillnad_lag=(lag - e) * 100, skillnad_hog=(hog - e) * 100)


def mening(rad: pd.Series) -> str:
    """"I arbete eller studier 90 dagar efter: 36 % – förväntat 27 % för kommunens deltagare: Bättre än förväntat"."""
    if rad["etikett"] == FA:
        return (f"I arbete eller studier 90 dagar efter: {fmt.cell(rad, 'andel', fmt.procent)} av "
                f"{fmt.cell(rad, 'uppfoljda')} uppföljda – för få avslut för en jämförelse (minst {MINST}).")
    return (f"I arbete eller studier 90 dagar efter: {fmt.procent(rad['andel'], 0)} – förväntat "
            f"{fmt.procent(rad['forvantad'], 0)} för kommunens deltagare: {rad['etikett']}")


def varaktighet(rad: pd.Series) -> str:
    """kommun_varaktighet.sql som en mening; tom när ingen har en uppföljning 12 månader efter."""
    if not rad["i_arbete_90"] > 0 and rad.get("i_arbete_90__prick") is None:
        return ""
    andel = fmt.cell(rad, "andel_kvar", lambda v: fmt.procent(v, 0))
    return (f"Av dem i arbete eller studier 90 dagar efter var {andel} det också efter 12 månader "
            f"({fmt.cell(rad, 'kvar_365')} av {fmt.cell(rad, 'i_arbete_90')})")


def _granser(n: np.ndarray, p: float, niva: float) -> tuple[list[float], list[float]]:
    lag, hog = grans(n, p, (1 - niva) / 2), grans(n, p, 1 - (1 - niva) / 2)
    return list((lag - p) * 100), list((hog - p) * 100)


def tratt(df: pd.DataFrame, valda: list[str] | None = None, region: str = "GR", horisont: int = 90,
          enhet: str = "kommun") -> Kort:
    """Trattgrafen: skillnad mot förväntat (procentenheter) mot antalet uppföljda, en punkt per enhet (kommun,
    jobbspår eller projekt), med 95- och 99,8-procentsgränser. Figuren som data (en dict), som kartan.
    horisont: dagar efter avslut (HORISONTER); valda: de enheter som markeras (filtrets kommun)."""
    df = bedom(df)
    valda = valda or []
    jamforda = df[df.etikett != FA]
    spar: list[dict] = []
    if len(jamforda):
        vikt = jamforda.uppfoljda.astype(float)
        p = float((jamforda.forvantad * vikt).sum() / vikt.sum())
        # Punkter jämnt fördelade på den logaritmiska axeln räcker för en jämn linje, också för hela landet.
        n = np.unique(np.geomspace(MINST, max(vikt.max() * 1.2, MINST + 10), 120).round())
        for niva, streck, namn in ((0.998, "dot", "99,8 % gräns"), (0.95, "dash", "95 % gräns")):
            lag, hog = _granser(n, p, niva)
            for y, visas in ((hog, True), (lag, False)):
                spar.append(dict(type="scatter", x=list(map(int, n)), y=y, mode="lines", name=namn, showlegend=visas,
                                 line=dict(color="#555555", dash=streck, width=1.5), hoverinfo="skip"))
    for text in (BATTRE, SOM, SAMRE):
        del_ = jamforda[jamforda.etikett == text]
        if del_.empty:
            continue
        # Namnen skrivs ut för kommuner utanför gränserna och för de valda; övriga syns när man pekar (annars
        # skriver tretton namn över varandra där de små kommunerna ligger tätt).
        namn = fmt.diagramtext(del_.namn)
        synliga = [n if text != SOM or k in valda else "" for n, k in zip(namn, del_.enhet, strict=True)]
        spar.append(dict(
            type="scatter", x=[float(v) for v in del_.uppfoljda], y=[float(v) for v in del_.skillnad],
            mode="markers+text", name=text, text=synliga, hovertext=namn, textposition="top center",
            customdata=list(del_.enhet),
            marker=dict(color=FARG[text], size=[18 if k in valda else 11 for k in del_.enhet],
                        line=dict(width=[3 if k in valda else 0 for k in del_.enhet], color="#1a1a1a"),
                        symbol={BATTRE: "triangle-up", SAMRE: "triangle-down", SOM: "circle"}[text]),
            hovertemplate="%{hovertext}<br>%{y:.1f} procentenheter mot förväntat<br>%{x} uppföljda<extra></extra>"))
    figur = dict(data=spar, layout=dict(
        height=480, margin=dict(l=70, r=20, t=20, b=60),
        # Logaritmisk: Göteborgs tusentals uppföljda trycker annars ihop alla andra kommuner mot vänsterkanten.
        xaxis=dict(title=dict(text="Uppföljda (logaritmisk skala)"), type="log",
                   tickvals=[20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000],
                   ticktext=[fmt.tal(v) for v in (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)]),
        yaxis=dict(title=dict(text="Skillnad mot förväntat (procentenheter)"), zeroline=True, zerolinewidth=2),
        legend=dict(orientation="h", y=-0.2)))
    antal = {t: int((df.etikett == t).sum()) for t in (BATTRE, SOM, SAMRE, FA)}
    enheter, efter = ENHETER[enhet][1], HORISONTER[horisont]
    sammanfattning = (f"I arbete eller studier {efter} efter avslut. Av {len(df)} {enheter} i {region}: "
                      f"{antal[BATTRE]} bättre än förväntat, {antal[SOM]} som förväntat och {antal[SAMRE]} sämre än "
                      f"förväntat för de deltagare de har; {antal[FA]} med för få avslut (under {MINST}) för en "
                      "jämförelse.")
    fotnot = prickfotnot(df)
    tabell = Tabell(df, [
        Kolumn("namn", ENHETER[enhet][0]), Kolumn("uppfoljda", "Uppföljda", fmt.antal),
        Kolumn("andel", "Andel i arbete eller studier", fmt.procent),
        Kolumn("forvantad", "Förväntat", lambda v: fmt.procent(v, 0)),
        Kolumn("skillnad", "Skillnad (procentenheter)", lambda v: fmt.tal(v, 1)),
        Kolumn("skillnad_lag", "95 % intervall, från", lambda v: fmt.tal(v, 1)),
        Kolumn("skillnad_hog", "95 % intervall, till", lambda v: fmt.tal(v, 1)),
        Kolumn("etikett", "Bedömning"),
    ], f"Resultat {efter} efter avslut mot förväntat per {ENHETER[enhet][0].lower()}"
       + (f". {fotnot}" if fotnot else ""))
    return Kort("Resultat mot förväntat", figur, sammanfattning, tabell, f"resultat_mot_forvantat_{enhet}_{horisont}",
                kategorier=list(jamforda.namn), serier={"Skillnad mot förväntat": list(jamforda.skillnad)})


def kedjor(df: pd.DataFrame, urval: str) -> Kort:
    """insatskedjor.sql: de vanligaste kedjorna av insatser i urvalet och andelen i arbete eller studier 90 dagar
    efter den sista, med Wilsons 95-procentsintervall, och en kedja mot en enda insats i meningen."""
    lag, hog = wilson(df.i_arbete_studier, df.uppfoljda)
    df = df.assign(intervall_lag=lag, intervall_hog=hog)
    andel = df.andel.to_numpy(dtype=float, na_value=np.nan)
    namn = fmt.diagramtext(df.kedja)
    figur = dict(data=[dict(
        type="bar", orientation="h", y=namn, x=list(andel * 100), marker=dict(color="#0072B2"),
        text=[f"{fmt.cell(r, 'personer')} personer" for _, r in df.iterrows()], textposition="inside",
        insidetextanchor="start",
        error_x=dict(type="data", symmetric=False, array=list((hog - andel) * 100),
                     arrayminus=list((andel - lag) * 100), color="#1a1a1a", thickness=1.5),
        hovertemplate="%{y}<br>%{x:.0f} % i arbete eller studier efter den sista insatsen<extra></extra>")],
        layout=dict(height=max(300, 120 + 38 * len(df)), margin=dict(l=260, r=20, t=10, b=50),
                    yaxis=dict(autorange="reversed"),
                    xaxis=dict(title=dict(text="procent i arbete eller studier 90 dagar efter den sista insatsen"),
                               range=[0, 100])))

    def summa(del_: pd.DataFrame) -> tuple[float, float, float]:
        return del_.personer.sum(), del_.uppfoljda.sum(), del_.i_arbete_studier.sum()

    if df.empty:
        text = f"Inga insatser som började under perioden i {urval}."
    else:
        forsta = df.iloc[0]
        text = f"Vanligast i {urval}: {forsta.kedja} ({fmt.cell(forsta, 'personer')} personer)."
        flera, ensam = df[df.steg > 1], df[df.steg == 1]
        if len(flera):
            personer, uppfoljda, lyckade = summa(flera)
            _, uppf_en, lyck_en = summa(ensam)
            kedjans = fmt.procent(lyckade / uppfoljda if uppfoljda else np.nan, 0)
            enda = fmt.procent(lyck_en / uppf_en if uppf_en else np.nan, 0)
            text += (f" Kedjor av två eller fler insatser: {len(flera)} bland de vanligaste, med "
                     f"{fmt.tal(personer)} personer; i arbete eller studier efter den sista {kedjans} av "
                     f"{fmt.tal(uppfoljda)} uppföljda, mot {enda} efter en enda insats. Jämförelsen tar inte hänsyn "
                     "till vilka som går vidare: ofta de som inte fick arbete efter den första insatsen.")
        else:
            text += " Ingen kedja av två eller fler insatser bland de vanligaste."
    fotnot = prickfotnot(df)
    tabell = Tabell(df, [
        Kolumn("kedja", "Kedja"), Kolumn("steg", "Insatser", lambda v: fmt.tal(v)),
        Kolumn("personer", "Personer", fmt.antal), Kolumn("uppfoljda", "Uppföljda efter den sista", fmt.antal),
        Kolumn("i_arbete_studier", "I arbete eller studier", fmt.antal),
        Kolumn("andel", "Andel", fmt.procent),
        Kolumn("intervall_lag", "95 % intervall, från", lambda v: fmt.procent(v, 0)),
        Kolumn("intervall_hog", "95 % intervall, till", lambda v: fmt.procent(v, 0)),
    ], f"Kedjor av insatser i {urval}" + (f". {fotnot}" if fotnot else ""))
    return Kort("Kedjor av insatser", figur, text, tabell, "insatskedjor",
                kategorier=list(df.kedja), serier={"I arbete eller studier, %": [
                    None if np.isnan(v) else float(v * 100) for v in andel]})
