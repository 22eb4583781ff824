"""Filtyperna: kolumner, synonymer och vilka som krävs (datakontraktet avsnitt 3 och 7).

Rubriker jämförs efter normalize_header(): gemener, å/ä/ö som a/a/o, enhet
inom parentes borttagen och mellanslag, _ - . borttagna. Synonymerna skrivs
därför här i den formen.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Filtyp:
    namn: str
    # kanoniskt kolumnnamn -> normaliserade rubriker som betyder den kolumnen
    kolumner: dict[str, tuple[str, ...]]
    # varje krav är en grupp alternativ: minst en av kolumnerna i gruppen krävs
    krav: tuple[tuple[str, ...], ...]
    # kolumner som ska läsas som datum (för Excel-celler som är serietal)
    datumkolumner: frozenset[str] = field(default_factory=frozenset)
    # källan i importloggen och datadatumet, när den är en annan än typen (bred arbetsmarknadsfil)
    kalla: str | None = None
    # upsert_<namn>.sql som lagrar typen, när den delas med en annan typ
    lagras_som: str | None = None

    @property
    def kallnamn(self) -> str:
        return self.kalla or self.namn

    def kolumn_for(self, rubrik: str) -> str | None:
        return _SYNONYM_INDEX[self.namn].get(rubrik)

    def saknade_krav(self, kanoniska: set[str]) -> list[tuple[str, ...]]:
        return [grupp for grupp in self.krav if not any(k in kanoniska for k in grupp)]


DELTAGARE = Filtyp(
    namn="deltagare",
    kolumner={
        "personnummer": ("personnummer", "pnr", "personnr", "persnr", "personnummer12", "personnummer10"),
        "deltagare_id": ("deltagareid", "deltagarid", "id", "deltagarnummer", "lopnummer"),
        "kommun": ("kommun", "kommunkod", "hemkommun", "kommunnamn", "kommunnr"),
        "insats": ("insats", "aktivitet", "insatstyp", "program", "insatsnamn"),
        "startdatum": ("startdatum", "start", "from", "fran", "franmed", "frandatum", "inskrivningsdatum"),
        "slutdatum": ("slutdatum", "slut", "avslutsdatum", "tom", "tillmed", "utskrivningsdatum"),
        "avslutsorsak": ("avslutsorsak", "avslut", "orsak", "avslutsanledning"),
        "status_90": ("status90", "uppfoljning90dagar", "statusefter90dagar", "status90dagar", "uppfoljning90"),
        # Frivilliga (kontraktet avsnitt 3): läget 6 och 12 månader efter avslut, samma värden som status_90.
        "status_180": ("status180", "uppfoljning6manader", "statusefter6manader", "status6manader",
                       "uppfoljning180dagar", "status180dagar", "uppfoljning180"),
        "status_365": ("status365", "uppfoljning12manader", "statusefter12manader", "status12manader",
                       "uppfoljning365dagar", "status365dagar", "uppfoljning365"),
        "jobbspar": ("jobbspar", "jobbsparnamn"),
        "projekt": ("projekt", "projektnamn", "projektid"),
        "kon": ("kon", "konstillhorighet"),
        "fodelsear": ("fodelsear", "fodar"),
        "malgrupp": ("malgrupp",),
        "ekonomiskt_bistand": ("ekonomisktbistand", "forsorjningsstod", "ekbistand", "ekonomisktbistandja"),
    },
    krav=(("personnummer", "deltagare_id"), ("kommun",), ("insats",), ("startdatum",)),
    datumkolumner=frozenset({"startdatum", "slutdatum"}),
)

BUDGET = Filtyp(
    namn="budget",
    kolumner={
        "ar": ("ar", "budgetar", "year", "kalenderar"),
        "period": ("period", "manadsperiod", "budgetperiod"),
        "manad": ("manad", "month", "man"),
        "kommun": ("kommun", "kommunkod", "kommunnamn"),
        "budgetpost": ("budgetpost", "post", "insats", "typ", "anslagspost"),
        "budget_kr": ("budgetkr", "budget", "tilldelat", "beviljat", "ram", "tilldeladbudget", "budgetram"),
        "utfall_kr": ("utfallkr", "utfall", "forbrukat", "kostnad", "forbrukning"),
        "budget_platser": ("budgetplatser", "platser", "antalplatser", "planeradeplatser"),
        "utfall_platser": ("utfallplatser", "besattaplatser", "antalanstallda", "besatta"),
        "kommentar": ("kommentar", "anmarkning", "notering"),
    },
    krav=(("ar", "period"), ("kommun",), ("budgetpost",), ("budget_kr",)),
)

JOBBSPAR = Filtyp(
    namn="jobbspar",
    kolumner={
        "jobbspar": ("jobbspar", "spar", "jobbsparnamn"),
        "kluster": ("kluster", "samverkanskluster", "klusternamn"),
        "kommun": ("kommun", "kommunkod", "kommunnamn", "medlemskommun"),
        "bransch": ("bransch", "yrkesomrade"),
        "samordnare": ("samordnare", "samordnandekommun"),
        "startdatum": ("startdatum", "start"),
        "slutdatum": ("slutdatum", "slut"),
        "platser": ("platser", "antalplatser", "planeradeplatser"),
    },
    krav=(("jobbspar",), ("kluster",), ("kommun",)),
    datumkolumner=frozenset({"startdatum", "slutdatum"}),
)

PROJEKT = Filtyp(
    namn="projekt",
    kolumner={
        "projekt": ("projekt", "projektnamn"),
        "projekt_id": ("projektid", "diarienummer", "dnr"),
        "startdatum": ("startdatum", "start"),
        "slutdatum": ("slutdatum", "slut"),
        "projektperiod": ("projektperiod",),
        "agare": ("agare", "projektagare"),
        "kommuner": ("kommuner", "deltagandekommuner"),
        "budget_kr": ("budgetkr", "totalbudget", "totalprojektbudget", "budget"),
        "esf_stod_kr": ("esfstodkr", "beviljatesfstod", "esfstod"),
        "malgrupp": ("malgrupp",),
        "mal_andel": ("malandel", "malvarde", "malarbetestudier"),
        "planerade_deltagare": ("planeradedeltagare", "antalplaneradedeltagare", "planeradeantaldeltagare"),
    },
    krav=(("projekt",), ("startdatum", "projektperiod"), ("slutdatum", "projektperiod")),
    datumkolumner=frozenset({"startdatum", "slutdatum"}),
)

# Kontextfiler (datakontraktet avsnitt 7): offentlig statistik som förklarar monitorns egna tal.
# Rader för kommuner utanför regionen hoppas över och räknas; de avvisas inte.
ARBETSMARKNAD = Filtyp(
    namn="arbetsmarknad",
    kolumner={
        "manad": ("manad", "period", "manadsperiod"),
        "ar": ("ar",),
        "kommun": ("kommun", "kommunkod", "kommunnamn"),
        "afkod": ("afkod", "kod", "sokandekategori", "sokandekategorikod", "matt"),
        "antal": ("antal", "varde"),
        "kon": ("kon", "koen"),
    },
    krav=(("manad",), ("kommun",), ("afkod",), ("antal",)),
)

# Samma fakta i bred form: en kolumn per mått (kommun;månad;öppet arbetslösa;…). Kolumnen a87 är
# AF:s mått 87 (utan arbete mer än 12 månader) osv.; SQL:en gör om filen till lång form.
ARBETSMARKNAD_BRED = Filtyp(
    namn="arbetsmarknad_bred",
    kolumner={
        "manad": ("manad", "period", "manadsperiod"),
        "ar": ("ar",),
        "kommun": ("kommun", "kommunkod", "kommunnamn"),
        "kon": ("kon", "koen"),
        "a4": ("oppetarbetslosa", "oppetarbetslosaantal", "af4"),
        "a86": ("inskrivnautanarbetemeran6manader", "utanarbetemeran6manader", "utanarbete6manader", "af86"),
        "a87": ("inskrivnautanarbetemeran12manader", "utanarbetemeran12manader", "utanarbete12manader",
                "langtidsarbetslosa", "af87"),
        "a88": ("inskrivnautanarbetemeran24manader", "utanarbetemeran24manader", "utanarbete24manader", "af88"),
        "a97": ("iextratjanst", "extratjanst", "extratjanster", "af97"),
        "a102": ("imodernaberedskapsjobb", "modernaberedskapsjobb", "af102"),
    },
    krav=(("manad",), ("kommun",), ("a4", "a86", "a87", "a88", "a97", "a102")),
    kalla="arbetsmarknad",
    lagras_som="arbetsmarknad",
)

KOLADA = Filtyp(
    namn="kolada",
    kolumner={
        "kpi": ("kpi", "kpiid", "nyckeltal", "nyckeltalsid"),
        "kommun": ("municipality", "municipalityid", "kommun", "kommunkod"),
        "ar": ("period", "ar", "year"),
        "kon": ("gender", "kon"),
        "varde": ("value", "varde"),
    },
    krav=(("kpi",), ("kommun",), ("ar",), ("varde",)),
)

# Koladas nyckeltalsbeskrivningar (/v3/kpi): titlarna som visas bredvid värdena.
KOLADA_KPI = Filtyp(
    namn="kolada_kpi",
    kolumner={"kpi": ("id", "kpi", "kpiid"), "titel": ("title", "titel"), "beskrivning": ("description",)},
    krav=(("kpi",), ("titel",)),
    kalla="kolada",
)

# SCB:s folkmängd per kommun, ålder och år (statistikdatabasen BE0101, sparad i lång form:
# region;ålder;år;folkmängd med "1440 Ale", "16 år", "100+ år" eller "totalt ålder"). Ger folkmängden
# för vilken region som helst och invånarna 16–64 år, som "Visa som" räknar per.
BEFOLKNING = Filtyp(
    namn="befolkning",
    kolumner={
        "kommun": ("region", "kommun", "kommunkod", "kommunnamn"),
        "alder": ("alder", "aldersklass", "ettarsklass"),
        "ar": ("ar", "period", "year"),
        "kon": ("kon",),
        "antal": ("folkmangd", "befolkning", "antal", "invanare", "varde"),
    },
    krav=(("kommun",), ("alder",), ("ar",), ("antal",)),
)

FILTYPER: tuple[Filtyp, ...] = (DELTAGARE, BUDGET, JOBBSPAR, PROJEKT, ARBETSMARKNAD, ARBETSMARKNAD_BRED, KOLADA,
                                KOLADA_KPI, BEFOLKNING)
FILTYP_PER_NAMN = {t.namn: t for t in FILTYPER}

_SYNONYM_INDEX: dict[str, dict[str, str]] = {
    t.namn: {syn: kanon for kanon, syns in t.kolumner.items() for syn in syns} for t in FILTYPER
}

_PARENTES = re.compile(r"\([^)]*\)")
_EJ_ALNUM = re.compile(r"[^a-z0-9]")


def normalize_header(cell: object) -> str:
    """'Tilldelat (kr)' -> 'tilldelat', 'Fr.o.m.' -> 'from', 'Kön' -> 'kon'."""
    if cell is None:
        return ""
    text = _PARENTES.sub("", str(cell)).strip().lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _EJ_ALNUM.sub("", text)


def beskriv_krav(grupp: tuple[str, ...]) -> str:
    return " eller ".join(grupp)
