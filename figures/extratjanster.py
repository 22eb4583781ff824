"""Extratjänsternas kort: tilldelat och förbrukat per kommun, prognos, trend och lokala avvikelser.

Rena funktioner från frågesvar (queries/sql/budget_*.sql) till Kort; sidan, projektorn och
mötespaketet anropar samma funktion.
"""
from __future__ import annotations

import pandas as pd

from figures import format as fmt
from figures.figur import figur, referenslinje, spar, uppdatera
from figures.kort import Kolumn, Kort, Tabell, tal_eller_tomt
from figures.visning import STANDARD, VISNINGAR, Visning, skala
from figures.visning import saknas_text as visa_saknas


def _jamforelse(kommuner: pd.DataFrame, varden: pd.Series, visa: Visning, vad: str, region: str,
                region_varde: float) -> str:
    """"Förbrukat per invånare 16–64: högst i A, 812 kr, och lägst i B, 301 kr; GR 540 kr." och vilka som saknas."""
    format_ = visa.format()
    sorterade = kommuner.assign(_v=varden).dropna(subset=["_v"]).sort_values("_v")
    if not len(sorterade):
        return f"{vad} {visa.per_text}: uppgift saknas." + visa_saknas(kommuner, visa)
    hog, lag = sorterade.iloc[-1], sorterade.iloc[0]
    return (f"{vad} {visa.per_text}: högst i {hog.kommun_namn}, {format_(hog._v)}, och lägst i {lag.kommun_namn}, "
            f"{format_(lag._v)}; {region} "
            + (format_(region_varde) if region_varde == region_varde else "uppgift saknas") + "."
            + visa_saknas(kommuner, visa))


