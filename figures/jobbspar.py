"""Jobbspårens kort: klustren på kartan, deltagare och resultat per jobbspår, och flödet efter start."""
from __future__ import annotations

import pandas as pd

from figures import format as fmt
from figures.figur import anteckning, figur, uppdatera, utan_axlar
from figures.figur import spar as nytt_spar  # spar är här jobbspårens tabell
from figures.format import FARGER
from figures.karta import kommunkarta
from figures.kort import Kolumn, Kort, Tabell, tal_eller_tomt
from queries.skydd import prickfotnot


def kluster_karta(df: pd.DataFrame, valda: list[str], kommuner: dict[str, str]) -> Kort:
    """df: jobbspar_kluster_kommuner.sql; kommuner: regionens kommuner (kod -> namn), också de utan jobbspår."""
    # Några hundra rader som mest (hela landet): vanliga mängder är snabbare än pandas grupperingar här.
    kluster_per_kommun: dict[str, set[str]] = {}
    kommuner_per_kluster: dict[str, set[str]] = {}
    for kluster, kod, namn in zip(df.kluster.tolist(), df.kommun_kod.tolist(), df.kommun_namn.tolist(), strict=True):
        kluster_per_kommun.setdefault(kod, set()).add(kluster)
        kommuner_per_kluster.setdefault(kluster, set()).add(namn)
    klusternamn = sorted(kommuner_per_kluster, key=fmt.naturlig_ordning)
    index = {k: i + 1 for i, k in enumerate(klusternamn)}
    # Kartan färgas efter kluster; numret står också i etiketten så att färg inte bär informationen ensam.
    etiketter = {kod: ", ".join(sorted(kl)) for kod, kl in sorted(kluster_per_kommun.items())}
    forsta = {kod: min(kl) for kod, kl in kluster_per_kommun.items()}
    kategorier = {kod: f"{index[k]} {k}" for kod, k in forsta.items()}
    markerade = {kod: f" ({index[k]})" for kod, k in forsta.items()}
    karta = kommunkarta({}, "Kluster", etiketter, kommuner, valda=set(valda), markerade=markerade,
                        kategorier=kategorier)
    if len(klusternamn) <= 12:
        text = "Kluster: " + "; ".join(
            f"{index[k]} {k}: {', '.join(sorted(kommuner_per_kluster[k]))}" for k in klusternamn) + "."
    else:
        # Ett län eller hela landet: en mening, inte hundra kluster i rad; varje kommuns kluster står i tabellen.
        text = (f"{len(klusternamn)} kluster med sammanlagt {len(kluster_per_kommun)} kommuner. "
                "Varje kommuns kluster står i kartan och i tabellen.")
    tabell = Tabell(df.drop_duplicates(["kluster", "kommun_namn"]), [
        Kolumn("kluster", "Kluster"), Kolumn("kommun_namn", "Kommun"), Kolumn("samordnare", "Samordnande kommun"),
    ], "Kommuner per kluster")
    return Kort("Kluster på kartan", karta, text, tabell, "jobbsparskluster")


