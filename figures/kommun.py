"""Kommunprofilens kort: kommunen mot regionens snitt och dess rang, på varje nyckeltal."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures import format as fmt
from figures.kort import Kolumn, Kort, Tabell
from queries.skydd import prickfotnot

NYCKELTAL = (
    ("aktiva_per_1000", "rang_aktiva_per_1000", "Aktiva deltagare per 1 000 invånare", lambda v: fmt.tal(v, 1)),
    ("utnyttjande", "rang_utnyttjande", "Utnyttjad extratjänstbudget", fmt.procent),
    ("andel_arbete_studier_90", "rang_andel_arbete_studier_90", "I arbete/studier 90 dagar efter", fmt.procent),
    ("jobbspar_per_1000", "rang_jobbspar", "Jobbspårsdeltagare per 1 000 invånare", lambda v: fmt.tal(v, 2)),
)


def profil(df: pd.DataFrame, kod: str, params: dict, region: str = "GR") -> Kort:
    """df: kpi_per_kommun.sql; kod: kommunen som visas."""
    kommuner = df[df.niva == "kommun"]
    antal = len(kommuner)
    region_rad = df[df.niva == "gr"].iloc[0]
    # Snittet är kommunernas snitt, så att kommunen jämförs med en typisk kommun. Det räknas bara när
    # inget kommunvärde är dolt: annars kunde det dolda räknas fram ur snittet.
    snitt = {k: (None if k + "__prick" in kommuner and kommuner[k + "__prick"].notna().any() else kommuner[k].mean())
             for k, *_ in NYCKELTAL}
    rad = kommuner[kommuner.kommun_kod == kod].iloc[0]
    rader = []
    for kolumn, rang, rubrik, format_ in NYCKELTAL:
        rader.append({"nyckeltal": rubrik, "kommun": rad[kolumn], "snitt": snitt[kolumn],
                      "rang_text": fmt.cell(rad, rang, lambda v: f"{fmt.tal(v)} av {antal}"),
                      "kommun_text": fmt.cell(rad, kolumn, format_),
                      "snitt_text": format_(snitt[kolumn]) if snitt[kolumn] is not None else ".."})
    index = [r["kommun"] / r["snitt"] * 100 if r["snitt"] and r["kommun"] == r["kommun"] else None for r in rader]
    fig = go.Figure([go.Bar(name=rad.kommun_namn, y=[r["nyckeltal"] for r in rader], x=index, orientation="h",
                            marker_color="#0072B2", textposition="auto",
                            text=[f"{r['kommun_text']} (rang {r['rang_text']})" for r in rader])])
    fig.add_vline(x=100, line_dash="dash", line_color="#000000", annotation_text=f"{region}-snitt = 100")
    storsta = max([i for i in index if i is not None] or [100])
    fig.update_layout(height=380, margin=dict(l=320, t=60), xaxis_title=f"index, {region}-snittet = 100",
                      xaxis_range=[0, max(130, storsta * 1.1)])
    text = f"{rad.kommun_namn}: " + "; ".join(
        f"{r['nyckeltal'].lower()} {r['kommun_text']} mot {region}-snittet {r['snitt_text']}, rang {r['rang_text']}"
        for r in rader) + ". " + prickfotnot(df)
    tabell = Tabell(pd.DataFrame(rader), [
        Kolumn("nyckeltal", "Nyckeltal"), Kolumn("kommun_text", rad.kommun_namn),
        Kolumn("snitt_text", f"{region}-snitt"), Kolumn("rang_text", "Rang"),
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
    fig = go.Figure([
        go.Bar(name=namn, y=[r["titel"] for r in andelar], x=[r["kommun_tal"] for r in andelar], orientation="h",
               marker_color="#0072B2"),
        go.Bar(name=region, y=[r["titel"] for r in andelar], x=[r["region_tal"] for r in andelar], orientation="h",
               marker_color="#999999", marker_pattern_shape="/"),
    ])
    fig.update_layout(barmode="group", height=max(260, 120 + 70 * len(andelar)), margin=dict(l=320),
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

    fig = go.Figure([
        go.Scatter(name=namn, x=df.manad_text, y=index(df.kommun_antal), mode="lines+markers",
                   line=dict(color="#0072B2", width=3)),
        go.Scatter(name=region, x=df.manad_text, y=index(df.region_antal), mode="lines",
                   line=dict(color="#000000", width=2, dash="dash")),
    ])
    fig.update_layout(height=380, yaxis_title="index, första månaden = 100", hovermode="x unified")
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