def per_kommun(df: pd.DataFrame, ar: int, till_manad: int, region: str = "GR",
               visa: Visning = VISNINGAR[STANDARD]) -> Kort:
    """df: budget_per_kommun.sql (en rad per kommun, niva 'kommun', och en för regionen, niva 'region'); med nämnarna
    (figures.visning.med_namnare) när visa delar kronorna med invånare eller målgrupp."""
    df = df.assign(tilldelat_visat=skala(df, "budget_hittills_kr", visa, "budget_hittills_kr"),
                   forbrukat_visat=skala(df, "utfall_hittills_kr", visa, "budget_hittills_kr"))
    kommuner = df[df.niva == "kommun"]
    gr = df[df.niva == "region"].iloc[0]
    linjefarg = ["#000000" if v else "#999999" for v in kommuner.vald]
    per = f" {visa.per_text}" if visa.per_text else ""
    if visa.andel:
        fig = figur([spar("bar",
            name="Förbrukat av tilldelat", x=kommuner.kommun_namn, y=kommuner.forbrukat_visat * 100,
            marker_color="#0072B2", marker_line=dict(color=linjefarg, width=1.5), customdata=kommuner.kommun_kod,
            hovertemplate="%{x}<br>Förbrukat: %{y:.1f} % av tilldelat<extra></extra>")])
        if gr.forbrukat_visat == gr.forbrukat_visat:
            referenslinje(fig, f"{region} {fmt.procent(gr.forbrukat_visat, 0)}", y=gr.forbrukat_visat * 100)
    else:
        fig = figur([
            spar("bar", name="Tilldelat", x=kommuner.kommun_namn, y=kommuner.tilldelat_visat, marker_color="#56B4E9",
                   marker_line=dict(color=linjefarg, width=1.5), customdata=kommuner.kommun_kod,
                   hovertemplate=f"%{{x}}<br>Tilldelat: %{{y:,.0f}} kr{per}<extra></extra>"),
            spar("bar", name="Förbrukat", x=kommuner.kommun_namn, y=kommuner.forbrukat_visat, marker_color="#0072B2",
                   marker_pattern_shape="/", customdata=kommuner.kommun_kod,
                   hovertemplate=f"%{{x}}<br>Förbrukat: %{{y:,.0f}} kr{per}<extra></extra>"),
        ])
        if visa.namnare and gr.forbrukat_visat == gr.forbrukat_visat:
            referenslinje(fig, f"{region}: förbrukat {fmt.kr(gr.forbrukat_visat)}{per}", y=gr.forbrukat_visat)
    uppdatera(fig, barmode="group", yaxis_title=visa.axel, height=440)
    utn = kommuner.dropna(subset=["utnyttjande"]).sort_values("utnyttjande")
    if visa.namnare:
        text = _jamforelse(kommuner, kommuner.forbrukat_visat, visa, f"Förbrukat hittills {ar}", region,
                           gr.forbrukat_visat)
    elif len(utn):
        text = (f"Utnyttjandet av extratjänstbudgeten {ar} är högst i {utn.iloc[-1].kommun_namn}, "
                f"{fmt.procent(utn.iloc[-1].utnyttjande, 0)}, och lägst i {utn.iloc[0].kommun_namn}, "
                f"{fmt.procent(utn.iloc[0].utnyttjande, 0)}. {region} som helhet: {fmt.procent(gr.utnyttjande, 0)}; "
                f"prognosen för helåret är {fmt.procent(gr.prognos_andel, 0)} av tilldelningen.")
    else:
        text = f"Ingen extratjänstbudget registrerad för {ar}."
    per_kolumner = [Kolumn("tilldelat_visat", f"Tilldelat{per}", fmt.kr),
                    Kolumn("forbrukat_visat", f"Förbrukat{per}", fmt.kr),
                    Kolumn(visa.namnare or "", visa.namnare_rubrik, fmt.tal)] if visa.namnare else []
    tabell = Tabell(df, [
        Kolumn("kommun_namn", "Kommun"),
        Kolumn("budget_hittills_kr", "Tilldelat hittills", fmt.kr),
        Kolumn("utfall_hittills_kr", "Förbrukat hittills", fmt.kr),
        *per_kolumner,
        Kolumn("utnyttjande", "Utnyttjande", fmt.procent),
        Kolumn("platser", "Platser (snitt/mån)", lambda v: fmt.tal(v, 0)),
        Kolumn("besatta_platser", "Besatta platser (snitt/mån)", fmt.antal),
        Kolumn("besatta_per_1000", "Besatta per 1 000 inv.", lambda v: fmt.tal(v, 2)),
    ], f"Extratjänster {ar} t.o.m. {fmt.manad(ar, till_manad)}{visa.tillagg}")
    serier = ({"Förbrukat av tilldelat, %": [None if tal_eller_tomt(v) is None else float(v) * 100
                                               for v in kommuner.forbrukat_visat]} if visa.andel else
              {f"Tilldelat{per}": [tal_eller_tomt(v) for v in kommuner.tilldelat_visat],
               f"Förbrukat{per}": [tal_eller_tomt(v) for v in kommuner.forbrukat_visat]})
    rubrik = f"Extratjänster {ar}: tilldelat och förbrukat{visa.tillagg}"
    return Kort(rubrik, fig, text, tabell, f"extratjanster_{ar}" + (f"_{visa.id}" if visa.id != STANDARD else ""),
                list(kommuner.kommun_namn), serier)


