"""Röjandeskydd i frågelagret: små antal prickas en gång, här, så att ingen sida kan glömma det.

Varje .sql-fil deklarerar i sitt huvud vilka kolumner som är antal personer och
vad som hänger på dem:

    -- @personer deltagare, avslutade          antal personer: 1–4 döljs ("<5")
    -- @kvot andel_90 = arbete_90 / uppfoljda  döljs ("..") om täljaren eller nämnaren är dold
                                              eller nämnaren är ett antal personer under gränsen
    -- @foljer rang = aktiva_per_1000          döljs ("..") om någon av kolumnerna är dold
    -- @grupper grupper                         kolumn med de summor raden ingår i (sekundär prickning)
    -- @roller styrgrupp                        bara dessa roller får köra frågan
    -- @belopp budget_kr, utfall_kr             kronor
    -- @andel utnyttjande, forandring           andelar som inte räknas ur antal personer
    -- @matt befolkning, platser                mått som inte är personer (folkmängd, planerade platser …)
    -- @nyckel ar, manad                        tal som anger vad raden gäller

Varje numerisk kolumn i svaret måste stå i en av deklarationerna (ett test går igenom alla
frågor), så att nästa antal personer inte kan slinka igenom odeklarerat.

Varje antal personer har en cellnyckel i kolumnen <namn>__ckey (summan av postnycklarna mod
256, räknad i SQL). För alla utom styrgruppen störs antalen först (queries/storning.py), sedan
döljs störda antal under gränsen, och andelar och rangordningar räknas om från de störda antalen.

Ett dolt värde blir NaN i sin kolumn och får sin prick i kolumnen <namn>__prick:
"<5" för ett litet antal, ".." för ett värde som dolts för att inte röja ett annat
(SCB:s och Koladas sätt). Dolt ser därmed aldrig ut som noll.

Sekundär prickning: om bara en cell i en summerad grupp är dold kan den räknas
fram ur summan. Då döljs också gruppens minsta synliga cell, och det upprepas
tills ingen grupp har exakt en dold cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from queries.storning import skyddstext, storda

PRICK = "__prick"
CKEY = "__ckey"
SEKUNDAR = ".."


class Behorighetsfel(PermissionError):
    """Rollen får inte köra frågan."""


@dataclass(frozen=True)
class Deklaration:
    personer: tuple[str, ...] = ()
    kvoter: dict[str, tuple[str, str]] = field(default_factory=dict)
    foljer: dict[str, tuple[str, ...]] = field(default_factory=dict)
    grupper: str | None = None
    roller: frozenset[str] | None = None
    belopp: tuple[str, ...] = ()
    andelar: tuple[str, ...] = ()
    matt: tuple[str, ...] = ()
    nycklar: tuple[str, ...] = ()

    @property
    def skyddade(self) -> tuple[str, ...]:
        return (*self.personer, *self.kvoter, *self.foljer)

    @property
    def deklarerade(self) -> frozenset[str]:
        """Alla kolumner som är deklarerade som antal personer, belopp, andel, rang, mått eller nyckel."""
        return frozenset((*self.skyddade, *self.belopp, *self.andelar, *self.matt, *self.nycklar))


def _namn(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


def las_deklaration(sql: str) -> Deklaration:
    personer: list[str] = []
    kvoter: dict[str, tuple[str, str]] = {}
    foljer: dict[str, tuple[str, ...]] = {}
    grupper = None
    roller = None
    ovriga: dict[str, list[str]] = {"belopp": [], "andel": [], "matt": [], "nyckel": []}
    for m in re.finditer(r"^--\s*@(\w+)\s+(.*)$", sql, re.MULTILINE):
        nyckel, varde = m.group(1), m.group(2).strip()
        if nyckel == "personer":
            personer.extend(_namn(varde))
        elif nyckel == "kvot":
            kolumn, uttryck = (d.strip() for d in varde.split("=", 1))
            taljare, namnare = (d.strip() for d in uttryck.split("/", 1))
            kvoter[kolumn] = (taljare, namnare)
        elif nyckel == "foljer":
            kolumn, kallor = (d.strip() for d in varde.split("=", 1))
            foljer[kolumn] = _namn(kallor)
        elif nyckel == "grupper":
            grupper = varde
        elif nyckel == "roller":
            roller = frozenset(_namn(varde))
        elif nyckel in ovriga:
            ovriga[nyckel].extend(_namn(varde))
        else:
            raise ValueError(f"okänd deklaration @{nyckel}")
    return Deklaration(tuple(personer), kvoter, foljer, grupper, roller, tuple(ovriga["belopp"]),
                       tuple(ovriga["andel"]), tuple(ovriga["matt"]), tuple(ovriga["nyckel"]))


def _gruppnycklar(varde) -> list:
    if varde is None:
        return []
    if isinstance(varde, str):
        return [varde]
    if hasattr(varde, "__iter__"):
        return [g for g in varde if g is not None]
    return [] if pd.isna(varde) else [varde]


def _flyttal(kolumn: pd.Series) -> np.ndarray:
    if not pd.api.types.is_numeric_dtype(kolumn.dtype):
        kolumn = pd.to_numeric(kolumn, errors="coerce")
    return kolumn.to_numpy(dtype="float64", na_value=np.nan)


def skydda(df: pd.DataFrame, dekl: Deklaration, troskel: int, *, stor: bool = True) -> pd.DataFrame:
    """Stör och prickar df enligt deklarationen. troskel 0 = inget störs eller döljs (styrgruppen),
    men prickkolumnerna finns ändå och cellnycklarna tas alltid bort.

    stor=False prövar prickningen för sig (tester av den sekundära prickningen); frågelagret stör alltid.
    Räknas i numpy-vektorer och skrivs tillbaka en gång: svaren är små, och pandas egna steg kostade
    mer än frågan (profilerat: 25 av 100 ms i ett kort)."""
    saknas = [k + CKEY for k in dekl.personer if stor and k in df and k + CKEY not in df]
    if saknas:
        raise ValueError(f"frågan saknar cellnyckel för antal personer: {', '.join(saknas)}")
    n = len(df)
    nya: dict[str, np.ndarray] = {}
    dolda: dict[str, np.ndarray] = {}
    prickar: dict[str, np.ndarray] = {k: np.full(n, None, dtype=object) for k in dekl.skyddade}
    if troskel > 0 and n:
        if stor:
            nya = _stor(df, dekl)
        varden = {k: nya[k] if k in nya else _flyttal(df[k]) for k in dekl.personer if k in df}
        for kol, v in varden.items():
            prickar[kol][(v > 0) & (v < troskel)] = f"<{troskel}"
        if dekl.grupper:
            _sekundar(df[dekl.grupper].tolist(), varden, prickar)
        ingen = np.zeros(n, dtype=bool)
        for kol, (taljare, namnare) in dekl.kvoter.items():
            dold = (prickar[taljare] != None) if taljare in prickar else ingen.copy()  # noqa: E711
            if namnare in prickar:
                dold |= prickar[namnare] != None  # noqa: E711
            if namnare in varden:
                dold |= (varden[namnare] > 0) & (varden[namnare] < troskel)
            prickar[kol][dold] = SEKUNDAR
        for kol, kallor in dekl.foljer.items():
            dold = ingen.copy()
            for k in kallor:
                if k in prickar:
                    dold |= prickar[k] != None  # noqa: E711
            prickar[kol][dold] = SEKUNDAR
        dolda = {kol: prickar[kol] != None for kol in dekl.skyddade}  # noqa: E711
    for kol in dekl.skyddade:
        if kol in dolda and dolda[kol].any():
            # NaN, inte noll: Plotly ritar ingen stapel och prickkolumnen säger varför.
            nya[kol] = np.where(dolda[kol], np.nan, nya[kol] if kol in nya else _flyttal(df[kol]))
    # Ett nytt DataFrame i ett steg, utan cellnycklarna.
    kolumner: dict[str, object] = {k: nya[k] if k in nya else df[k] for k in df.columns if not str(k).endswith(CKEY)}
    for kol in dekl.skyddade:
        # Objekt-dtype: None ska förbli None (pandas 3 gör annars en strängkolumn med NaN, och NaN är sant).
        kolumner[kol + PRICK] = pd.Series(prickar[kol], index=df.index, dtype=object, copy=False)
    return pd.DataFrame(kolumner, index=df.index)


def _stor(df: pd.DataFrame, dekl: Deklaration) -> dict[str, np.ndarray]:
    """Cell-key-störning av antalen; andelar och rangordningar räknas om från de störda antalen."""
    sanna = {kol: _flyttal(df[kol]) for kol in dekl.personer if kol in df}
    nya = {kol: storda(sant, _flyttal(df[kol + CKEY])) for kol, sant in sanna.items()}
    with np.errstate(divide="ignore", invalid="ignore"):
        for kol, (taljare, namnare) in dekl.kvoter.items():
            if kol not in df:
                continue
            faktor = np.ones(len(df))
            if taljare in sanna:
                faktor = faktor * np.where(sanna[taljare] != 0, nya[taljare] / sanna[taljare], 1.0)
            if namnare in sanna:
                faktor = faktor / np.where(sanna[namnare] != 0, nya[namnare] / sanna[namnare], 1.0)
            nya[kol] = _flyttal(df[kol]) * faktor
    for kol, kallor in dekl.foljer.items():
        kalla = kallor[0]
        if kol in df and kalla in df and kalla in nya:
            # Rangen ska följa de värden som visas, inte de sanna (annars röjer ordningen bruset).
            rangad = df[kol].notna().to_numpy()
            visade = pd.Series(nya[kalla][rangad])
            rang = np.full(len(df), np.nan)
            rang[rangad] = visade.rank(ascending=False, method="min", na_option="bottom").to_numpy()
            nya[kol] = rang
    return nya


def _sekundar(grupper: list, varden: dict[str, np.ndarray], prickar: dict[str, np.ndarray]) -> None:
    medlemmar: dict[object, list[int]] = {}
    for i, varde in enumerate(grupper):
        for g in _gruppnycklar(varde):
            medlemmar.setdefault(g, []).append(i)
    for kol, v in varden.items():
        andrat = True
        while andrat:
            andrat = False
            for rader in medlemmar.values():
                dolda = [i for i in rader if prickar[kol][i]]
                if len(dolda) != 1 or len(rader) < 2:
                    continue
                synliga = [i for i in rader if not prickar[kol][i] and not np.isnan(v[i])]
                if not synliga:
                    continue
                # Minsta synliga cell större än noll skyddar bäst; annars minsta över huvud taget.
                positiva = [i for i in synliga if v[i] > 0]
                valt = min(positiva or synliga, key=lambda i: (v[i], i))
                prickar[kol][valt] = SEKUNDAR
                andrat = True


def storningsnot(troskel: int, kort: bool = False) -> str:
    """Sägs en gång där antal visas för roller med störda antal; tom för styrgruppen."""
    return skyddstext(troskel, kort) if troskel > 0 else ""


def prickfotnot(*dfs: pd.DataFrame) -> str:
    """En not för vyer med dolda värden; tom om inget är dolt."""
    finns: set[str] = set()
    for df in dfs:
        for kol in df.columns:
            if str(kol).endswith(PRICK):
                finns.update(p for p in df[kol] if isinstance(p, str) and p)
    if not finns:
        return ""
    delar = [f"{p} = färre än {p[1:]} personer" for p in sorted(finns - {SEKUNDAR})]
    if SEKUNDAR in finns:
        delar.append(".. = dolt så att ett annat dolt värde inte kan räknas fram")
    return "Dolda värden: " + "; ".join(delar) + "."


def prick(rad, kolumn: str) -> str | None:
    """Cellens prick ("<5", "..") eller None om värdet visas."""
    p = rad.get(kolumn + PRICK)
    return p if isinstance(p, str) and p else None
