"""Lagret: personnummer skyddas, inget går förlorat, omimport ändrar inget, avbrott lämnar lagret orört."""
from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.luhn import personnummer
from ingest.pseudonym import pseudonym_python
from tests.conftest import ROOT, skriv

PNR = [personnummer(1950 + i, 1 + i % 12, 1 + i % 28, 100 + i) for i in range(40)]


def _deltagarfil(path: Path, pnr: list[str], slut: str = "") -> Path:
    rader = ["Personnummer;Kommun;Insats;Startdatum;Slutdatum;Status efter 90 dagar"]
    rader += [f"{p};Ale;Extratjänst;2024-01-01;{slut};{'I arbete' if slut else ''}" for p in pnr]
    return skriv(path, "\n".join(rader) + "\n", "cp1252")


def _former(pnr12: str) -> list[bytes]:
    siffror = pnr12.replace("-", "")
    return [f.encode() for f in (pnr12, siffror, siffror[2:], pnr12[2:], siffror[2:8] + "-" + siffror[8:])]


def test_personnummer_finns_inte_i_lagrets_bytes(tmp_path, ingest, settings, lager):
    ogiltigt = PNR[0][:-1] + str((int(PNR[0][-1]) + 1) % 10)
    fil = _deltagarfil(tmp_path / "d.csv", [*PNR[1:], ogiltigt])
    # Ett personnummer i fel kolumn ska inte heller nå lagret.
    with open(fil, "a", encoding="cp1252") as f:
        f.write(f"{PNR[1]};Ale;Praktik {PNR[2]};2024-02-01;;\n")
    rapport = ingest(fil)
    assert rapport.filer[0].godkanda == 40 and rapport.filer[0].avvisade == 1
    data = settings.db_path.read_bytes()
    for pnr in PNR:
        for form in _former(pnr):
            assert form not in data, f"{form!r} hittades i lagerfilen"
    # Den avvisade raden visas maskerad, både i skälet och i radens innehåll.
    ((skal, rad),) = lager("SELECT reason, rad FROM rejected_rows")
    assert skal == f"ogiltigt personnummer: '{ogiltigt[:8]}-****'"
    assert ogiltigt[9:] not in rad and f"{ogiltigt[:8]}-****" in rad
    assert "Praktik " + PNR[2][:8] + "-****" in [r for (r,) in lager("SELECT insats FROM deltagare")]


def test_samma_person_samma_pseudonym_i_10_och_12_siffror(tmp_path, ingest, lager):
    p = PNR[5]
    skriv(tmp_path / "a.csv", f"personnummer;kommun;insats;startdatum\n{p};Ale;Praktik;2024-01-01\n")
    skriv(tmp_path / "b.csv", f"pnr;kommun;insats;startdatum\n{p.replace('-', '')[2:]};Ale;Utbildning;2024-01-01\n")
    ingest(tmp_path / "a.csv", tmp_path / "b.csv")
    ids = {i for (i,) in lager("SELECT deltagare_id FROM deltagare")}
    nyckel = os.environ["SAMVERKAN_NYCKEL"].encode()
    assert ids == {pseudonym_python(nyckel, p.replace("-", ""))}


def test_plustecken_ger_personer_over_hundra_ar(tmp_path, ingest, lager):
    p = personnummer(1920, 6, 1, 50)
    tio = p[2:8] + "+" + p[9:]
    skriv(tmp_path / "a.csv", f"personnummer;kommun;insats;startdatum\n{tio};Ale;Praktik;2024-01-01\n")
    ingest(tmp_path / "a.csv")
    assert lager("SELECT fodelsear FROM deltagare") == [(1920,)]


def test_samma_fil_tva_ganger_andrar_inget(tmp_path, ingest, settings, lager):
    fil = _deltagarfil(tmp_path / "d.csv", PNR[:10])
    ingest(fil)
    fore = (lager("SELECT * FROM deltagare ORDER BY deltagare_id"), lager("SELECT count(*) FROM import_log"))
    fil_fore = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    rapport = ingest(fil)
    assert rapport.filer[0].status == "oförändrad" and rapport.exit_code == 0
    assert "redan inläst" in rapport.text()
    assert (lager("SELECT * FROM deltagare ORDER BY deltagare_id"), lager("SELECT count(*) FROM import_log")) == fore
    assert hashlib.sha256(settings.db_path.read_bytes()).hexdigest() == fil_fore


