"""Filtret ur URL:en: den enda platsen där filtrets läge bor, tolkad och prövad på ett ställe.

    ?kommun=1440,1480&fran=2025-01&till=2026-10&malgrupp=Nyanländ&kon=Kvinna

Ett okänt eller trasigt värde gör aldrig att en sida kraschar: det släpps, standardvärdet
gäller, och en kort svensk notis säger vad som hände ("Okänd kommun 9999 – visar hela GR").
Ingen Dash här: samma tolkning används av sidornas kort, notisraden och testerna.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from figures.visning import VISNINGAR
from queries import fasta_urval

KON = ("Kvinna", "Man")
_STYRTECKEN = re.compile(r"[\x00-\x1f\x7f]")
_MANAD = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_FALT = 30
MAX_LANGD = 2000


# Sidornas egna val i adressen (?visa=per_invanare): giltiga värden och vad som visas annars.
SIDVAL: dict[str, tuple[frozenset[str], str]] = {"visa": (frozenset(VISNINGAR), "kronor"),
                                                  "horisont": (frozenset({"90", "180", "365"}), "90 dagar"),
                                                  "enhet": (frozenset({"kommun", "jobbspar", "projekt"}), "kommuner")}


def sidval(search: str | None, namn: str, standard: str) -> str:
    """Ett av sidornas egna val ur adressen, prövat; standard när det saknas eller är okänt."""
    varde = fragor(search)[0].get(namn, "")
    return varde if varde in SIDVAL[namn][0] else standard


@dataclass(frozen=True)
class Urval:
    """Filtrets värden, prövade: det som skickas till frågelagret som namngivna parametrar."""

    kommuner: list[str]
    fran: dt.date
    till: dt.date
    malgrupper: list[str]
    kon: str
    notiser: tuple[str, ...] = field(default=())

    def parametrar(self) -> dict:
        return {"kommuner": list(self.kommuner), "fran": self.fran, "till": self.till,
                "malgrupper": list(self.malgrupper), "kon": self.kon}


def manad_start(text: str) -> dt.date | None:
    m = _MANAD.match(text or "")
    if not m:
        return None
    ar, man = int(m.group(1)), int(m.group(2))
    if not (1 <= man <= 12 and 2000 <= ar <= 2100):
        return None
    return dt.date(ar, man, 1)


manad_slut = fasta_urval.manad_slut


def fragor(search: str | None) -> tuple[dict[str, str], list[str]]:
    """Frågesträngens fält (första värdet per namn), utan styrtecken; och notiser om det som togs bort."""
    text = (search or "").lstrip("?")[:MAX_LANGD]
    notiser = []
    try:
        falt = parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FALT)
    except ValueError:
        return {}, ["Adressen hade för många fält – visar standardvalet."]
    ut = {}
    for namn, varden in falt.items():
        varde = varden[0]
        if _STYRTECKEN.search(varde) or _STYRTECKEN.search(namn):
            notiser.append("Otillåtna tecken i adressen togs bort.")
            varde = _STYRTECKEN.sub("", varde)
        ut[_STYRTECKEN.sub("", namn)] = varde.strip()
    return ut, sorted(set(notiser))


def tolka(search: str | None, region: dict[str, str], regionnamn: str, standard: tuple[dt.date, dt.date],
          fast: bool = False, hemkommun: str | None = None) -> Urval:
    """region: kommunkod -> namn för regionens kommuner; standard: (från, till) när adressen inte säger något.
    fast: rollen ser skyddade antal, så urvalet rättas till ett fast urval (queries/fasta_urval.py)."""
    falt, notiser = fragor(search)
    kommuner: list[str] = []
    okanda = []
    for kod in (k.strip() for k in falt.get("kommun", "").split(",")):
        if not kod:
            continue
        if kod in region:
            if kod not in kommuner:
                kommuner.append(kod)
        else:
            okanda.append(kod[:12])
    if okanda:
        vad = "Okänd kommun" if len(okanda) == 1 else "Okända kommuner"
        visar = "visar hela " + regionnamn if not kommuner else "visar " + ", ".join(region[k] for k in kommuner)
        notiser.append(f"{vad} {', '.join(okanda)} – {visar}.")

    fran, till = standard
    angiven_fran = falt.get("fran")
    angiven_till = falt.get("till")
    for _namn, text in (("fran", angiven_fran), ("till", angiven_till)):
        if text and manad_start(text) is None:
            notiser.append(f"Ogiltig månad {text[:12]} – visar standardperioden.")
    if angiven_fran and (start := manad_start(angiven_fran)):
        fran = start
    if angiven_till and (start := manad_start(angiven_till)):
        till = manad_slut(start)
    if till < fran:
        # Omvänd period: användaren menade samma period åt andra hållet.
        fran, till = till.replace(day=1), manad_slut(fran)

    for namn, (giltiga, standardtext) in SIDVAL.items():
        if falt.get(namn) and falt[namn] not in giltiga:
            notiser.append(f"Okänt val {namn}={falt[namn][:20]} – visar {standardtext}.")

    malgrupper = [m.strip()[:100] for m in falt.get("malgrupp", "").split(",") if m.strip()]
    kon = falt.get("kon", "")
    if kon in ("", "alla"):
        kon = ""
    elif kon not in KON:
        notiser.append(f"Okänt kön {kon[:12]} – visar alla.")
        kon = ""
    if fast:
        kommuner, fran, till, malgrupper = _fast_urval(kommuner, fran, till, malgrupper, region, standard,
                                                       hemkommun, notiser)
    return Urval(kommuner, fran, till, malgrupper, kon, tuple(notiser))


def _fast_urval(kommuner: list[str], fran: dt.date, till: dt.date, malgrupper: list[str], region: dict[str, str],
                standard: tuple[dt.date, dt.date], hemkommun: str | None, notiser: list[str]):
    """Närmaste fasta urval, med en notis per ändring: samma regel som frågelagret prövar."""
    if len(kommuner) > 1:
        kommuner = fasta_urval.ett_val(kommuner, hemkommun)
        notiser.append(f"En kommun i taget när antalen är skyddade – visar {region[kommuner[0]]}.")
    if len(malgrupper) > 1:
        malgrupper = malgrupper[:1]
        notiser.append(f"En målgrupp i taget när antalen är skyddade – visar {malgrupper[0]}.")
    if fasta_urval.periodens_slag(fran, till, standard) is None:
        fran, till = fasta_urval.narmaste_period(fran, till, standard)
        notiser.append(f"Med skyddade antal visas en månad, ett kvartal, ett år eller standardperioden – "
                       f"visar {fran:%Y-%m}–{till:%Y-%m}.")
    return kommuner, fran, till, malgrupper
