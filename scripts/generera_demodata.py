"""Genererar Samverkansmonitorns FIKTIVA demodata som riktiga exportfiler.

Deterministiskt (fast frö): samma filer varje gång. Filerna har de egenheter
som verkliga exporter har – Windows-1252 med semikolon, titelrader,
XLSX med datumceller, UTF-8 med BOM, tabbar, '1 234 567 kr' – så att
standardkörningen går genom den riktiga inläsningen.

    python scripts/generera_demodata.py [MAPP] [--skala N]

--skala multiplicerar antalet deltagare (för benchmarks).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.kommuner import GR_KOMMUNER, KOMMUN_NAMN  # noqa: E402
from ingest.luhn import personnummer  # noqa: E402

FRO = 20210608  # samrådets möte 8/6
DATADATUM = dt.date(2026, 10, 31)
FIKTIVT = "FIKTIVA DEMODATA – inga verkliga personer eller belopp"

# Jobbspårskluster av grannkommuner: (kluster, samordnare, kommuner, jobbspår)
KLUSTER = (
    ("Kluster Nordost", "1441", ("1440", "1441", "1489", "1462"),
     (("Jobbspår vård och omsorg", "Vård och omsorg"), ("Jobbspår lager och logistik", "Transport och logistik"))),
    ("Kluster Syd", "1481", ("1384", "1481", "1401", "1402"),
     (("Jobbspår förskola", "Pedagogiskt arbete"), ("Jobbspår lokalvård", "Städ och fastighet"))),
    ("Kluster Nord och hav", "1482", ("1482", "1415", "1419", "1407"),
     (("Jobbspår kök", "Hotell, restaurang och storhushåll"), ("Jobbspår vård och omsorg", "Vård och omsorg"))),
    ("Kluster Storstad", "1480", ("1480",),
     (("Jobbspår bussförare", "Transport och logistik"), ("Jobbspår lokalvård", "Städ och fastighet"))),
)

# AF:s tilldelning per år i förhållande till 2018 års nivå. 2019 stoppades nya
# extratjänster, 2020 återställdes delvis; 2021 aviserades minskning i vissa kommuner.
ARSFAKTOR = {2019: 0.45, 2020: 0.75, 2021: 0.85, 2022: 0.8, 2023: 0.7, 2024: 0.62, 2025: 0.55, 2026: 0.5}
NEDSKURNA_2021 = {"1482": 0.62, "1441": 0.7, "1419": 0.66}  # de lokala avvikelserna
# Avvikelser i år, så att även standardvyn har något att fråga AF om.
AVVIKELSE_2026 = {"1481": (0.74, "AF har aviserat minskad budget för extratjänster 2026"),
                  "1440": (1.2, "Utökad tilldelning efter lokal överenskommelse med AF")}
KOSTNAD_PER_PLATS_MANAD = 24_500
VAGEN_VIDARE = ("1440", "1480", "1384", "1441", "1481", "1402", "1415")

MALGRUPPER = ("Ung 16–24", "Nyanländ", "Långtidsarbetslös", "Funktionsnedsättning", "Övriga")
INSATSER = (("Extratjänst", 0.27), ("Jobbspår", 0.14), ("Praktik", 0.2), ("Arbetsträning", 0.15),
            ("Utbildning", 0.17), ("Projekt", 0.07))
AVSLUT = (("Arbete", 0.34), ("Studier", 0.16), ("Annan insats", 0.17), ("Avbrott", 0.14),
          ("Flytt", 0.04), ("Ohälsa", 0.08), ("Övrigt", 0.07))

# Stavningar som förekommer i verkliga exporter.
STAVNINGAR = {
    "1480": ("Göteborg", "Göteborgs stad", "GÖTEBORG", "1480", "Goteborg"),
    "1481": ("Mölndal", "Mölndals stad", "Molndal", "1481"),
    "1401": ("Härryda", "Härryda kommun", "Harryda"),
    "1407": ("Öckerö", "Öckerö kommun", "Ockero"),
    "1462": ("Lilla Edet", "Lilla-Edet", "Lilla Edets kommun"),
    "1482": ("Kungälv", "Kungälvs kommun", "Kungalv"),
    "1489": ("Alingsås", "Alingsås kommun", "Alingsas"),
}


def _val(rng: random.Random, par):
    return rng.choices([v for v, _ in par], weights=[w for _, w in par])[0]


def _kr(belopp: float, hart: bool) -> str:
    text = f"{round(belopp):,}".replace(",", "\u00a0" if hart else " ")
    return f"{text} kr"


def budgetrader(rng: random.Random) -> list[dict]:
    rader = []
    for kod, namn, folk in GR_KOMMUNER:
        grund = folk * 46.0  # kr per invånare och år på 2018 års nivå
        lokal_nyttjande = rng.uniform(0.72, 0.98)
        for ar in range(2019, DATADATUM.year + 1):
            faktor = ARSFAKTOR[ar]
            if ar >= 2021 and kod in NEDSKURNA_2021:
                faktor *= NEDSKURNA_2021[kod]
            if ar == 2026 and kod in AVVIKELSE_2026:
                faktor *= AVVIKELSE_2026[kod][0]
            arsbudget = grund * faktor
            for manad in range(1, 13):
                if dt.date(ar, manad, 1) > DATADATUM:
                    break
                budget = arsbudget / 12
                nyttjande = min(1.08, lokal_nyttjande * rng.uniform(0.9, 1.08) * (0.85 if manad in (7, 8) else 1))
                utfall = budget * nyttjande
                kommentar = ""
                if ar == 2021 and manad == 1 and kod in NEDSKURNA_2021:
                    kommentar = "AF har aviserat minskad tilldelning för extratjänster"
                if ar == 2026 and manad == 1 and kod in AVVIKELSE_2026:
                    kommentar = AVVIKELSE_2026[kod][1]
                rader.append({
                    "ar": ar, "manad": manad, "kod": kod, "namn": namn, "post": "Extratjänster",
                    "budget": budget, "utfall": utfall,
                    "platser": round(budget / KOSTNAD_PER_PLATS_MANAD),
                    "besatta": round(utfall / KOSTNAD_PER_PLATS_MANAD),
                    "kommentar": kommentar,
                })
    return rader


# Målgruppen för extratjänster (AF:s mått 87) per kommun: andel av folkmängden, och förändringen
# 2025 -> 2026 som förklarar avvikelserna: Mölndals målgrupp krymper (förklarar nedskärningen),
# Ales är oförändrad (ingen förklaring i data; budgetfilens kommentar säger varför).
MALGRUPP_ANDEL = 0.0062
MALGRUPP_TREND = {"1481": -0.27, "1440": 0.01}
MALGRUPP_TREND_REGION = -0.03
# Kommuner utanför GR i AF:s fil (rikets fil innehåller alla): de ska hoppas över, inte avvisas.
UTANFOR_GR = (("1490", 113_000), ("1488", 59_000))


def arbetsmarknadsrader(rng: random.Random, budget: list[dict]) -> list[list]:
    """AF:s öppna data i lång form, som AF skriver den: MANAD;LANSKOD;KOMMUNKOD;KOEN;AFKOD;ANTAL.

    Mått 87 (utan arbete >12 mån), 4 (öppet arbetslösa) och 97 (i extratjänst, nära budgetfilens
    besatta platser). Små tal döljs som AF gör: "<5"."""
    besatta = {(b["kod"], b["ar"], b["manad"]): b["besatta"] for b in budget}
    rader = []
    for kod, _namn, folk in [*GR_KOMMUNER, *((k, "", f) for k, f in UTANFOR_GR)]:
        for ar in (2024, 2025, 2026):
            for manad in range(1, 13):
                if dt.date(ar, manad, 1) > DATADATUM:
                    break
                trend = MALGRUPP_TREND.get(kod, MALGRUPP_TREND_REGION)
                niva = 1.0 if ar < 2026 else 1 + trend
                sasong = 1 + 0.04 * (manad in (1, 2, 12)) - 0.03 * (manad in (6, 7))
                for afkod, bas in ((87, folk * MALGRUPP_ANDEL * niva * sasong), (4, folk * 0.021 * sasong),
                                   (97, besatta.get((kod, ar, manad), 0) * rng.uniform(0.85, 1.0))):
                    for kon, del_ in (("K", 0.46), ("M", 0.54)):
                        antal = round(bas * del_ * rng.uniform(0.97, 1.03))
                        rader.append([f"{ar}-{manad:02d}", "14", kod, kon, afkod, "<5" if antal < 5 else antal])
    return rader


def kolada_svar(rng: random.Random) -> dict:
    """Ett sparat svar från Koladas API v3: långtidsarbetslöshet (andel %) och invånare, 2024–2025, och riket."""
    varden = []
    for kod, _namn, folk in [*GR_KOMMUNER, ("0000", "", 10_551_707)]:
        for ar in (2024, 2025):
            andel = round(rng.uniform(1.6, 4.2) * (0.8 if kod == "1481" and ar == 2025 else 1), 1)
            varden.append({"kpi": "N03926", "municipality": kod, "period": ar, "values": [
                {"gender": "T", "count": 1, "status": "", "value": andel},
                {"gender": "K", "count": 1, "status": "", "value": round(andel * 0.95, 1)},
                {"gender": "M", "count": 1, "status": "", "value": round(andel * 1.05, 1)}]})
            varden.append({"kpi": "N01951", "municipality": kod, "period": ar, "values": [
                {"gender": "T", "count": 1, "status": "", "value": round(folk * (1 + 0.008 * (ar - 2023)))}]})
    return {"values": varden, "count": len(varden), "next_url": None}


def befolkningsrader(rng: random.Random) -> list[list]:
    """SCB:s folkmängd per region, ålder, kön och år, som statistikdatabasen sparar den i lång form
    ("1440 Ale", "16 år", "100+ år"). Summan är kommunens verkliga folkmängd; åldersfördelningen är påhittad
    (andelen 16–64 år varierar mellan kommunerna, 58–66 %)."""
    rader = []
    for kod, namn, folk in [*GR_KOMMUNER, *((k, "Borås", f) for k, f in UTANFOR_GR[:1])]:
        arbetsfor = rng.uniform(0.58, 0.66)
        # Vikter per ålder: 16–64 delar på andelen arbetsför, övriga åldrar på resten.
        vikter = [arbetsfor / 49 if 16 <= a <= 64 else (1 - arbetsfor) / 52 for a in range(101)]
        for kon, del_ in (("kvinnor", 0.495), ("män", 0.505)):
            for alder, vikt in enumerate(vikter):
                text = "100+ år" if alder == 100 else f"{alder} år"
                rader.append([f"{kod} {namn}", text, kon, "2024", round(folk * vikt * del_)])
    return rader


# Kommuner vars insatser gör verklig skillnad åt ena eller andra hållet, så att sidan Resultat mot förväntat
# har något att visa: andelen av de uppföljda vars läge 90 dagar efter ändras. Avgörs av personnumret, inte av
# slumptalsgeneratorn, så att resten av demodatan (antal, datum, budget) är densamma som förut.
KOMMUNEFFEKT = {"1401": 0.15, "1441": -0.25}  # Härryda bättre, Lerum sämre än förväntat
# Öckerö följer upp bara var tredje avslutad deltagare: för få avslut för en bedömning i standardperioden.
GLES_UPPFOLJNING = {"1407": 0.35}


def _kommuneffekt(kod: str, pnr: str, status: str) -> str:
    effekt = KOMMUNEFFEKT.get(kod, 0.0)
    lott = int(pnr[-4:]) % 100 / 100
    if kod in GLES_UPPFOLJNING and int(pnr[-4:]) * 3 % 100 / 100 >= GLES_UPPFOLJNING[kod]:
        return ""
    if effekt > 0 and status not in ("I arbete", "I studier") and lott < effekt:
        return "I arbete"
    if effekt < 0 and status in ("I arbete", "I studier") and lott < -effekt:
        return "Arbetssökande"
    return status


def _senare_status(d: dict, dagar: int) -> str:
    """Läget 6 eller 12 månader efter avslut (de frivilliga kolumnerna status_180 och status_365), ur läget
    90 dagar efter: de flesta i arbete eller studier är kvar där, några arbetssökande har kommit i arbete.
    Avgörs av personnumret, inte av slumptalsgeneratorn, så att resten av demodatan är densamma."""
    if not d["status"] or d["slut"] is None or d["slut"] + dt.timedelta(days=dagar) > DATADATUM:
        return ""
    lott = int(d["pnr"][-4:]) * (7 if dagar == 180 else 13) % 100 / 100
    if d["status"] in ("I arbete", "I studier"):
        return d["status"] if lott < (0.85 if dagar == 180 else 0.75) else "Arbetssökande"
    return "I arbete" if lott < (0.12 if dagar == 180 else 0.2) else d["status"]


def deltagarrader(rng: random.Random, skala: float) -> list[dict]:
    rader = []
    anvanda: set[str] = set()
    kluster_for = {}
    for _kluster, _, kommuner, spar in KLUSTER:
        for kod in kommuner:
            kluster_for[kod] = [s for s, _ in spar]
    for kod, _namn, folk in GR_KOMMUNER:
        antal = int(max(250, folk * 0.02) * skala)
        for _ in range(antal):
            while True:
                fodd = dt.date(rng.randint(1962, 2006), rng.randint(1, 12), rng.randint(1, 28))
                pnr = personnummer(fodd.year, fodd.month, fodd.day, rng.randint(0, 999))
                if pnr not in anvanda:
                    anvanda.add(pnr)
                    break
            insats = _val(rng, INSATSER)
            start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, (DATADATUM - dt.date(2019, 1, 1)).days - 20))
            projekt = jobbspar = ""
            if insats == "Jobbspår":
                jobbspar = rng.choice(kluster_for[kod])
            if insats == "Projekt":
                if kod in ("1489", "1401") and rng.random() < 0.7:
                    projekt = "2020/00114"
                    start = dt.date(2020, 8, 1) + dt.timedelta(days=rng.randint(0, 800))
                elif kod in VAGEN_VIDARE:
                    projekt = "Vägen vidare"
                    start = dt.date(2023, 1, 9) + dt.timedelta(days=rng.randint(0, 900))
            if insats == "Projekt" and not projekt:
                insats = "Praktik"
            langd = {"Extratjänst": 330, "Jobbspår": 150, "Projekt": 200}.get(insats, 110)
            slut = start + dt.timedelta(days=int(rng.uniform(0.3, 1.6) * langd))
            pagar = slut > DATADATUM
            avslut = status = ""
            if not pagar:
                avslut = _val(rng, AVSLUT)
                if slut + dt.timedelta(days=90) <= DATADATUM:
                    if avslut == "Arbete":
                        status = _val(rng, (("I arbete", 0.8), ("Arbetssökande", 0.15), ("I studier", 0.05)))
                    elif avslut == "Studier":
                        status = _val(rng, (("I studier", 0.75), ("I arbete", 0.1), ("Arbetssökande", 0.15)))
                    else:
                        status = _val(rng, (("Arbetssökande", 0.45), ("I arbete", 0.15), ("I studier", 0.08),
                                            ("Annan insats", 0.2), ("Okänt", 0.12)))
                    status = _kommuneffekt(kod, pnr, status)
            malgrupp = rng.choice(MALGRUPPER)
            if fodd.year >= start.year - 24:
                malgrupp = "Ung 16–24"
            rader.append({
                "pnr": pnr, "kod": kod, "insats": insats, "start": start, "slut": None if pagar else slut,
                "avslut": avslut, "status": status, "jobbspar": jobbspar, "projekt": projekt,
                "kon": "Kvinna" if int(pnr[-2]) % 2 == 0 else "Man",
                "malgrupp": malgrupp, "ekb": rng.random() < 0.42,
            })
    return rader + fortsattningar(rader)


def fortsattningar(rader: list[dict]) -> list[dict]:
    """Kedjor av insatser (ESF-ansökans hypotes): var femte som avslutat en kommunal praktik, arbetsträning
    eller utbildning utan arbete eller studier går vidare till en extratjänst, och fler av dem är i arbete
    efteråt. Avgörs av personnumret, inte av slumptalsgeneratorn, så att de första raderna är desamma som förut."""
    ut = []
    for d in rader:
        lott = int(d["pnr"][-4:]) * 11 % 100 / 100
        if (d["insats"] not in ("Praktik", "Arbetsträning", "Utbildning") or d["slut"] is None
                or d["avslut"] in ("Arbete", "Studier") or lott >= 0.2):
            continue
        start = d["slut"] + dt.timedelta(days=21)
        if start > DATADATUM - dt.timedelta(days=20):
            continue
        slut = start + dt.timedelta(days=300)
        pagar = slut > DATADATUM
        i_arbete = lott < 0.13
        status = "" if pagar or slut + dt.timedelta(days=90) > DATADATUM else (
            "I arbete" if i_arbete else "Arbetssökande")
        ut.append({**d, "insats": "Extratjänst", "start": start, "slut": None if pagar else slut,
                   "avslut": "" if pagar else ("Arbete" if i_arbete else "Övrigt"), "status": status,
                   "jobbspar": "", "projekt": ""})
    return ut


def _kommuntext(rng: random.Random, kod: str) -> str:
    return rng.choice(STAVNINGAR.get(kod, (KOMMUN_NAMN[kod], f"{KOMMUN_NAMN[kod]} kommun")))


def _skriv_csv(sokvag: Path, rader: list[list], kodning: str, avgr: str, titel: list[str] | None = None) -> None:
    buf = io.StringIO(newline="")
    skrivare = csv.writer(buf, delimiter=avgr, lineterminator="\r\n")
    for t in titel or []:
        skrivare.writerow([t])
    if titel:
        skrivare.writerow([])
    skrivare.writerows(rader)
    sokvag.write_bytes(buf.getvalue().encode(kodning))


def _skriv_xlsx(sokvag: Path, rader: list[list], titel: list[str], bladnamn: str) -> None:
    import openpyxl

    bok = openpyxl.Workbook()
    info = bok.active
    info.title = "Om filen"
    info["A1"] = FIKTIVT
    blad = bok.create_sheet(bladnamn)
    for t in titel:
        blad.append([t])
    blad.append([])
    for rad in rader:
        blad.append(rad)
    for cell in blad["A"] + blad["B"] + blad["C"] + blad["D"] + blad["E"]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    # Fast tidsstämpel: samma innehåll ger samma fil, så att git inte ser ändringar.
    bok.properties.created = bok.properties.modified = dt.datetime(2026, 11, 1)
    bok.save(sokvag)
    _fasta_zipdatum(sokvag)


def _fasta_zipdatum(sokvag: Path) -> None:
    """XLSX är zip med tidsstämplar per del; fasta datum ger samma bytes varje körning."""
    import zipfile

    with zipfile.ZipFile(sokvag) as zin:
        delar = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(sokvag, "w", zipfile.ZIP_DEFLATED) as zut:
        for info, data in delar:
            if info.filename == "docProps/core.xml":  # openpyxl sätter "modified" till nu vid save()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-01T00:00:00Z", data)
            ny = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0))
            ny.compress_type = zipfile.ZIP_DEFLATED
            zut.writestr(ny, data)


def _dold_skavank(rng: random.Random, rader: list[list], index_pnr: int, index_kommun: int,
                  index_start: int, index_slut: int) -> None:
    """Några felaktiga rader, så att datakvalitetssidan har något att visa."""
    for i in rng.sample(range(len(rader)), 6):
        rad = rader[i]
        val = i % 3
        if val == 0:
            rad[index_kommun] = "Borås"
        elif val == 1:
            rad[index_pnr] = rad[index_pnr][:-1] + str((int(rad[index_pnr][-1]) + 1) % 10)
        else:
            rad[index_slut], rad[index_start] = rad[index_start], rad[index_slut] or rad[index_start]
            if rad[index_slut] == rad[index_start]:
                rad[index_kommun] = "Uddevalla"


def skriv_demodata(mapp: Path, skala: float = 1.0) -> list[Path]:
    rng = random.Random(FRO)
    mapp.mkdir(parents=True, exist_ok=True)
    filer = []

    budget = budgetrader(rng)
    rubrik_xlsx = ["År", "Månad", "Kommun", "Budgetpost", "Tilldelat (kr)", "Förbrukat (kr)", "Platser",
                   "Besatta platser", "Kommentar"]
    tidiga = [[b["ar"], b["manad"], b["namn"], b["post"], round(b["budget"], 2), round(b["utfall"], 2),
               b["platser"], b["besatta"], b["kommentar"] or None] for b in budget if b["ar"] <= 2022]
    sokvag = mapp / "budget_extratjanster_2019-2022.xlsx"
    _skriv_xlsx(sokvag, [rubrik_xlsx, *tidiga],
                ["Arbetsförmedlingen Region Väst – tilldelning och utfall extratjänster", FIKTIVT], "Tilldelning")
    filer.append(sokvag)
    sena = [[f"{b['ar']}-{b['manad']:02d}", b["kod"], b["post"], _kr(b["budget"], i % 2 == 0),
             _kr(b["utfall"], i % 2 == 1), b["platser"], b["besatta"], b["kommentar"]]
            for i, b in enumerate(b for b in budget if b["ar"] >= 2023)]
    sokvag = mapp / "budget_extratjanster_2023-2026.csv"
    _skriv_csv(sokvag, [["Period", "Kommunkod", "Post", "Budget", "Utfall (kr)", "Antal platser", "Antal anställda", "Anmärkning"], *sena], "cp1252", ";",
               ["Uttag ur AF:s budgetuppföljning " + DATADATUM.isoformat(), FIKTIVT])
    filer.append(sokvag)

    deltagare = deltagarrader(rng, skala)
    grupper = {
        "goteborg": {"1480"},
        "nordost": {"1440", "1441", "1489", "1462"},
        "sodra": {"1384", "1481", "1401", "1402"},
        "nord_och_hav": {"1482", "1415", "1419", "1407"},
    }

    def rader_for(koder):
        return [d for d in deltagare if d["kod"] in koder]

    # Göteborg: UTF-8 med BOM, komma, 12 siffror med bindestreck, ISO-datum; med de frivilliga uppföljningarna
    # 6 och 12 månader efter (som Södra; de andra filerna har dem inte).
    rubrik = ["Personnummer", "Kommun", "Insats", "Startdatum", "Slutdatum", "Avslutsorsak",
              "Status efter 90 dagar", "Jobbspår", "Projekt", "Kön", "Målgrupp", "Ekonomiskt bistånd",
              "Status efter 6 månader", "Status efter 12 månader"]
    data = [[d["pnr"], _kommuntext(rng, d["kod"]), d["insats"], d["start"].isoformat(),
             d["slut"].isoformat() if d["slut"] else "", d["avslut"], d["status"], d["jobbspar"], d["projekt"],
             d["kon"], d["malgrupp"], "Ja" if d["ekb"] else "Nej", _senare_status(d, 180), _senare_status(d, 365)]
            for d in rader_for(grupper["goteborg"])]
    _dold_skavank(rng, data, 0, 1, 3, 4)
    sokvag = mapp / "deltagare_goteborg.csv"
    _skriv_csv(sokvag, [rubrik, *data], "utf-8-sig", ",")
    filer.append(sokvag)

    # Nordost: tabbavgränsad .txt, 12 siffror utan bindestreck, datum 20240301, kön saknas (härleds).
    rubrik = ["pnr", "hemkommun", "aktivitet", "from", "tom", "avslut", "uppföljning 90 dagar", "jobbspår",
              "projektnamn", "malgrupp", "forsorjningsstod"]
    data = [[d["pnr"].replace("-", ""), _kommuntext(rng, d["kod"]), d["insats"], d["start"].strftime("%Y%m%d"),
             d["slut"].strftime("%Y%m%d") if d["slut"] else "", d["avslut"], d["status"], d["jobbspar"],
             d["projekt"], d["malgrupp"], "X" if d["ekb"] else ""] for d in rader_for(grupper["nordost"])]
    sokvag = mapp / "deltagare_nordost.txt"
    _skriv_csv(sokvag, [rubrik, *data], "utf-8", "\t")
    filer.append(sokvag)

    # Södra: XLSX med datumceller och titelrader.
    rubrik = ["Personnr", "Kommunkod", "Insatstyp", "Startdatum", "Avslutsdatum", "Orsak", "Status 90",
              "Jobbspår", "Projekt", "Kön", "Målgrupp", "Ekonomiskt bistånd", "Uppföljning 6 månader",
              "Uppföljning 12 månader"]
    data = [[d["pnr"], d["kod"], d["insats"], d["start"], d["slut"], d["avslut"] or None, d["status"] or None,
             d["jobbspar"] or None, d["projekt"] or None, d["kon"][0], d["malgrupp"], 1 if d["ekb"] else 0,
             _senare_status(d, 180) or None, _senare_status(d, 365) or None]
            for d in rader_for(grupper["sodra"])]
    sokvag = mapp / "deltagare_sodra.xlsx"
    _skriv_xlsx(sokvag, [rubrik, *data], ["Deltagare i arbetsmarknadsinsatser, södra GR", FIKTIVT], "Deltagare")
    filer.append(sokvag)

    # Nord och hav: Windows-1252, semikolon, tio siffror med bindestreck, titelrader.
    rubrik = ["Personnummer", "Kommunnamn", "Insats", "Fr.o.m.", "T.o.m.", "Avslutsorsak",
              "Uppföljning 90 dagar", "Jobbspår", "Projekt", "Kön", "Målgrupp", "Ekonomiskt bistånd"]
    data = [[d["pnr"][2:], _kommuntext(rng, d["kod"]), d["insats"], d["start"].isoformat(),
             d["slut"].isoformat() if d["slut"] else "", d["avslut"], d["status"], d["jobbspar"], d["projekt"],
             "", d["malgrupp"], "Ja" if d["ekb"] else "Nej"] for d in rader_for(grupper["nord_och_hav"])]
    _dold_skavank(rng, data, 0, 1, 3, 4)
    sokvag = mapp / "deltagare_nord_och_hav.csv"
    _skriv_csv(sokvag, [rubrik, *data], "cp1252", ";",
               ["Deltagarförteckning AME – Kungälv, Stenungsund, Tjörn, Öckerö", FIKTIVT])
    filer.append(sokvag)

    rubrik = ["Jobbspår", "Kluster", "Kommun", "Bransch", "Samordnande kommun", "Startdatum", "Platser"]
    data = []
    for kluster, samordnare, kommuner, spar in KLUSTER:
        for namn, bransch in spar:
            for kod in kommuner:
                data.append([namn, kluster, KOMMUN_NAMN[kod], bransch, KOMMUN_NAMN[samordnare],
                             dt.date(2021, 9, 1), 10 if kod != "1480" else 60])
    sokvag = mapp / "jobbspar_kluster.xlsx"
    _skriv_xlsx(sokvag, [rubrik, *data], ["Jobbspår i samverkan, GR och AF Region Väst", FIKTIVT], "Jobbspår")
    filer.append(sokvag)

    rubrik = ["Projektnamn", "Diarienummer", "Projektperiod", "Projektägare", "Deltagande kommuner",
              "Total budget", "Beviljat ESF-stöd", "Målgrupp", "Mål arbete/studier", "Planerade deltagare"]
    data = [
        ["Mellan Rum 2.0 (förstudie)", "", "2014-01-06 till 2014-07-04", "Arbetsförmedlingen Göteborg", "Alla",
         "450 000 kr", "450 000 kr", "Långtidsarbetslösa och unga", "", ""],
        ["Premiär i kommunen", "2020/00114", "2020-08-01 till 2022-12-31", "Alingsås kommun", "Alingsås, Härryda",
         "10 598 681 kr", "4 980 114 kr", "Nyanlända och gammelanlända", "50 %", "180"],
        ["Vägen vidare", "", "2023-01-09 till 2025-12-31", "Göteborgsregionen (GR)",
         "Ale; Göteborg; Kungsbacka; Lerum; Mölndal; Partille; Stenungsund", "6 200 000 kr", "2 800 000 kr",
         "Personer med funktionsnedsättning", "40 %", "400"],
    ]
    sokvag = mapp / "projekt.csv"
    _skriv_csv(sokvag, [rubrik, *data], "utf-8", ";", ["Projekt i GR-samverkan", FIKTIVT])
    filer.append(sokvag)

    # Kontextfilerna (avsnitt 7), med egen slump så att de övriga filerna är oförändrade.
    kontext = random.Random(FRO + 7)
    sokvag = mapp / "arbetsmarknad_af_2024-2026.csv"
    _skriv_csv(sokvag, [["MANAD", "LANSKOD", "KOMMUNKOD", "KOEN", "AFKOD", "ANTAL"],
                        *arbetsmarknadsrader(kontext, budget)], "utf-8", ";")
    filer.append(sokvag)
    sokvag = mapp / "kolada_2024-2025.json"
    sokvag.write_text(json.dumps(kolada_svar(kontext), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    filer.append(sokvag)
    sokvag = mapp / "befolkning_scb_2024.csv"
    _skriv_csv(sokvag, [["region", "ålder", "kön", "år", "Folkmängd"], *befolkningsrader(kontext)], "utf-8-sig", ",")
    filer.append(sokvag)
    return filer


def main() -> None:
    tolk = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tolk.add_argument("mapp", nargs="?", default=str(ROOT / "data" / "demo"))
    tolk.add_argument("--skala", type=float, default=1.0)
    args = tolk.parse_args()
    for fil in skriv_demodata(Path(args.mapp), args.skala):
        print(fil)


if __name__ == "__main__":
    main()
