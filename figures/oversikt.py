"""Översiktens kort och nyckeltalen: samma meningar på sidan, på projektorn och i mötespaketet."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from figures import format as fmt
from figures.karta import kommunkarta
from figures.kort import Kolumn, Kort, Tabell, tal_eller_tomt
from figures.visning import STANDARD, VISNINGAR, Visning, skala
from figures.visning import saknas_text as visa_saknas
from queries.skydd import prickfotnot


def per_1000(v) -> str:
    return fmt.tal(v, 1)


NYCKELTAL: dict[str, tuple[str, Callable[[Any], str]]] = {
    "aktiva_per_1000": ("Aktiva deltagare per 1 000 invånare", per_1000),
    "utnyttjande": ("Utnyttjad extratjänstbudget i år", fmt.procent),
    "andel_arbete_studier_90": ("I arbete eller studier 90 dagar efter avslut", fmt.procent),
    "jobbspar_deltagare": ("Deltagare i jobbspår", fmt.antal),
    # Kronor: "Visa som" (figures/visning.py) gör dem jämförbara mellan stora och små kommuner.
    "utfall_kr": ("Förbrukad extratjänstbudget i år", fmt.kr),
}
VISA_SOM = "utfall_kr"  # nyckeltalet som "Visa som" gäller


@dataclass(frozen=True)
class Nyckeltal:
    id: str
    rubrik: str
    varde: str
    jamforelse: str


def referensmanad(till: dt.date) -> str:
    """Månaden som aktiva räknas i (kpi_per_kommun.sql): filtrets sista månad, högst innevarande månad."""
    dag = min(till, dt.date.today())
    return fmt.manad(dag.year, dag.month)


def nyckeltal(rad: pd.Series, region_rad: pd.Series, till: dt.date, region: str = "GR") -> list[Nyckeltal]:
    """De fyra nyckeltalen för ett urval (en rad ur kpi_per_kommun.sql) mot regionen, för perioden som
    slutar med till. För regionens egen rad jämförs inget med sig självt."""
    egen = rad.get("niva") == "region"
    ar, manad = till.year, referensmanad(till)

    def mot(kolumn: str, format_=fmt.antal) -> str:
        return "" if egen else f" ({region}: {fmt.cell(region_rad, kolumn, format_)})"

    return [
        Nyckeltal("aktiva", f"Aktiva deltagare i {manad}", fmt.cell(rad, "aktiva"),
                  f"{fmt.cell(rad, 'aktiva_per_1000', per_1000)} per 1 000 invånare"
                  + mot("aktiva_per_1000", per_1000)),
        Nyckeltal("utnyttjande", f"Extratjänstbudget {ar} utnyttjad", fmt.procent(rad["utnyttjande"]),
                  f"{fmt.kr(rad['utfall_kr'])} av {fmt.kr(rad['budget_kr'])}" + mot("utnyttjande", fmt.procent)),
        Nyckeltal("jobbspar", "Deltagare i jobbspår", fmt.cell(rad, "jobbspar_deltagare"),
                  f"aktiva i {manad}" + mot("jobbspar_deltagare")),
        Nyckeltal("andel90", "Arbete/studier 90 dagar efter",
                  fmt.cell(rad, "andel_arbete_studier_90", fmt.procent),
                  f"av {fmt.cell(rad, 'uppfoljda_90')} uppföljda" + mot("andel_arbete_studier_90", fmt.procent)),
    ]


def nyckeltalstext(rad: pd.Series, region_rad: pd.Series, till: dt.date, region: str = "GR") -> str:
    """Nyckeltalen som en mening, för skärmläsare, projektorns text och mötespaketet."""
    return "; ".join(f"{n.rubrik}: {n.varde}, {n.jamforelse}" for n in nyckeltal(rad, region_rad, till, region)) + "."


RESULTAT = "andel_arbete_studier_90"  # ett resultat: jämförs mot förväntat, rangordnas aldrig


def karta(df: pd.DataFrame, params: dict, valt: str, region: str = "GR",
          visa: Visning = VISNINGAR[STANDARD], bedomningar: dict[str, str] | None = None) -> Kort:
    """df: kpi_per_kommun.sql; valt: nyckeltalet som färgar kartan; visa gäller förbrukad budget (VISA_SOM),
    med nämnarna ur figures.visning.med_namnare. bedomningar: kommunkod -> etikett ur figures.resultat, som
    kartan och texten säger i stället för högst och lägst när den färgas efter resultatet."""
    urval = df[df.niva == "urval"].iloc[0]
    kommuner = df[df.niva == "kommun"]
    etikett = "urvalet" if params["kommuner"] else f"hela {region}"
    rubrik, format_ = NYCKELTAL[valt]
    if valt == VISA_SOM:
        # Urvalets värde är kvoten av summorna (inte summan av kvoterna), och okänt om någon nämnare saknas.
        valda = kommuner[kommuner.kommun_kod.isin(params["kommuner"])] if params["kommuner"] else kommuner
        summor = valda[["utfall_kr", "budget_kr", *([visa.namnare] if visa.namnare else [])]].sum(min_count=1)
        if visa.namnare and valda[visa.namnare].isna().any():
            summor[visa.namnare] = float("nan")
        urval = pd.Series({VISA_SOM: skala(summor.to_frame().T, "utfall_kr", visa, "budget_kr").iloc[0]})
        kommuner = kommuner.assign(utfall_kr=skala(kommuner, "utfall_kr", visa, "budget_kr"))
        format_ = visa.format()
        rubrik += visa.tillagg
    varden = dict(zip(kommuner.kommun_kod, kommuner[valt], strict=True))
    etiketter = dict(zip(kommuner.kommun_kod, fmt.celler(kommuner, valt, format_), strict=True))
    if valt == RESULTAT and bedomningar:
        etiketter = {k: f"{v} ({bedomningar.get(k, 'För få avslut').lower()})" for k, v in etiketter.items()}
    andel = format_ is fmt.procent
    fig = kommunkarta(varden, rubrik, etiketter, dict(zip(kommuner.kommun_kod, kommuner.kommun_namn, strict=True)),
                      valda=set(params["kommuner"]), andel=andel)
    sorterade = kommuner.dropna(subset=[valt]).sort_values(valt, ascending=False)
    if valt == RESULTAT and bedomningar is not None:
        namn = dict(zip(kommuner.kommun_kod, kommuner.kommun_namn, strict=True))
        avvikande = [f"{namn[k]} {e.lower()}" for k, e in bedomningar.items()
                     if k in namn and e not in ("Som förväntat", "För få avslut")]
        text = (f"{rubrik}, mot det förväntade för kommunernas deltagare: "
                + (", ".join(avvikande) if avvikande else "ingen kommun avviker mer än slumpen förklarar")
                + f"; övriga som förväntat eller med för få avslut. Värdet för {etikett} är "
                  f"{fmt.cell(urval, valt, format_)}. Se Resultat mot förväntat. {prickfotnot(df)}").strip()
    elif len(sorterade):
        hog, lag = sorterade.iloc[0], sorterade.iloc[-1]
        text = (f"{rubrik}: högst i {hog.kommun_namn}, {format_(hog[valt])}, "
                f"och lägst i {lag.kommun_namn}, {format_(lag[valt])}. "
                f"Värdet för {etikett} är {fmt.cell(urval, valt, format_)}. {prickfotnot(df)}").strip()
    else:
        text = f"{rubrik}: inga uppgifter för perioden."
    if valt == VISA_SOM:
        text += visa_saknas(kommuner, visa)
    tabell = Tabell(kommuner, [
        Kolumn("kommun_namn", "Kommun"),
        Kolumn("aktiva", "Aktiva deltagare", fmt.antal),
        Kolumn("aktiva_per_1000", "Per 1 000 invånare", per_1000),
        Kolumn("utnyttjande", "Utnyttjad budget", fmt.procent),
        Kolumn("jobbspar_deltagare", "Deltagare i jobbspår", fmt.antal),
        Kolumn("andel_arbete_studier_90", "I arbete/studier 90 dagar", fmt.procent),
        *([Kolumn(VISA_SOM, NYCKELTAL[VISA_SOM][0] + visa.tillagg,
                  format_)] if valt == VISA_SOM else []),
    ], f"Nyckeltal per kommun {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}")
    serie = (rubrik, [tal_eller_tomt(v) for v in kommuner[valt]]) if valt == VISA_SOM else \
        ("Aktiva per 1 000 invånare", [tal_eller_tomt(v) for v in kommuner.aktiva_per_1000])
    return Kort("Nyckeltal per kommun", fig, text, tabell, "nyckeltal_per_kommun", list(kommuner.kommun_namn),
                {serie[0]: serie[1]})
