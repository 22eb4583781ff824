"""Kommunprofilens kort: kommunen mot regionens snitt och dess rang, på varje nyckeltal."""
from __future__ import annotations

import numpy as np
import pandas as pd

from figures import format as fmt
from figures import resultat
from figures.figur import Figur, figur, referenslinje, spar, uppdatera
from figures.kort import Kolumn, Kort, Tabell, tal_eller_tomt
from queries.skydd import prickfotnot

NYCKELTAL = (
    ("aktiva_per_1000", "rang_aktiva_per_1000", "Aktiva deltagare per 1 000 invånare", lambda v: fmt.tal(v, 1)),
    ("utnyttjande", "rang_utnyttjande", "Utnyttjad extratjänstbudget", fmt.procent),
    # Ett resultat rangordnas inte: rå andelar av små tal jämförs mot förväntat i stället (figures/resultat.py).
    ("andel_arbete_studier_90", None, "I arbete/studier 90 dagar efter", fmt.procent),
    ("jobbspar_per_1000", "rang_jobbspar", "Jobbspårsdeltagare per 1 000 invånare", lambda v: fmt.tal(v, 2)),
)


def profil(df: pd.DataFrame, kod: str, params: dict, region: str = "GR", bedomning: pd.Series | None = None,
           varaktighet: pd.Series | None = None) -> Kort:
    """df: kpi_per_kommun.sql; kod: kommunen som visas; bedomning: kommunens rad ur figures.resultat.bedom
    (resultat mot förväntat), som ersätter rangen för resultatet; varaktighet: kommun_varaktighet.sql."""
    kommuner = df[df.niva == "kommun"]
    antal = len(kommuner)
    region_rad = df[df.niva == "region"].iloc[0]
    # Snittet är kommunernas snitt, så att kommunen jämförs med en typisk kommun. Det räknas bara när
    # inget kommunvärde är dolt: annars kunde det dolda räknas fram ur snittet.
    snitt = {k: (None if k + "__prick" in kommuner and kommuner[k + "__prick"].notna().any() else kommuner[k].mean())
             for k, *_ in NYCKELTAL}
    rad = kommuner[kommuner.kommun_kod == kod].iloc[0]
    rader = []
    for kolumn, rang, rubrik, format_ in NYCKELTAL:
        rang_text = (fmt.cell(rad, rang, lambda v: f"{fmt.tal(v)} av {antal}") if rang
                     else (bedomning["etikett"] if bedomning is not None else "–"))
        rader.append({"nyckeltal": rubrik, "kommun": rad[kolumn], "snitt": snitt[kolumn], "rang_text": rang_text,
                      "rangordnas": rang is not None,
                      "kommun_text": fmt.cell(rad, kolumn, format_),
                      "snitt_text": format_(snitt[kolumn]) if snitt[kolumn] is not None else ".."})
    index = [r["kommun"] / r["snitt"] * 100 if r["snitt"] and r["kommun"] == r["kommun"] else None for r in rader]
    fig = figur([spar("bar", name=rad.kommun_namn, y=[r["nyckeltal"] for r in rader], x=index, orientation="h",
                            marker_color="#0072B2", textposition="auto",
                            text=[f"{r['kommun_text']} (rang {r['rang_text']})" if r["rangordnas"] else
                                  f"{r['kommun_text']} ({r['rang_text'].lower()})" for r in rader])])
    referenslinje(fig, f"{region}-snitt = 100", x=100)
    storsta = max([i for i in index if i is not None] or [100])
    uppdatera(fig, height=380, margin=dict(l=320, t=60), xaxis_title=f"index, {region}-snittet = 100",
                      xaxis_range=[0, max(130, storsta * 1.1)])
    text = f"{rad.kommun_namn}: " + "; ".join(
        f"{r['nyckeltal'].lower()} {r['kommun_text']} mot {region}-snittet {r['snitt_text']}, rang {r['rang_text']}"
        for r in rader if r["rangordnas"]) + ". "
    if bedomning is not None:
        text += resultat.mening(bedomning) + ". "
    if varaktighet is not None and (mening := resultat.varaktighet(varaktighet)):
        text += mening + ". "
    text += prickfotnot(df)
    tabell = Tabell(pd.DataFrame(rader), [
        Kolumn("nyckeltal", "Nyckeltal"), Kolumn("kommun_text", rad.kommun_namn),
        Kolumn("snitt_text", f"{region}-snitt"), Kolumn("rang_text", "Rang eller bedömning"),
    ], f"{rad.kommun_namn} jämfört med {region} ({region} totalt: {fmt.cell(region_rad, 'aktiva')} aktiva)")
    return Kort(f"{rad.kommun_namn} jämfört med {region}-snittet", fig, text.strip(), tabell, f"kommunprofil_{kod}")


