"""Adressens modell: varje fält i URL:en, dess standardvärde och dess prövning, på ett ställe.

    ?kommun=1440,1480&fran=2025-01&till=2026-10&malgrupp=Nyanländ&kon=Kvinna&visa=per_invanare

URL:en är filtrets och sidvalens enda läge. FALT nedan är listan över fälten: sidorna, projektorn,
mötespaketet och korten läser dem genom tolka(), och webbläsaren (assets/filter.js) får samma lista från
servern (for_webblasaren(), i sidans filter-standard) i stället för en egen kopia.

Ett okänt eller trasigt värde gör aldrig att en sida kraschar: det släpps, standardvärdet
gäller, och en kort svensk notis säger vad som hände ("Okänd kommun 9999 – visar hela GR").
Ingen Dash här: samma tolkning används av sidornas kort, notisraden och testerna.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from figures.visning import STANDARD as VISNING_STANDARD
from figures.visning import VISNINGAR
from queries import fasta_urval

KON = ("Kvinna", "Man")
_STYRTECKEN = re.compile(r"[\x00-\x1f\x7f]")
_MANAD = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_FALT = 30
MAX_LANGD = 2000


BILDTYPER = ("region", "kommuner", "resultat", "varfor", "kluster")


@dataclass(frozen=True)
class Falt:
    """Ett fält i adressen. slag: "lista" (kommatecken), "manad" (2026-03), "val" (ett av giltiga) eller "tal"
    (heltal mellan minst och hogst). filterrad: fältet har ett val i filterraden (id f-<namn>); annars är det en
    sidas eget val. Standardvärdet skrivs aldrig ut i adressen."""

    namn: str
    slag: str
    standard: str = ""
    standardtext: str = ""
    giltiga: tuple[str, ...] = ()
    minst: int = 0
    hogst: int = 0
    filterrad: bool = False
    # Värden som äldre länkar använde: gammalt -> nytt (?bilder=gr är regionens bild).
    alias: tuple[tuple[str, str], ...] = ()

    def prova(self, text: str) -> str | None:
        """Värdet om det är giltigt (för tal: inom gränserna, som text), annars None."""
        if self.slag == "val":
            return text if text in self.giltiga else None
        if self.slag == "tal":
            return str(int(text)) if text.isdigit() and self.minst <= int(text) <= self.hogst else None
        if self.slag == "lista":
            alias = dict(self.alias)
            delar = [alias.get(d.strip(), d.strip()) for d in text.split(",") if d.strip()]
            if self.giltiga:
                delar = [d for d in delar if d in self.giltiga]
            return ",".join(delar) if delar else None
        return text if manad_start(text) else None


FALT: tuple[Falt, ...] = (
    # Filterraden: gäller alla sidor som visar siffror för ett urval.
    Falt("kommun", "lista", filterrad=True),
    Falt("fran", "manad", filterrad=True),
    Falt("till", "manad", filterrad=True),
    Falt("malgrupp", "lista", filterrad=True),
    # "alla", inte "": filterradens <select> använder tomt värde för sin egen platshållare.
    Falt("kon", "val", "alla", "alla", ("alla", "Kvinna", "Man"), filterrad=True),
    # Sidornas egna val.
    Falt("visa", "val", VISNING_STANDARD, "kronor", tuple(VISNINGAR)),
    Falt("horisont", "val", "90", "90 dagar", ("90", "180", "365")),
    Falt("enhet", "val", "kommun", "kommuner", ("kommun", "jobbspar", "projekt")),
    # Extratjänsternas gräns för en lokal avvikelse, i procentenheter (inte röjandeskyddets gräns för små antal).
    Falt("avvikelsegrans", "tal", "10", "10 procentenheter", minst=1, hogst=100),
    # Projektorläget.
    Falt("bilder", "lista", ",".join(BILDTYPER), "alla bilder", BILDTYPER, alias=(("gr", "region"),)),
    Falt("sekunder", "tal", "20", "20 sekunder", minst=3, hogst=600),
)
FALTEN = {f.namn: f for f in FALT}
FILTERFALT = tuple(f for f in FALT if f.filterrad)
# Äldre länkar: ?troskel=15 var avvikelsegränsen innan den fick ett eget namn.
GAMLA_NAMN = {"troskel": "avvikelsegrans"}


def for_webblasaren() -> list[dict]:
    """Fälten som webbläsaren behöver för att skriva filterraden och sidvalen till adressen och tillbaka."""
    return [{"namn": f.namn, "slag": f.slag, "standard": f.standard, "filterrad": f.filterrad} for f in FALT]


def sidval(search: str | None, namn: str) -> str:
    """Ett av sidornas egna val ur adressen, prövat; fältets standardvärde när det saknas eller är ogiltigt."""
    falt = FALTEN[namn]
    varden = _med_nya_namn(fragor(search)[0])
    return falt.prova(varden.get(namn, "")) or falt.standard


def _med_nya_namn(varden: dict[str, str]) -> dict[str, str]:
    for gammalt, nytt in GAMLA_NAMN.items():
        if gammalt in varden and nytt not in varden:
            varden[nytt] = varden.pop(gammalt)
    return varden


@dataclass(frozen=True)
class Urval:
    """Adressens värden, prövade. parametrar(): filtret som namngivna parametrar till frågelagret; sidval: de
    andra fälten (FALT), prövade, med standardvärdet där adressen inget sa."""

    kommuner: list[str]
    fran: dt.date
    till: dt.date
    malgrupper: list[str]
    kon: str
    notiser: tuple[str, ...] = field(default=())
    sidval: dict[str, str] = field(default_factory=dict)

    def parametrar(self) -> dict:
        return {"kommuner": list(self.kommuner), "fran": self.fran, "till": self.till,
                "malgrupper": list(self.malgrupper), "kon": self.kon}

    def val(self, namn: str) -> str:
        """Ett sidval (visa, horisont, enhet, avvikelsegrans, bilder, sekunder), prövat."""
        return self.sidval.get(namn, FALTEN[namn].standard)

    def adress(self, standard: tuple[dt.date, dt.date]) -> str:
        """Frågesträngen som återger urvalet ("?kommun=1440&visa=andel", "" för standardvalet): samma regel som
        webbläsaren skriver efter, så att en länk från servern (utskick, mötespaket) ser ut som en kopierad."""
        varden = {"kommun": ",".join(self.kommuner), "fran": f"{self.fran:%Y-%m}", "till": f"{self.till:%Y-%m}",
                  "malgrupp": ",".join(self.malgrupper), "kon": self.kon or "alla", **self.sidval}
        standardvarden = {"fran": f"{standard[0]:%Y-%m}", "till": f"{standard[1]:%Y-%m}"}
        delar = [(f.namn, varden[f.namn]) for f in FALT
                 if varden.get(f.namn) and varden[f.namn] != standardvarden.get(f.namn, f.standard)]
        text = urlencode(delar, safe=",")
        return "?" + text if text else ""


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
    falt = _med_nya_namn(falt)
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

    sidval = {}
    for sidfalt in (f for f in FALT if not f.filterrad):
        if not falt.get(sidfalt.namn):
            continue
        giltigt = sidfalt.prova(falt[sidfalt.namn])
        if giltigt is None:
            notiser.append(f"Okänt val {sidfalt.namn}={falt[sidfalt.namn][:20]} – visar {sidfalt.standardtext}.")
        elif giltigt != sidfalt.standard:
            sidval[sidfalt.namn] = giltigt

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
    return Urval(kommuner, fran, till, malgrupper, kon, tuple(notiser), sidval)


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