def prognos(df: pd.DataFrame, ar: int, region: str = "GR", visa: Visning = VISNINGAR[STANDARD]) -> Kort:
    df = df.assign(tilldelning_visad=skala(df, "budget_ar_kr", visa, "budget_ar_kr"),
                   prognos_visad=skala(df, "prognos_kr", visa, "budget_ar_kr"))
    kommuner = df[df.niva == "kommun"].sort_values("kommun_namn")
    gr = df[df.niva == "region"].iloc[0]
    per = f" {visa.per_text}" if visa.per_text else ""
    if visa.andel:
        fig = figur([spar("bar", name="Prognos, andel av tilldelningen", x=kommuner.kommun_namn,
                                y=kommuner.prognos_visad * 100, marker_color="#D55E00", marker_pattern_shape="x",
                                hovertemplate="%{x}<br>Prognos: %{y:.0f} % av tilldelningen<extra></extra>")])
        referenslinje(fig, "Tilldelningen = 100 %", y=100)
    else:
        fig = figur([
            spar("bar", name="Årets tilldelning", x=kommuner.kommun_namn, y=kommuner.tilldelning_visad,
                   marker_color="#56B4E9", hovertemplate=f"%{{x}}<br>Tilldelning: %{{y:,.0f}} kr{per}<extra></extra>"),
            spar("bar", name="Prognos helår", x=kommuner.kommun_namn, y=kommuner.prognos_visad, marker_color="#D55E00",
                   marker_pattern_shape="x", hovertemplate=f"%{{x}}<br>Prognos: %{{y:,.0f}} kr{per}<extra></extra>"),
        ])
    uppdatera(fig, barmode="group", yaxis_title=visa.axel, height=420)
    over = kommuner[kommuner.prognos_andel > 1.0]
    under = kommuner[kommuner.prognos_andel < 0.85]
    text = (f"I takten hittills förbrukar {region} {fmt.procent(gr.prognos_andel, 0)} av årets tilldelning. "
            + (f"Över tilldelningen: {', '.join(over.kommun_namn)}. " if len(over)
               else "Ingen kommun går över tilldelningen. ")
            + (f"Under 85 %: {', '.join(under.kommun_namn)}." if len(under) else "")).strip()
    if visa.namnare:
        text += " " + _jamforelse(kommuner, kommuner.prognos_visad, visa, "Prognosen", region, gr.prognos_visad)
    per_kolumner = [Kolumn("tilldelning_visad", f"Tilldelning{per}", fmt.kr),
                    Kolumn("prognos_visad", f"Prognos{per}", fmt.kr)] if visa.namnare else []
    tabell = Tabell(df, [
        Kolumn("kommun_namn", "Kommun"),
        Kolumn("budget_ar_kr", "Årets tilldelning", fmt.kr),
        Kolumn("manader_med_utfall", "Månader med utfall", lambda v: fmt.tal(v)),
        Kolumn("prognos_kr", "Prognos helår", fmt.kr),
        *per_kolumner,
        Kolumn("prognos_andel", "Prognos av tilldelning", fmt.procent),
    ], f"Prognos för {ar}{visa.tillagg}")
    serier = ({f"Tilldelning{per}": [tal_eller_tomt(v) for v in kommuner.tilldelning_visad],
               f"Prognos{per}": [tal_eller_tomt(v) for v in kommuner.prognos_visad]} if visa.namnare else
              {"Prognos av tilldelning, %": [None if tal_eller_tomt(v) is None else float(v) * 100
                                             for v in kommuner.prognos_andel]})
    return Kort(f"Prognos för helåret {ar}", fig, text, tabell,
                f"extratjanster_prognos_{ar}" + (f"_{visa.id}" if visa.id != STANDARD else ""),
                list(kommuner.kommun_namn), serier)


def trend(df: pd.DataFrame) -> Kort:
    """df: budget_trend.sql, en rad per månad."""
    df = df.assign(manad_text=[fmt.manad(a, m) for a, m in zip(df.ar, df.manad, strict=True)])
    fig = figur([
        spar("scatter", name="Tilldelat", x=df.manad_text, y=df.budget_kr, mode="lines+markers",
                   line=dict(color="#56B4E9", width=3, dash="dash"), marker_symbol="circle"),
        spar("scatter", name="Förbrukat", x=df.manad_text, y=df.utfall_kr, mode="lines+markers",
                   line=dict(color="#0072B2", width=3), marker_symbol="square"),
    ])
    uppdatera(fig, yaxis_title="kronor per månad", height=400, hovermode="x unified")
    if len(df):
        text = (f"Från {df.manad_text.iloc[0]} till {df.manad_text.iloc[-1]} tilldelades {fmt.kr(df.budget_kr.sum())} "
                f"och förbrukades {fmt.kr(df.utfall_kr.sum())} "
                f"({fmt.procent(df.utfall_kr.sum() / df.budget_kr.sum())}).")
    else:
        text = "Ingen budget i perioden."
    tabell = Tabell(df, [
        Kolumn("manad_text", "Månad"), Kolumn("budget_kr", "Tilldelat", fmt.kr),
        Kolumn("utfall_kr", "Förbrukat", fmt.kr), Kolumn("utnyttjande", "Utnyttjande", fmt.procent),
        Kolumn("besatta_platser", "Besatta platser", fmt.antal),
    ], "Extratjänster per månad")
    return Kort("Tilldelat och förbrukat per månad", fig, text, tabell, "extratjanster_per_manad",
                list(df.manad_text), {"Förbrukat": [tal_eller_tomt(v) for v in df.utfall_kr]})


