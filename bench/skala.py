"""Skalgenerator: exportfiler enligt datakontraktet i GR-skala eller nationell skala.

    python bench/skala.py gr      UTMAPP   ~200 000 deltagarrader, GR:s 13 kommuner, budget 8 år per månad
    python bench/skala.py sverige UTMAPP   10 000 000 deltagarrader, 290 kommuner (kräver SAMVERKAN_REGION=sverige)

Raderna skrivs av DuckDB (COPY), inte rad för rad i Python, så att generatorn
inte blir det som tar tid. Personnumren är giltiga (Luhn i SQL), kommunerna
skrivs som namn, datumen som 2024-03-01 och filerna är semikolonseparerade.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.kommuner import region_kommuner  # noqa: E402

SKALOR = {"gr": {"rader": 200_000, "region": "gr"}, "sverige": {"rader": 10_000_000, "region": "sverige"}}
RADER_PER_FIL = 2_000_000
FORSTA = dt.date(2019, 1, 1)

# Luhn på nio siffror i SQL: varannan siffra gånger två, tvåsiffriga produkter minus nio.
_LUHN = " + ".join(
    (f"(2 * CAST(substr(nio, {k}, 1) AS INT) - 9 * CAST(2 * CAST(substr(nio, {k}, 1) AS INT) > 9 AS INT))"
     if k % 2 else f"CAST(substr(nio, {k}, 1) AS INT)") for k in range(1, 10))


def generera(skala: str, utmapp: Path, rader: int | None = None, region: str | None = None,
             idag: dt.date | None = None) -> dict:
    """region: en annan region än skalans (data/regioner/<id>.toml), t.ex. demodata för Fyrbodal.
    idag: inget datum efter den dagen (en start i framtiden är ett datafel, och demon ska inte visa ett):
    starter fram till en månad före, avslut och läget 90 dagar efter bara när de hunnit inträffa, och budget
    till och med innevarande månad."""
    idag = idag or dt.date.today()
    ar = range(FORSTA.year, idag.year + 1)
    dagar = (idag - dt.timedelta(days=30) - FORSTA).days
    inst: dict = SKALOR[skala]
    rader = rader or inst["rader"]
    utmapp.mkdir(parents=True, exist_ok=True)
    kommuner = region_kommuner(region or inst["region"])
    con = duckdb.connect()
    con.execute("CREATE TABLE k (idx INT, kod VARCHAR, namn VARCHAR)")
    con.executemany("INSERT INTO k VALUES (?, ?, ?)", [(i, kod, namn) for i, (kod, namn, _) in enumerate(kommuner)])
    nk = len(kommuner)
    # Kluster om fyra kommuner i kodordning, två jobbspår per kluster.
    con.execute("""CREATE TABLE spar AS
        SELECT k.idx, k.kod, k.namn, 'Kluster ' || (k.idx // 4 + 1) AS kluster,
               s.bransch, 'Jobbspår ' || s.bransch || ' ' || (k.idx // 4 + 1) AS jobbspar,
               first(k.namn) OVER (PARTITION BY k.idx // 4 ORDER BY k.idx) AS samordnare
        FROM k, (VALUES ('vård'), ('bygg')) s(bransch)""")
    con.execute(f"COPY (SELECT jobbspar AS \"jobbspår\", kluster, namn AS kommun, bransch, samordnare, 10 AS platser "
                f"FROM spar ORDER BY idx) TO '{utmapp / 'jobbspar.csv'}' (DELIMITER ';', HEADER)")
    con.execute(f"""COPY (
        SELECT namn AS kommun, ar AS "år", m AS "månad", 'Extratjänster' AS budgetpost,
               1000000 + (hash(kod, ar, m) % 500000) AS budget, 800000 + (hash(kod, ar, m, 1) % 400000) AS utfall,
               20 + hash(kod) % 30 AS platser, 15 + hash(kod, ar, m) % 30 AS "besatta platser"
        FROM k, range({ar.start}, {ar.stop}) a(ar), range(1, 13) mm(m)
        WHERE ar < {idag.year} OR m <= {idag.month}
        ORDER BY kod, ar, m) TO '{utmapp / 'budget.csv'}' (DELIMITER ';', HEADER)""")
    # SCB:s folkmängd i lång form (region;ålder;kön;år;folkmängd): GR:s verkliga totaler, andra kommuner
    # påhittade (8 000–400 000), jämnt fördelade på åldrarna 0–100, så att "per invånare" går att räkna.
    con.execute(f"""COPY (
        SELECT k.kod || ' ' || k.namn AS region, CASE WHEN a = 100 THEN '100+ år' ELSE a || ' år' END AS "ålder",
               'totalt' AS "kön", 2024 AS "år",
               round(coalesce(f.folk, 8000 + hash(k.kod) % 392000) / 101) AS "Folkmängd"
        FROM k LEFT JOIN (SELECT * FROM (VALUES {", ".join(f"('{kod}', {folk})" for kod, _, folk in kommuner if folk)
                                                  or "('0', 0)"}) v(kod, folk)) f ON f.kod = k.kod,
             range(0, 101) t(a)
        ORDER BY k.kod, a) TO '{utmapp / 'befolkning_scb.csv'}' (DELIMITER ';', HEADER)""")
    (utmapp / "projekt.csv").write_text(
        "projekt;dnr;startdatum;slutdatum;kommuner;total budget;mål arbete/studier\n"
        "Mellan Rum 2.0;2023/00077;2023-01-01;2026-12-31;Alla;12 000 000 kr;45 %\n"
        "Premiär i kommunen;2020/00114;2020-08-01;2023-12-31;Alla;6 000 000 kr;40 %\n", encoding="utf-8")
    filer = 0
    for start in range(0, rader, RADER_PER_FIL):
        antal = min(RADER_PER_FIL, rader - start)
        fil = utmapp / f"deltagare_{filer + 1:02d}.csv"
        con.execute(f"""COPY (
            WITH b AS (
                SELECT i, CAST(hash(i) % 1000000007 AS BIGINT) AS h,
                       lpad(CAST(40 + hash(i, 1) % 65 AS VARCHAR), 2, '0') || lpad(CAST(1 + hash(i, 2) % 12 AS VARCHAR), 2, '0')
                       || lpad(CAST(1 + hash(i, 3) % 28 AS VARCHAR), 2, '0') || lpad(CAST(hash(i, 4) % 1000 AS VARCHAR), 3, '0') AS nio,
                       DATE '{FORSTA}' + CAST(hash(i, 5) % {dagar} AS INT) AS start
                FROM range({start}, {start + antal}) t(i)
            ), c AS (
                SELECT *, CASE WHEN h % 5 <> 0 AND start + CAST(30 + h % 400 AS INT) <= DATE '{idag}'
                               THEN start + CAST(30 + h % 400 AS INT) END AS slut,
                       ['Extratjänst', 'Jobbspår', 'Praktik', 'Arbetsträning', 'Utbildning', 'Projekt'][1 + h % 6] AS insats,
                       CAST(h % {nk} AS INT) AS kidx, (10 - ({_LUHN}) % 10) % 10 AS kontroll
                FROM b
            )
            SELECT '19' || substr(nio, 1, 6) || '-' || substr(nio, 7, 3) || kontroll AS personnummer,
                   k.namn AS kommun, insats, start AS startdatum,
                   slut AS slutdatum,
                   CASE WHEN slut IS NOT NULL THEN ['Arbete', 'Studier', 'Avbrott', 'Annan insats'][1 + h % 4] END AS avslutsorsak,
                   CASE WHEN slut + 90 <= DATE '{idag}' AND h % 7 <> 0 THEN ['I arbete', 'I studier', 'Arbetssökande', 'Okänt'][1 + (h // 7) % 4] END AS status_90,
                   CASE WHEN insats = 'Jobbspår' THEN (SELECT jobbspar FROM spar s WHERE s.idx = c.kidx AND s.bransch = CASE WHEN (h // 6) % 2 = 0 THEN 'vård' ELSE 'bygg' END) END AS "jobbspår",
                   CASE WHEN insats = 'Projekt' THEN CASE WHEN (h // 6) % 2 = 0 THEN 'Mellan Rum 2.0' ELSE 'Premiär i kommunen' END END AS projekt,
                   ['Ung 16–24', 'Nyanländ', 'Långtidsarbetslös', 'Funktionsnedsättning'][1 + (h // 3) % 4] AS "målgrupp",
                   CASE WHEN hash(i, 6) % 2 = 0 THEN 'K' ELSE 'M' END AS "kön"
            FROM c JOIN k ON k.idx = c.kidx
        ) TO '{fil}' (DELIMITER ';', HEADER)""")
        filer += 1
    return {"skala": skala, "deltagarrader": rader, "kommuner": nk, "deltagarfiler": filer,
            "budgetrader": nk * ((len(ar) - 1) * 12 + idag.month), "mapp": str(utmapp)}


if __name__ == "__main__":
    tolk = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tolk.add_argument("skala", choices=sorted(SKALOR))
    tolk.add_argument("utmapp", type=Path)
    tolk.add_argument("--rader", type=int, default=None)
    args = tolk.parse_args()
    print(generera(args.skala, args.utmapp, args.rader))