def per_spar(alla_spar: pd.DataFrame, per_kommun: pd.DataFrame) -> Kort:
    """alla_spar: jobbspar_per_spar.sql (summor räknade och prickade i DuckDB); per_kommun: jobbspar_kluster.sql."""
    spar = alla_spar[~alla_spar.totalrad]
    # Summaraden (räknad i DuckDB) saknas när bara ett kluster visas, som på projektorn.
    totalt = alla_spar[alla_spar.totalrad].iloc[0] if alla_spar.totalrad.any() else None
    vald = per_kommun[per_kommun.vald]
    etiketter = fmt.diagramtext(spar.jobbspar + " – " + spar.kluster)
    fig = figur(
        [nytt_spar("bar", name=namn, y=etiketter, x=spar[matt].tolist(), orientation="h", marker_color=FARGER[i],
                     marker_pattern_shape=("", "/", ".")[i], text=fmt.celler(spar, matt), textposition="outside",
                     hovertemplate="%{y}: %{text}<extra></extra>")
         for i, (matt, namn) in enumerate((("deltagare", "Deltagare"), ("avslutade", "Avslutade"),
                                           ("arbete_studier_90", "I arbete/studier 90 dagar efter")))],
        # Minst 300 px: ett tomt urval (t.ex. en målgrupp utan deltagare) ger annars en rityta under noll.
        layout=dict(barmode="group", height=max(300, 120 + 60 * len(spar)), margin=dict(l=330),
                    xaxis=dict(title=dict(text="personer"))))
    if spar.empty:
        anteckning(fig, text="Inga jobbspår i urvalet.", showarrow=False, x=0.5, y=0.5, xref="paper",
                   yref="paper", font=dict(size=18))
    storst = spar.sort_values("deltagare").iloc[-1] if spar.deltagare.notna().any() else None
    if storst is None:
        text = "Inga jobbspår i urvalet. "
    else:
        summa = f" med sammanlagt {fmt.cell(totalt, 'deltagare')} deltagare" if totalt is not None else ""
        text = (f"{len(spar)} jobbspår i urvalet{summa} under perioden. "
                f"Flest deltagare: {storst.jobbspar} i {storst.kluster} ({fmt.cell(storst, 'deltagare')}). ")
    text += prickfotnot(spar, vald)
    tabell = Tabell(vald, [
        Kolumn("kluster", "Kluster"), Kolumn("jobbspar", "Jobbspår"), Kolumn("kommun_namn", "Kommun"),
        Kolumn("bransch", "Bransch", fmt.text), Kolumn("platser", "Platser", lambda v: fmt.tal(v)),
        Kolumn("deltagare", "Deltagare", fmt.antal), Kolumn("avslutade", "Avslutade", fmt.antal),
        Kolumn("till_arbete_studier", "Till arbete/studier", fmt.antal),
        Kolumn("arbete_studier_90", "I arbete/studier 90 dagar", fmt.antal),
    ], "Jobbspår per kommun")
    return Kort("Jobbspår per kluster", fig, text.strip(), tabell, "jobbspar_per_kommun",
                [f"{namn} ({kluster})" for namn, kluster in zip(spar.jobbspar, spar.kluster, strict=True)],
                {"Deltagare": [tal_eller_tomt(v) for v in spar.deltagare]})


def flode(df: pd.DataFrame, utfall: pd.Series) -> Kort:
    """df: jobbspar_flode.sql; utfall: första raden av jobbspar_utfall.sql."""
    # Dolda flöden (prickade i frågelagret) ritas inte; tabellen visar deras prick.
    synliga = df[df.antal.notna() & (df.antal > 0)]
    # En nod per steg och nivå: "Annan insats" som avslutsorsak och som läge efter 90 dagar är två noder,
    # annars ritas en slinga från noden till sig själv.
    start = "Påbörjat jobbspår"
    fran = [(1 if f != start else 0, f) for f in synliga.fran_steg]
    till = [(2 if f != start else 1, t) for f, t in zip(synliga.fran_steg, synliga.till_steg, strict=True)]
    noder = list(dict.fromkeys(fran + till))
    pos = {n: i for i, n in enumerate(noder)}
    # Ett Sankey-diagram utan noder kraschar Plotly i webbläsaren: då ritas bara förklaringen.
    fig = figur() if synliga.empty else figur(nytt_spar("sankey",
        node=dict(label=[fmt.diagramtext(namn) for _, namn in noder], pad=18, thickness=18, color="#0072B2",
                  line=dict(color="#000000", width=0.5)),
        link=dict(source=[pos[n] for n in fran], target=[pos[n] for n in till],
                  value=list(synliga.antal), color="rgba(86,180,233,0.45)"),
        valueformat=",d",
    ))
    uppdatera(fig, height=460, font_size=14)
    if synliga.empty:
        forklaring = ("Inga jobbspår påbörjades i urvalet." if df.empty
                      else "Alla flöden i urvalet har färre än 5 personer och visas inte.")
        anteckning(fig, text=forklaring, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                   font=dict(size=18))
        utan_axlar(fig)
    text = (f"{fmt.cell(utfall, 'startade')} påbörjade jobbspår under perioden. Av {fmt.cell(utfall, 'uppfoljda_90')} "
            f"uppföljda var {fmt.cell(utfall, 'arbete_studier_90')} "
            f"({fmt.cell(utfall, 'andel_arbete_studier_90', fmt.procent)}) i arbete eller studier 90 dagar efter "
            "avslut. " + prickfotnot(df, utfall.to_frame().T)).strip()
    tabell = Tabell(df, [Kolumn("fran_steg", "Från"), Kolumn("till_steg", "Till"),
                         Kolumn("antal", "Personer", fmt.antal)], "Flöde i jobbspår")
    return Kort("Från start till läget 90 dagar efter avslut", fig, text, tabell, "jobbspar_flode")
