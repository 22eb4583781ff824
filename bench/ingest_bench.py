"""Ingest av en miljon rader semikolon-CSV (Windows-1252), mot tre baslinjer i samma körning.

Baslinjerna: DuckDB:s egen läsning av samma rader (read_csv till en tabell, allt som text); golvet, det minsta
en inläsning med våra krav gör i DuckDB (läs, pseudonym per rad, datum, raderna ordnade in i en lagerfil; utan
validering, avvisade rader, arkiv och aggregat); och det de flesta skript gör: pandas.read_csv och validering
rad för rad i Python (Luhn, kommun, datum, pseudonym), sist in i DuckDB. Varje mätning körs i en egen process, så att
högsta minnet (RSS) är mätningens eget. Vi redovisar rader per sekund och kvoter, aldrig en absolut tid
som krav. Med --nationellt också tio miljoner rader i 290 kommuner (bench/skala.py), fem filer.

    python bench/ingest_bench.py [--rader 1000000] [--nationellt]
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

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


def var_ingest(filer: list[Path], arbetsmapp: Path) -> dict:
    os.environ["SAMVERKAN_DATA"] = str(arbetsmapp / "var")
    os.environ["SAMVERKAN_NYCKEL"] = NYCKEL
    from config import load_settings
    from ingest import ingest_paths

    start = time.perf_counter()
    sokvagar: list[Path | str] = list(filer)
    rapport = ingest_paths(sokvagar, settings=load_settings())
    tid = time.perf_counter() - start
    faser: dict[str, float] = {}
    for res in rapport.filer:
        for fas, sek in res.faser.items():
            faser[fas] = round(faser.get(fas, 0) + sek, 3)
    # Det som inte är en fils fas: lagrets kopia, aggregaten, CHECKPOINT och bytet.
    faser["aggregat och byte"] = round(tid - sum(faser.values()), 3)
    return {"sekunder": tid, "godkanda": sum(r.godkanda for r in rapport.filer),
            "avvisade": sum(r.avvisade for r in rapport.filer), "faser_sekunder": faser}


def duckdb_las(filer: list[Path], arbetsmapp: Path, hoppa: int, golv: bool = False) -> dict:
    """DuckDB:s egen läsning av samma rader: read_csv (allt som text) till en tabell i en lagerfil. Windows-1252
    med – (0x96) läser DuckDB 2:s Latin-1 inte: då läser DuckDB samma rader som UTF-8, omgjorda före klockan.
    golv: det minsta en inläsning med våra krav gör, i DuckDB: läs, pseudonym (HMAC-SHA256) per rad, datum som
    DATE, och raderna in i lagerfilen ordnade efter insats, kommun och startdatum (som deltagare). Ingen
    validering, inga avvisade rader, inget arkiv och inga aggregat."""
    import duckdb

    utf8 = []
    for fil in filer:
        data = fil.read_bytes()
        try:
            data.decode("utf-8")
            utf8.append(fil)
        except UnicodeDecodeError:
            ut = arbetsmapp / (fil.stem + "_utf8.csv")
            ut.write_bytes(data.decode("cp1252").encode("utf-8"))
            utf8.append(ut)
        del data
    con = duckdb.connect(str(arbetsmapp / "duckdb_las.duckdb"))
    # Kolumnerna heter c1, c2 …: de fem första är personnummer, kommun, insats, start och slut i båda mätningarna.
    with open(utf8[0], encoding="utf-8") as f:
        for _ in range(hoppa):
            f.readline()
        namn = [f"c{i + 1}" for i in range(f.readline().count(";") + 1)]
    las = "read_csv($filer, delim=';', skip=$hoppa, header=true, all_varchar=true, names=$namn)"
    if golv:
        # Samma pseudonym som inläsningen: makron.sql:s pseudonym_for, med nyckelns paddar som variabler.
        from ingest.lager import sql_satser
        from ingest.pseudonym import hmac_paddar

        for sats in sql_satser("makron"):
            con.execute(sats)
        ipad, opad = hmac_paddar(NYCKEL.encode())
        con.execute("SET VARIABLE ipad = ?", [ipad])
        con.execute("SET VARIABLE opad = ?", [opad])
    start = time.perf_counter()
    if golv:
        rader = con.execute(
            "CREATE TABLE t AS SELECT pseudonym_for(replace(c1, '-', '')) AS deltagare_id, c2 AS kommun, "
            "c3 AS insats, CAST(c4 AS DATE) AS startdatum, try_cast(c5 AS DATE) AS slutdatum, "
            f"* EXCLUDE (c1, c2, c3, c4, c5) FROM {las} ORDER BY insats, kommun, startdatum",
            {"filer": [str(f) for f in utf8], "hoppa": hoppa, "namn": namn}).fetchall()[0][0]
    else:
        rader = con.execute(f"CREATE TABLE t AS SELECT * FROM {las}",
                            {"filer": [str(f) for f in utf8], "hoppa": hoppa, "namn": namn}).fetchall()[0][0]
    con.execute("CHECKPOINT").fetchall()
    tid = time.perf_counter() - start
    con.close()
    return {"sekunder": tid, "rader": rader, "omgjord_till_utf8": [f.name for f in filer if f not in utf8]}


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


def i_egen_process(matt: str, filer: list[Path], arbetsmapp: Path, *extra: str) -> dict:
    """En mätning i en ny process: svaret med processens högsta RSS (MiB)."""
    mapp = arbetsmapp / matt
    mapp.mkdir()
    svar = subprocess.run([sys.executable, __file__, "--matning", matt, str(mapp), *extra, *map(str, filer)],
                          capture_output=True, text=True, check=False)
    if svar.returncode != 0:
        raise SystemExit(f"mätningen {matt} misslyckades:\n{svar.stderr[-3000:]}")
    return json.loads(svar.stdout.strip().splitlines()[-1])


def matning(matt: str, mapp: Path, hoppa: int, filer: list[Path]) -> None:
    if matt.startswith("var"):
        svar = var_ingest(filer, mapp)
    elif matt.startswith("golv"):
        svar = duckdb_las(filer, mapp, hoppa, golv=True)
    elif matt.startswith("duckdb"):
        svar = duckdb_las(filer, mapp, hoppa)
    else:
        (fil,) = filer
        svar = baslinje(fil, mapp)
    svar["max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(svar, ensure_ascii=False))


def jamforelse(rader: int, var: dict, duck: dict, golv: dict, pandas: dict | None = None) -> dict:
    ut = {
        "rader": rader,
        "var": var,
        "duckdb_read_csv": duck,
        "duckdb_golv": golv,
        "rader_per_sekund_var": round(rader / var["sekunder"]),
        "rader_per_sekund_duckdb": round(rader / duck["sekunder"]),
        "rader_per_sekund_golv": round(rader / golv["sekunder"]),
        "kvot_duckdb_genom_var": duck["sekunder"] / var["sekunder"],
        "kvot_golv_genom_var": golv["sekunder"] / var["sekunder"],
        "max_rss_mib_var": var["max_rss_mib"],
        "max_rss_mib_duckdb": duck["max_rss_mib"],
        "max_rss_mib_golv": golv["max_rss_mib"],
    }
    if pandas is not None:
        ut["baslinje_pandas_rad_for_rad"] = pandas
        ut["kvot_baslinje_genom_var"] = pandas["sekunder"] / var["sekunder"]
    return ut


def nationellt(arbetsmapp: Path) -> dict:
    """Tio miljoner rader i fem filer (bench/skala.py sverige), SAMVERKAN_REGION=sverige."""
    from skala import generera

    mapp = arbetsmapp / "sverige"
    generera("sverige", mapp)
    filer = sorted(mapp.glob("deltagare_*.csv"))
    os.environ["SAMVERKAN_REGION"] = "sverige"
    try:
        var = i_egen_process("var_sverige", filer, arbetsmapp)
        duck = i_egen_process("duckdb_sverige", filer, arbetsmapp, "--hoppa", "0")
        golv = i_egen_process("golv_sverige", filer, arbetsmapp, "--hoppa", "0")
    finally:
        del os.environ["SAMVERKAN_REGION"]
    return {"matt": "ingest av tio miljoner deltagarrader, 290 kommuner, fem UTF-8-filer",
            **jamforelse(var["godkanda"] + var["avvisade"], var, duck, golv)}


def main() -> None:
    tolk = argparse.ArgumentParser()
    tolk.add_argument("--rader", type=int, default=1_000_000)
    tolk.add_argument("--nationellt", action="store_true")
    tolk.add_argument("--matning", nargs=2, metavar=("MATT", "MAPP"))
    tolk.add_argument("--hoppa", type=int, default=2)
    tolk.add_argument("filer", nargs="*", type=Path)
    args = tolk.parse_args()
    if args.matning:
        matning(args.matning[0], Path(args.matning[1]), args.hoppa, args.filer)
        return
    with tempfile.TemporaryDirectory() as mapp:
        arbetsmapp = Path(mapp)
        fil = arbetsmapp / "deltagare_bench.csv"
        skriv_fil(fil, args.rader)
        var = i_egen_process("var", [fil], arbetsmapp)
        duck = i_egen_process("duckdb", [fil], arbetsmapp)
        golv = i_egen_process("golv", [fil], arbetsmapp)
        bas = i_egen_process("pandas", [fil], arbetsmapp)
        sverige = nationellt(arbetsmapp) if args.nationellt else None
    assert var["godkanda"] == bas["godkanda"], (var, bas)
    assert duck["rader"] == golv["rader"] == args.rader, (duck, golv)
    resultat = {
        "matt": "ingest av semikolon-CSV, Windows-1252 (med – i målgruppen, som DuckDB:s Latin-1 inte läser)",
        **jamforelse(args.rader, var, duck, golv, bas),
        "nationellt": sverige,
        "maskin": {"processor": platform.processor() or platform.machine(), "karnor": os.cpu_count(),
                   "python": platform.python_version()},
        "datum": dt.date.today().isoformat(),
    }
    RESULTAT.mkdir(parents=True, exist_ok=True)
    (RESULTAT / "ingest.json").write_text(json.dumps(resultat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(resultat, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