def avvikelser(df: pd.DataFrame, avvikelsegrans: float, region: str = "GR", samrad: dict[str, str] | None = None,
               uppfoljningar: dict[str, str] | None = None) -> Kort:
    """df: budget_avvikelse.sql; avvikelsegrans som andel (0,1 = 10 procentenheter).
    samrad: kommunkod -> samrådets senaste förklaring, som kolumn i tabellen och som markering i diagrammet.
    uppfoljningar: kommunkod -> samrådets öppna uppföljningar, som kolumn bredvid förklaringen."""
    samrad = samrad or {}
    uppfoljningar = uppfoljningar or {}
    forandringar = df.gr_forandring.dropna()
    gr_forandring = forandringar.iloc[0] if len(forandringar) else None
    df = df.assign(markering=["▲ avviker" if f and a > 0 else "▼ avviker" if f else ""
                              for f, a in zip(df.flaggad, df.avvikelse, strict=True)],
                   samrad=[samrad.get(k, "") for k in df.kommun_kod],
                   uppfoljning=[uppfoljningar.get(k, "") for k in df.kommun_kod])
    # Ett namn: med samrådets markering får diagrammet en förklaring, och ett namnlöst spår hette där "serie 0".
    fig = figur(spar("bar", name="Förändring mot året innan",
        x=df.forandring * 100, y=[f"{n} {m}".strip() for n, m in zip(df.kommun_namn, df.markering, strict=True)],
        orientation="h", marker_color=["#D55E00" if f else "#999999" for f in df.flaggad],
        marker_pattern_shape=["x" if f else "" for f in df.flaggad],
        customdata=df.kommun_kod, hovertemplate="%{y}: %{x:.1f} %<extra></extra>",
    ))
    if gr_forandring is not None:
        referenslinje(fig, f"{region} {fmt.procent(gr_forandring)}", x=gr_forandring * 100)
    med_anteckning = df[df.samrad != ""]
    if len(med_anteckning):
        # Samrådets förklaring som en markering vid stapeln, med texten när man pekar på den.
        fig["data"].append(spar("scatter",
            x=med_anteckning.forandring * 100,
            y=[f"{n} {m}".strip() for n, m in zip(med_anteckning.kommun_namn, med_anteckning.markering, strict=True)],
            mode="markers", marker=dict(symbol="star", size=16, color="#000000"), name="Samrådets förklaring",
            hovertext=fmt.diagramtext(med_anteckning.samrad), hoverinfo="text"))
    uppdatera(fig, xaxis_title="förändring mot året innan, procent", height=480, margin=dict(l=180))
    flaggade = df[df.flaggad]
    grans = fmt.tal(avvikelsegrans * 100)
    if gr_forandring is None:
        text = "Det finns inget föregående år att jämföra med."
    elif len(flaggade):
        text = (f"{region}:s tilldelning förändrades {fmt.procent(gr_forandring)}. Mer än {grans} procentenheter "
                f"från {region} avviker: "
                + "; ".join(f"{namn} {fmt.procent(f)}" for namn, f in zip(flaggade.kommun_namn, flaggade.forandring,
                                                                           strict=True)) + ".")
    else:
        text = (f"{region}:s tilldelning förändrades {fmt.procent(gr_forandring)}; ingen kommun avviker mer än "
                f"{grans} procentenheter.")
    tabell = Tabell(df, [
        Kolumn("kommun_namn", "Kommun"), Kolumn("budget_fg_kr", "Året innan", fmt.kr),
        Kolumn("budget_ar_kr", "I år", fmt.kr), Kolumn("forandring", "Förändring", fmt.procent),
        Kolumn("avvikelse", f"Skillnad mot {region}", fmt.procentenheter), Kolumn("markering", "Flagga"),
        Kolumn("kommentar", "Kommentar i budgetfilen", fmt.text), Kolumn("samrad", "Samrådets förklaring", fmt.text),
        Kolumn("uppfoljning", "Samrådets öppna uppföljningar", fmt.text),
    ], "Lokala avvikelser i tilldelningen")
    return Kort("Lokala avvikelser i tilldelningen", fig, text, tabell, "lokala_avvikelser",
                list(df.kommun_namn), {"Förändring mot året innan, %": [
                    None if tal_eller_tomt(v) is None else float(v) * 100 for v in df.forandring]})