def kolada(df: pd.DataFrame, namn: str, kpi_typer: dict[str, tuple[str, str]], region: str = "GR") -> Kort:
    """df: kolada_kommun.sql. kpi_typer: id -> (titel om Koladas saknas, "andel" eller "antal")."""
    rader = []
    for r in df.to_dict("records"):
        standardtitel, sort = kpi_typer.get(r["kpi"], (r["kpi"], "andel" if "andel" in str(r["titel"]) else "antal"))
        andel = sort == "andel"
        format_ = (lambda v: fmt.tal(v, 1)) if andel else fmt.tal
        region_varde = r["region_viktat"] if andel else r["region_summa"]
        rader.append({"kpi": r["kpi"], "titel": r["titel"] if isinstance(r["titel"], str) else standardtitel,
                      "kommun": format_(r["varde_ar"]), "fg": format_(r["varde_fg"]),
                      "region": format_(region_varde), "ar": r["ar"],
                      "kommun_tal": r["varde_ar"], "region_tal": region_varde, "andel": andel})
    tabell = Tabell(pd.DataFrame(rader, columns=["kpi", "titel", "kommun", "fg", "region", "ar", "kommun_tal",
                                                 "region_tal", "andel"]), [
        Kolumn("kpi", "Kolada-id"), Kolumn("titel", "Nyckeltal"), Kolumn("kommun", namn),
        Kolumn("fg", f"{namn} året innan"), Kolumn("region", f"{region} (andelar vägda med folkmängden)"),
    ], f"Koladas nyckeltal för {namn}")
    andelar = [r for r in rader if r["andel"]]
    # Koladas titlar kommer utifrån: Plotly tolkar en del HTML i etiketter, så de skrivs som text.
    titlar = [fmt.diagramtext(r["titel"]) for r in andelar]
    fig = figur([
        spar("bar", name=namn, y=titlar, x=[r["kommun_tal"] for r in andelar], orientation="h",
               marker_color="#0072B2"),
        spar("bar", name=region, y=titlar, x=[r["region_tal"] for r in andelar], orientation="h",
               marker_color="#999999", marker_pattern_shape="/"),
    ])
    uppdatera(fig, barmode="group", height=max(260, 120 + 70 * len(andelar)), margin=dict(l=320),
                      xaxis_title="procent")
    if rader:
        ar = rader[0]["ar"]
        text = f"Kolada {ar}: " + "; ".join(
            f"{r['titel']} {r['kommun']} i {namn} ({region} {r['region']}, året innan {r['fg']})" for r in rader) + "."
    else:
        text = "Inga Kolada-uppgifter inlästa. Hämta dem med: python app.py hamta kolada."
    return Kort(f"Kolada: {namn} och {region}", fig, text, tabell, "kolada")