def test_nyare_ogonblicksbild_uppdaterar_i_stallet_for_att_dubblera(tmp_path, ingest, lager):
    ingest(_deltagarfil(tmp_path / "jan.csv", PNR[:10]))
    rapport = ingest(_deltagarfil(tmp_path / "feb.csv", PNR[:10], slut="2024-06-30"))
    assert rapport.filer[0].uppdaterade == 10
    assert "varav 10 uppdaterade" in rapport.text()
    assert lager("SELECT count(*), count(slutdatum), count(*) FILTER (WHERE status_90 = 'I arbete') FROM deltagare") \
        == [(10, 10, 10)]


def test_dubblett_i_samma_fil_avvisas_med_hanvisning(tmp_path, ingest, lager):
    fil = _deltagarfil(tmp_path / "d.csv", [PNR[0], PNR[1], PNR[0]])
    rapport = ingest(fil)
    assert (rapport.filer[0].godkanda, rapport.filer[0].avvisade) == (2, 1)
    assert lager("SELECT line_no, reason FROM rejected_rows") == [
        (4, "samma person, insats och startdatum som rad 2")]


def test_arkiv_och_importlogg(tmp_path, ingest, settings, lager):
    fil = _deltagarfil(tmp_path / "d.csv", PNR[:3])
    ingest(fil)
    sha = hashlib.sha256(fil.read_bytes()).hexdigest()
    ((namn, typ, logg_sha, lasta, godk, avv, arkivfil),) = lager(
        "SELECT file_name, file_type, sha256, rows_read, rows_accepted, rows_rejected, arkivfil FROM import_log")
    assert (namn, typ, logg_sha, lasta, godk, avv) == ("d.csv", "deltagare", sha, 3, 3, 0)
    assert Path(arkivfil).read_bytes() == fil.read_bytes()
    assert Path(arkivfil).is_relative_to(settings.archive_dir)


def test_nyckelfil_skapas_med_0600(tmp_path, monkeypatch):
    from ingest.pseudonym import ladda_nyckel

    nyckelfil = tmp_path / "nyckel"
    forsta = ladda_nyckel(None, nyckelfil)
    assert stat.S_IMODE(nyckelfil.stat().st_mode) == 0o600
    assert ladda_nyckel(None, nyckelfil) == forsta and len(forsta) == 64


def _kor_cli(args, env, **kw):
    return subprocess.run([sys.executable, str(ROOT / "app.py"), *args], env=env, capture_output=True,
                          text=True, cwd=ROOT, **kw)


def test_kommandorad_sammanfattning_och_exitkoder(tmp_path, settings):
    env = dict(os.environ)
    bra = _deltagarfil(tmp_path / "bra" / "d.csv", PNR[:5])
    r = _kor_cli(["ingest", str(bra)], env)
    assert r.returncode == 0, r.stderr
    assert "d.csv: deltagare – 5 rader lästa, 5 godkända, 0 avvisade" in r.stdout

    blandat = tmp_path / "blandat"
    _deltagarfil(blandat / "a.csv", PNR[5:8])
    skriv(blandat / "b.csv", f"personnummer;kommun;insats;startdatum\n{PNR[9]};Borås;Praktik;2024-01-01\n")
    r = _kor_cli(["ingest", str(blandat)], env)
    assert r.returncode == 1
    assert "1 × okänd kommun: 'Borås' (ingår inte i GR)" in r.stdout

    skriv(blandat / "c.csv", "helt;annat;innehåll\n1;2;3\n")
    r = _kor_cli(["ingest", str(blandat), "--db", str(tmp_path / "annat.duckdb")], env)
    assert r.returncode == 2
    assert "c.csv: REFUSERAD – hittar ingen rubrikrad" in r.stdout
    for pnr in PNR:
        assert pnr not in r.stdout + r.stderr and pnr[2:] not in r.stdout + r.stderr


