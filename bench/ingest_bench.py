"""Ingest av en miljon rader semikolon-CSV (Windows-1252), mot en pandas-baslinje i samma körning.

Baslinjen gör det de flesta skript gör: pandas.read_csv och sedan validering
rad för rad i Python (Luhn, kommun, datum, pseudonym), och sist in i DuckDB.
Vi mäter kvoten baslinje/vår, aldrig en absolut tid som krav.

    python bench/ingest_bench.py [--rader 1000000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.kommuner import GR_KOMMUNER, alias_key, kommun_aliases  # noqa: E402
from ingest.luhn import kontrollsiffra  # noqa: E402

RESULTAT = ROOT / "bench" / "resultat"
NYCKEL = "benchnyckel-0123456789abcdef0123456789abcdef"


def skriv_fil(sokvag: Path, rader: int) -> None:
    rng = random.Random(7)
    namn = [n for _, n, _ in GR_KOMMUNER] + ["Göteborgs stad", "Lilla-Edet", "Borås"]
    insatser = ["Extratjänst", "Jobbspår", "Praktik", "Arbetsträning", "Utbildning", "Projekt"]
    with open(sokvag, "w", encoding="cp1252", newline="") as f:
        f.write("Deltagarförteckning (benchmark)\r\n\r\n")
        f.write("Personnummer;Kommun;Insats;Fr.o.m.;T.o.m.;Avslutsorsak;Status efter 90 dagar;Målgrupp;Kön\r\n")
        for _i in range(rader):
            ar = rng.randint(1960, 2005)
            nio = f"{ar % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
            pnr = f"{ar // 100}{nio[:6]}-{nio[6:]}{kontrollsiffra(nio)}"
            start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2400))
            slut = "" if rng.random() < 0.2 else (start + dt.timedelta(days=rng.randint(-5, 400))).isoformat()
            f.write(f"{pnr};{rng.choice(namn)};{rng.choice(insatser)};{start.isoformat()};{slut};"
                    f"{rng.choice(['Arbete', 'Studier', 'Avbrott', ''])};{rng.choice(['I arbete', 'Arbetssökande', ''])};"
                    f"Ung 16–24;{rng.choice(['K', 'M', ''])}\r\n")


def var_ingest(fil: Path, arbetsmapp: Path) -> dict:
    os.environ["SAMVERKAN_DATA"] = str(arbetsmapp / "var")
    os.environ["SAMVERKAN_NYCKEL"] = NYCKEL
    from config import load_settings
    from ingest import ingest_paths

    start = time.perf_counter()
    rapport = ingest_paths([fil], settings=load_settings())
    tid = time.perf_counter() - start
    (res,) = rapport.filer
    return {"sekunder": tid, "godkanda": res.godkanda, "avvisade": res.avvisade}


def baslinje(fil: Path, arbetsmapp: Path) -> dict:
    """Som ett typiskt skript: pandas läser, Python validerar rad för rad."""
    import duckdb
    import pandas as pd

    start = time.perf_counter()
    df = pd.read_csv(fil, sep=";", encoding="cp1252", dtype=str, skiprows=2, keep_default_na=False)
    alias = dict(kommun_aliases())
    nyckel = NYCKEL.encode()
    godkanda, avvisade = [], []
    sedda: set = set()
    for rad in df.itertuples(index=False):
        pnr, kommun, insats, fran, tom, orsak, status, malgrupp, kon = rad
        siffror = pnr.replace("-", "")
        fel = []
        if len(siffror) != 12 or not siffror.isdigit() or kontrollsiffra(siffror[2:11]) != int(siffror[11]):
            fel.append("ogiltigt personnummer")
        kod = alias.get(alias_key(kommun))
        if kod is None:
            fel.append(f"okänd kommun: '{kommun}'")
        try:
            start_d = dt.date.fromisoformat(fran)
            slut_d = dt.date.fromisoformat(tom) if tom else None
            if slut_d and slut_d < start_d:
                fel.append("slutdatum före startdatum")
        except ValueError:
            fel.append("ogiltigt datum")
        if fel:
            avvisade.append(fel)
            continue
        pseudonym = "p" + hmac.new(nyckel, siffror.encode(), hashlib.sha256).hexdigest()[:24]
        if (pseudonym, insats, start_d) in sedda:  # samma regel som ingest: dubbletter avvisas
            avvisade.append(["dubblett"])
            continue
        sedda.add((pseudonym, insats, start_d))
        godkanda.append((pseudonym, kod, insats, start_d, slut_d, orsak or None, status or None, malgrupp,
                         {"K": "Kvinna", "M": "Man"}.get(kon) or ("Man" if int(siffror[10]) % 2 else "Kvinna")))
    ut = pd.DataFrame(godkanda, columns=["deltagare_id", "kommun_kod", "insats", "startdatum", "slutdatum",
                                         "avslutsorsak", "status_90", "malgrupp", "kon"])
    con = duckdb.connect(str(arbetsmapp / "baslinje.duckdb"))
    con.register("ut", ut)
    con.execute("CREATE TABLE deltagare AS SELECT * FROM ut").fetchall()
    con.close()
    tid = time.perf_counter() - start
    return {"sekunder": tid, "godkanda": len(godkanda), "avvisade": len(avvisade)}


def main() -> None:
    tolk = argparse.ArgumentParser()
    tolk.add_argument("--rader", type=int, default=1_000_000)
    args = tolk.parse_args()
    with tempfile.TemporaryDirectory() as mapp:
        arbetsmapp = Path(mapp)
        fil = arbetsmapp / "deltagare_bench.csv"
        skriv_fil(fil, args.rader)
        var = var_ingest(fil, arbetsmapp)
        var["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        bas = baslinje(fil, arbetsmapp)
    assert var["godkanda"] == bas["godkanda"], (var, bas)
    resultat = {
        "matt": "ingest av semikolon-CSV, Windows-1252",
        "rader": args.rader,
        "var": var,
        "baslinje_pandas_rad_for_rad": bas,
        "kvot_baslinje_genom_var": bas["sekunder"] / var["sekunder"],
        "rader_per_sekund_var": args.rader / var["sekunder"],
        "maskin": {"processor": platform.processor() or platform.machine(), "karnor": os.cpu_count(),
                   "python": platform.python_version()},
        "datum": dt.date.today().isoformat(),
    }
    RESULTAT.mkdir(parents=True, exist_ok=True)
    (RESULTAT / "ingest.json").write_text(json.dumps(resultat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(resultat, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