def malgrupp_trend(df: pd.DataFrame, namn: str, malgruppsnamn: str, region: str = "GR") -> Kort:
    """df: malgrupp_trend.sql. Index: första månaden med värde = 100, så att kommun och region jämförs."""
    df = df.assign(manad_text=[fmt.manad(m.year, m.month) for m in pd.to_datetime(df.manad)])

    def index(serie: pd.Series) -> pd.Series:
        forsta = serie.dropna()
        return serie / forsta.iloc[0] * 100 if len(forsta) and forsta.iloc[0] else serie * float("nan")

    fig = _linjer(df.manad_text, index(df.kommun_antal), index(df.region_antal), namn, region,
                  dict(height=380, yaxis=dict(title=dict(text="index, första månaden = 100")), hovermode="x unified"))
    kommun = df.kommun_antal.dropna()
    if len(kommun) >= 2:
        forandring = kommun.iloc[-1] / kommun.iloc[0] - 1 if kommun.iloc[0] else None
        region_serie = df.region_antal.dropna()
        region_forandring = (region_serie.iloc[-1] / region_serie.iloc[0] - 1
                             if len(region_serie) >= 2 and region_serie.iloc[0] else None)
        text = (f"AF:s målgrupp ({malgruppsnamn}) i {namn}: {fmt.tal(kommun.iloc[0])} i {df.manad_text.iloc[0]} och "
                f"{fmt.tal(kommun.iloc[-1])} i {df.manad_text.iloc[-1]} ({fmt.procent(forandring, 0)}; "
                f"{region} {fmt.procent(region_forandring, 0)}).")
    else:
        text = f"AF:s statistik för {namn} saknas för perioden (uppgift saknas)."
    tabell = Tabell(df, [Kolumn("manad_text", "Månad"), Kolumn("kommun_antal", namn, fmt.tal),
                         Kolumn("region_antal", region, fmt.tal)], f"AF:s målgrupp: {malgruppsnamn}")
    return Kort(f"Målgruppen i {namn} och {region}", fig, text, tabell, "malgrupp_trend")


def _sida_vid_sida(df: pd.DataFrame, nyckel: list[str]) -> pd.DataFrame:
    """Kommunens och regionens rader (niva) bredvid varandra: kolumnerna får ändelsen _k respektive _r."""
    kommun = df[df.niva == "kommun"].drop(columns="niva").set_index(nyckel)
    region = df[df.niva == "region"].drop(columns="niva").set_index(nyckel)
    return kommun.add_suffix("_k").join(region.add_suffix("_r")).reset_index()


def _linjer(x, kommun, region, namn: str, region_namn: str, layout: dict) -> Figur:
    """Kommunen mot regionen, med heldragen och streckad linje."""
    x, kommun, region = (list(v) for v in (x, kommun, region))
    return figur([
        spar("scatter", name=namn, x=x, y=kommun, mode="lines+markers", line=dict(color="#0072B2", width=3)),
        spar("scatter", name=region_namn, x=x, y=region, mode="lines",
             line=dict(color="#000000", width=2, dash="dash")),
    ], layout=layout)


def aktiva_trend(df: pd.DataFrame, namn: str, region: str = "GR") -> Kort:
    """df: kommun_trend.sql. Per 1 000 invånare, så att kommunen och regionen går att jämföra."""
    t = _sida_vid_sida(df, ["manad"])
    t["manad_text"] = [fmt.manad(m.year, m.month) for m in pd.to_datetime(t.manad)]
    fig = _linjer(t.manad_text, t.aktiva_per_1000_k, t.aktiva_per_1000_r, namn, region,
                  dict(height=360, yaxis=dict(title=dict(text="aktiva per 1 000 invånare"), rangemode="tozero"),
                       hovermode="x unified"))
    synliga = t.dropna(subset=["aktiva_per_1000_k"])
    if len(synliga) >= 2:
        forsta, sista = synliga.iloc[0], synliga.iloc[-1]
        text = (f"Aktiva deltagare per 1 000 invånare i {namn}: {fmt.tal(forsta.aktiva_per_1000_k, 1)} i "
                f"{forsta.manad_text} och {fmt.tal(sista.aktiva_per_1000_k, 1)} i {sista.manad_text} "
                f"({region} {fmt.tal(forsta.aktiva_per_1000_r, 1)} och {fmt.tal(sista.aktiva_per_1000_r, 1)}).")
    else:
        text = f"För få aktiva deltagare i {namn} under perioden för att visa en trend."
    text = f"{text} {prickfotnot(df)}".strip()
    kommunrader = df[df.niva == "kommun"].assign(manad_text=list(t.manad_text))
    tabell = Tabell(kommunrader.assign(region_per_1000=list(t.aktiva_per_1000_r)), [
        Kolumn("manad_text", "Månad"), Kolumn("aktiva", f"Aktiva i {namn}", fmt.antal),
        Kolumn("aktiva_per_1000", f"{namn} per 1 000 inv.", lambda v: fmt.tal(v, 2)),
        Kolumn("region_per_1000", f"{region} per 1 000 inv.", lambda v: fmt.tal(v, 2)),
    ], f"Aktiva deltagare per månad: {namn} och {region}")
    return Kort(f"Aktiva deltagare per månad: {namn} och {region}", fig, text, tabell, "aktiva_per_manad",
                list(t.manad_text), {namn: [tal_eller_tomt(v) for v in t.aktiva_per_1000_k],
                                     region: [tal_eller_tomt(v) for v in t.aktiva_per_1000_r]})