def test_avbruten_import_lamnar_lagret_orort(tmp_path, settings, ingest):
    """Dödar processen (SIGKILL) medan den skriver; det gamla lagret ska vara byte för byte detsamma."""
    ingest(_deltagarfil(tmp_path / "forsta.csv", PNR[:5]))
    fore = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    stora = tmp_path / "stora"
    rader = ["personnummer;kommun;insats;startdatum"]
    rader += [f"{personnummer(1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000)};Ale;Praktik;"
              f"20{10 + i % 15}-01-{1 + i % 28:02d}" for i in range(60_000)]
    for n in range(4):
        skriv(stora / f"d{n}.csv", "\n".join(rader[:1] + [r.replace(";Praktik;", f";Insats{n};") for r in rader[1:]]))
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "ingest", str(stora)], cwd=ROOT,
                            env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Vänta tills importen skriver i sin kopia (dess WAL finns), döda den då.
        deadline = time.monotonic() + 120
        while not list(settings.db_path.parent.glob(".samverkan.duckdb.bygge-*.wal")):
            assert proc.poll() is None, "importen hann bli klar innan den kunde avbrytas"
            assert time.monotonic() < deadline, "importen började aldrig skriva"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert hashlib.sha256(settings.db_path.read_bytes()).hexdigest() == fore
    assert list(settings.db_path.parent.glob(".samverkan.duckdb.bygge-*"))  # kvarglömd kopia
    # Nästa import städar och fungerar.
    rapport = ingest(_deltagarfil(tmp_path / "andra.csv", PNR[5:7]))
    assert rapport.filer[0].godkanda == 2
    assert not list(settings.db_path.parent.glob(".samverkan.duckdb.bygge-*"))


@pytest.mark.parametrize("tomrad", [";;;;;", "  ", ";; ;\t;"])
def test_rad_med_bara_avgransare_hoppas_over_och_radnumren_stammer(tmp_path, ingest, lager, tomrad):
    # DuckDB läser filen direkt (inga citattecken, inga tomma rader); raden med bara avgränsare eller blanksteg
    # är ingen datarad, och radnumren i avvisade rader är filens.
    text = (f"personnummer;kommun;insats;startdatum;slutdatum;status_90\n"
            f"{PNR[0]};Ale;Praktik;2025-01-01;;\n{tomrad}\n{PNR[1]};Ale;Praktik;2025-13-01;;\n")
    skriv(tmp_path / "d.csv", text)
    rapport = ingest(tmp_path / "d.csv")
    assert (rapport.filer[0].rader_lasta, rapport.filer[0].godkanda, rapport.filer[0].avvisade) == (2, 1, 1)
    assert lager("SELECT line_no, reason FROM rejected_rows") == [(4, "ogiltigt startdatum: '2025-13-01'")]


def test_en_fils_rader_laggs_in_ordnade_och_lagret_sorteras_inte_om(tmp_path, ingest, lager):
    """Radgruppernas min/max (jobbspår, projekt) kräver rader ordnade efter insats, kommun och start. Bara den
    nya filens rader sorteras: den förra filens rader står kvar först, orörda."""
    from ingest.luhn import personnummer

    def fil(namn, forsta):
        rader = [f"{personnummer(1970 + i % 30, 1 + i % 12, 1 + i % 28, forsta + i)};"
                 f"{['Ale', 'Mölndal', 'Kungälv'][i % 3]};{['Praktik', 'Jobbspår', 'Extratjänst'][i % 5 % 3]};"
                 f"2024-{1 + i % 12:02d}-01" for i in range(60)]
        return skriv(tmp_path / namn, "personnummer;kommun;insats;startdatum\n" + "\n".join(rader) + "\n")

    ingest(fil("a.csv", 0))
    ingest(fil("b.csv", 100))
    rader = lager("SELECT import_id, insats, kommun_kod, startdatum FROM deltagare ORDER BY rowid")
    assert len(rader) == 120
    assert [r[0] for r in rader] == sorted(r[0] for r in rader), "den första filens rader först"
    for import_id in {r[0] for r in rader}:
        egna = [r[1:] for r in rader if r[0] == import_id]
        assert egna == sorted(egna)