def forbrukning_trend(df: pd.DataFrame, namn: str, region: str = "GR") -> Kort:
    """df: kommun_trend.sql. Hur stor del av årets tilldelning som är förbrukad t.o.m. varje månad."""
    t = _sida_vid_sida(df, ["manad"])
    t["manad_text"] = [fmt.manad(m.year, m.month) for m in pd.to_datetime(t.manad)]
    fig = _linjer(t.manad_text, t.forbrukat_andel_k * 100, t.forbrukat_andel_r * 100, namn, region,
                  dict(height=360, yaxis=dict(title=dict(text="procent av årets tilldelning"), rangemode="tozero"),
                       hovermode="x unified"))
    synliga = t.dropna(subset=["forbrukat_andel_k"])
    if len(synliga):
        sista = synliga.iloc[-1]
        manad = pd.Timestamp(sista.manad).month
        jamnt = manad / 12
        text = (f"T.o.m. {sista.manad_text} har {namn} förbrukat {fmt.procent(sista.forbrukat_andel_k, 0)} av årets "
                f"tilldelning ({fmt.kr(sista.forbrukat_hittills_kr_k)} av {fmt.kr(sista.budget_ar_kr_k)}); "
                f"{region} {fmt.procent(sista.forbrukat_andel_r, 0)}. Jämn takt vore {fmt.procent(jamnt, 0)}.")
    else:
        text = f"Ingen extratjänstbudget med utfall för {namn} under perioden."
    tabell = Tabell(t, [
        Kolumn("manad_text", "Månad"), Kolumn("budget_ar_kr_k", f"Årets tilldelning, {namn}", fmt.kr),
        Kolumn("forbrukat_hittills_kr_k", "Förbrukat t.o.m. månaden", fmt.kr),
        Kolumn("forbrukat_andel_k", f"Andel, {namn}", fmt.procent),
        Kolumn("forbrukat_andel_r", f"Andel, {region}", fmt.procent),
    ], f"Förbrukning av årets extratjänsttilldelning: {namn} och {region}")
    return Kort(f"Förbrukad andel av årets tilldelning: {namn} och {region}", fig, text, tabell,
                "forbrukning_per_manad", list(t.manad_text),
                {f"{namn}, %": [None if tal_eller_tomt(v) is None else float(v) * 100 for v in t.forbrukat_andel_k],
                 f"{region}, %": [None if tal_eller_tomt(v) is None else float(v) * 100 for v in t.forbrukat_andel_r]})


def utfall_trend(df: pd.DataFrame, namn: str, region: str = "GR") -> Kort:
    """df: kommun_utfall_trend.sql. I arbete eller studier 90 dagar efter avslut, per avslutskvartal."""
    df = df.assign(kvartal_text=[f"{a} kv{k}" for a, k in zip(df.ar, df.kvartal, strict=True)])
    kommun, reg = df[df.niva == "kommun"], df[df.niva == "region"]
    # Hur säker andelen är: få uppföljda per kvartal ger ett brett intervall (Wilson, 95 %), så att "1 av 5"
    # inte läses som en skillnad mot regionen.
    lag, hog = resultat.wilson(kommun.arbete_studier_90, kommun.uppfoljda_90)
    kommun = kommun.assign(intervall_lag=lag, intervall_hog=hog)
    andel = kommun.andel_arbete_studier_90.to_numpy(dtype=float, na_value=np.nan)
    fig = figur([
        spar("bar", name=namn, x=kommun.kvartal_text, y=kommun.andel_arbete_studier_90 * 100, marker_color="#0072B2",
               text=fmt.celler(kommun, "andel_arbete_studier_90", lambda v: fmt.procent(v, 0)),
               textposition="inside",
               error_y=dict(type="data", symmetric=False, array=list((hog - andel) * 100),
                            arrayminus=list((andel - lag) * 100), color="#1a1a1a", thickness=1.5)),
        spar("bar", name=region, x=reg.kvartal_text, y=reg.andel_arbete_studier_90 * 100, marker_color="#999999",
               marker_pattern_shape="/"),
    ])
    uppdatera(fig, barmode="group", height=360, yaxis_title="procent i arbete eller studier",
                      yaxis_range=[0, 100])
    synliga = kommun.dropna(subset=["andel_arbete_studier_90"])
    if len(synliga):
        sista = synliga.iloc[-1]
        region_sista = reg[reg.kvartal_text == sista.kvartal_text].iloc[0]
        intervall = ("" if np.isnan(sista.intervall_lag) else
                     f"; 95 % intervall {fmt.procent(sista.intervall_lag, 0)}–{fmt.procent(sista.intervall_hog, 0)}")
        text = (f"Av dem som avslutade en insats i {namn} {sista.kvartal_text} var "
                f"{fmt.cell(sista, 'andel_arbete_studier_90', fmt.procent)} i arbete eller studier 90 dagar efter "
                f"({fmt.cell(sista, 'arbete_studier_90')} av {fmt.cell(sista, 'uppfoljda_90')}{intervall}); {region} "
                f"{fmt.cell(region_sista, 'andel_arbete_studier_90', fmt.procent)}."
                + (f" Med färre än {resultat.MINST} uppföljda säger en skillnad mot {region} lite."
                   if not sista.uppfoljda_90 >= resultat.MINST else ""))
    else:
        text = f"Inga uppföljningar 90 dagar efter avslut i {namn} under perioden."
    text = f"{text} {prickfotnot(df)}".strip()
    tabell = Tabell(kommun.assign(region_andel=list(reg.andel_arbete_studier_90),
                                  region_andel__prick=list(reg.get("andel_arbete_studier_90__prick",
                                                                   pd.Series([None] * len(reg))))), [
        Kolumn("kvartal_text", "Avslutskvartal"), Kolumn("uppfoljda_90", "Uppföljda", fmt.antal),
        Kolumn("arbete_studier_90", "I arbete/studier", fmt.antal),
        Kolumn("andel_arbete_studier_90", f"Andel, {namn}", fmt.procent),
        Kolumn("intervall_lag", "95 % intervall, från", lambda v: fmt.procent(v, 0)),
        Kolumn("intervall_hog", "95 % intervall, till", lambda v: fmt.procent(v, 0)),
        Kolumn("region_andel", f"Andel, {region}", fmt.procent),
    ], f"I arbete eller studier 90 dagar efter avslut: {namn} och {region}")
    return Kort(f"Resultat 90 dagar efter avslut: {namn} och {region}", fig, text, tabell, "utfall_per_kvartal",
                list(kommun.kvartal_text),
                {f"{namn}, %": [None if tal_eller_tomt(v) is None else float(v) * 100
                                for v in kommun.andel_arbete_studier_90]})


def kommunens_projekt(df: pd.DataFrame, namn: str) -> pd.DataFrame:
    """projekt_resultat.sql: projekten som kommunen deltar i (kommunlistan i projektfilen)."""
    return df[df.kommuner.fillna("").str.split(", ").map(lambda kommuner: namn in kommuner)]
