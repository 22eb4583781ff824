"""Filen läses en gång i bitar (ingest.lasning.kopiera) och sedan av DuckDB ur arkivets kopia.

Bitarna görs här några byte stora, så att varje gräns en riktig fil kan ha (ett tecken i UTF-8, \\r\\n, en tom
rad) hamnar mellan två bitar. Och Python får inte läsa hela filen på snabbvägen: Path.read_bytes stängs av.
"""
from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from ingest import lasning
from ingest.granser import Granser
from ingest.luhn import personnummer
from tests.conftest import skriv

P1 = personnummer(1985, 3, 12, 123)
P2 = personnummer(1990, 1, 1, 2)
RUBRIK = "Deltagare – AME\r\nPersonnummer;Kommun;Insats;Startdatum;Målgrupp\r\n"


def _med_makron(con):
    """En DuckDB-anslutning med inläsningens makron (sv_text i stagingens tomradsprov)."""
    from ingest.lager import sql_satser

    for sats in sql_satser("makron"):
        con.execute(sats)
    return con


@pytest.fixture(params=[3, 7, 64])
def sma_bitar(request, monkeypatch):
    monkeypatch.setattr(lasning, "_BIT", request.param)
    return request.param


@pytest.mark.parametrize(("kodning", "namn"), [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 med BOM"),
                                               ("cp1252", "Windows-1252")])
def test_kopian_har_filens_kontrollsumma_kodning_och_rader(tmp_path, sma_bitar, kodning, namn):
    text = RUBRIK + f"{P1};Mölndal;Praktik;2024-01-01;Ung 16–24\r\n{P2};Ale;Praktik;2024-01-01;Nyanländ\r\n"
    kalla = skriv(tmp_path / "d.csv", text, kodning)
    kopia = lasning.kopiera(kalla, Granser(), tmp_path / "kopia")
    data = kalla.read_bytes()
    assert (tmp_path / "kopia").read_bytes() == data
    assert kopia.sha256 == hashlib.sha256(data).hexdigest()
    assert (kopia.kodning, kopia.rader, kopia.storlek) == (namn, 4, len(data))
    assert kopia.c1 == (kodning == "cp1252"), "– är 0x96 i Windows-1252"
    assert kopia.huvud == data[:len(kopia.huvud)]


def test_en_byte_som_inte_finns_i_cp1252_ger_latin_1_aven_sent_i_filen(tmp_path, sma_bitar):
    kalla = tmp_path / "d.csv"
    kalla.write_bytes(RUBRIK.encode("cp1252") + b"x" * 100 + b"\x81\r\n")
    assert lasning.kopiera(kalla, Granser()).kodning == "Latin-1"


def test_en_for_stor_fil_refuseras_och_kopian_tas_bort(tmp_path, sma_bitar):
    kalla = skriv(tmp_path / "d.csv", RUBRIK + "x" * 5000)
    with pytest.raises(lasning.FilRefuserad, match="SAMVERKAN_MAX_FIL_MB"):
        lasning.kopiera(kalla, Granser(max_byte=1000), tmp_path / "kopia")
    assert not (tmp_path / "kopia").exists()


@pytest.mark.parametrize(("data", "svar"), [
    (b"a;b\r\nc;d\r\ne;f\r\n\r\n\r\n", 3),       # tomma rader sist räknas inte
    (b"a;b\nc;d\ne;f", 3),                         # utan radbrytning sist
    (b"a;b\r\nc;d\r\n\r\ne;f\r\n", None),          # tom rad mitt i (DuckDB hoppar över den: radnumren förskjuts)
    (b"a;b\nc;d\n\ne;f\n", None),
    (b'a;b\r\n"c";d\r\n', None),                   # citattecken: csv-modulen
    (b"a;b\rc;d\r\n", None),                       # ensam CR
])
def test_rena_datarader_i_bitar(tmp_path, sma_bitar, data, svar):
    fil = tmp_path / "d.csv"
    fil.write_bytes(b"rubrik\r\n" + data)
    assert lasning._rena_datarader(fil, len(b"rubrik\r\n")) == svar


def test_snabbvagen_laser_aldrig_hela_filen_i_python(tmp_path, ingest, lager, settings, monkeypatch):
    """UTF-8, Windows-1252 utan och med – (0x96): DuckDB läser arkivets kopia; Python läser bara bitar."""
    def forbjuden(self):
        raise AssertionError(f"hela filen lästes i Python: {self}")

    monkeypatch.setattr(Path, "read_bytes", forbjuden)
    filer = [
        skriv(tmp_path / "a" / "utf8.csv", RUBRIK + f"{P1};Mölndal;Praktik;2024-01-01;Ung 16–24\r\n"),
        skriv(tmp_path / "b" / "latin.csv", RUBRIK.replace("–", "-") + f"{P1};Göteborg;Praktik;2024-02-01;Nyanländ\r\n",
              "cp1252"),
        skriv(tmp_path / "c" / "cp1252.csv", RUBRIK + f"{P2};Ale;Praktik;2024-03-01;Ung 16–24\r\n", "cp1252"),
    ]
    for fil in filer:
        assert lasning.las_fil(fil).csv_fil is not None
    rapport = ingest(*filer)
    assert [f.godkanda for f in rapport.filer] == [1, 1, 1]
    monkeypatch.undo()
    assert lager("SELECT kommun_kod, malgrupp FROM deltagare ORDER BY startdatum") == [
        ("1481", "Ung 16–24"), ("1480", "Nyanländ"), ("1440", "Ung 16–24")]
    arkivet = [p for p in settings.archive_dir.rglob("*") if p.is_file()]
    assert sorted(p.name.split("_", 1)[1] for p in arkivet) == ["cp1252.csv", "latin.csv", "utf8.csv"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in arkivet)
    assert not list(settings.archive_dir.glob(".inkommer-*")), "ingen halv kopia kvar"


def test_radnumren_stammer_genom_hela_inlasningen(tmp_path, ingest, lager):
    """Radnumren genom hela inläsningen (Windows-1252 med –, som görs om till UTF-8): avvisade rader långt in i
    filen får sina egna nummer."""
    rader = 20_000
    felrader = {7, 9_001, 15_003, rader - 1}
    delar = [RUBRIK]
    for i in range(rader):
        kommun = "Borås" if i in felrader else "Ale"
        pnr = personnummer(1960 + i // 336_000, 1 + (i // 28_000) % 12, 1 + (i // 1000) % 28, i % 1000)
        delar.append(f"{pnr};{kommun};Praktik;"
                     f"2024-01-{1 + i % 28:02d};Nyanländ\r\n")
    fil = skriv(tmp_path / "stor.csv", "".join(delar), "cp1252")
    (res,) = ingest(fil).filer
    assert (res.godkanda, res.avvisade) == (rader - len(felrader), len(felrader))
    forsta_datarad = 3
    fel = lager("SELECT line_no FROM rejected_rows WHERE reason LIKE 'okänd kommun%' ORDER BY line_no")
    assert [r[0] for r in fel] == [forsta_datarad + i for i in sorted(felrader)]


def test_duckdb_lasning_i_flera_tradar_ger_radnummer_i_filens_ordning(tmp_path):
    """Antagandet bakom radnumren (rowid följer filens ordning) prövat där DuckDB läser i flera trådar och
    bitar: en fil på över 32 MB (DuckDB:s buffert), med radens nummer i en kolumn som monitorn inte känner."""
    import duckdb

    from ingest.pipeline import _skapa_staging

    fil = tmp_path / "deltagare_stor.csv"
    con = duckdb.connect(config={"threads": 4})
    con.execute("CREATE TABLE rader AS SELECT ? AS personnummer, 'Ale' AS kommun, 'Praktik' AS insats, "
                "'2024-01-01' AS startdatum, i AS radnr FROM range(1500000) t(i)", [P1])
    # COPY tar inte sökvägen som parameter; den är testets egen tmp_path.
    con.execute(f"COPY rader TO '{fil}' (HEADER, DELIMITER ';')")
    assert fil.stat().st_size > 40 << 20
    _med_makron(con)
    las = lasning.las_fil(fil)
    assert las.csv_fil is not None
    _skapa_staging(con, las, fil.name, Granser())
    ((antal, fel),) = con.execute("SELECT count(*), count(*) FILTER (WHERE line_no <> CAST(okand_4 AS INTEGER) + 2) "
                                  "FROM stg").fetchall()
    assert (antal, fel) == (1_500_000, 0)


def test_rader_med_bara_avgransare_ar_inga_datarader_pa_snabbvagen(tmp_path, ingest, lager):
    text = (RUBRIK + f"{P1};Ale;Praktik;2024-01-01;Nyanländ\r\n;;;;\r\n \t; ;;;\r\n;Ale;;;\r\n"
            f"{P2};Borås;Praktik;2024-01-01;Nyanländ\r\n")
    fil = skriv(tmp_path / "d.csv", text, "cp1252")
    assert lasning.las_fil(fil).csv_fil is not None
    (res,) = ingest(fil).filer
    assert (res.rader_lasta, res.godkanda, res.avvisade) == (3, 1, 2)
    assert lager("SELECT line_no, reason FROM rejected_rows ORDER BY line_no") == [
        (6, "personnummer saknas; insats saknas; startdatum saknas"),
        (7, "okänd kommun: 'Borås' (ingår inte i GR)")]


def test_varje_fils_faser_loggas_och_finns_i_rapporten(tmp_path, ingest, caplog):
    import logging
    import re

    fil = skriv(tmp_path / "d.csv", RUBRIK + f"{P1};Ale;Praktik;2024-01-01;Nyanländ\r\n", "cp1252")
    with caplog.at_level(logging.INFO, logger="samverkansmonitorn.ingest"):
        (res,) = ingest(fil).filer
    assert list(res.faser) == ["läsning", "staging", "tolkning", "avvisade", "lagret"]
    (rad,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("d.csv: läsning")]
    assert re.fullmatch(r"d\.csv: läsning \d+,\d\d s, staging \d+,\d\d s, tolkning \d+,\d\d s, "
                        r"avvisade \d+,\d\d s, lagret \d+,\d\d s", rad)


@pytest.mark.parametrize("frö", range(20))
def test_snabbvagen_ger_samma_rader_som_csv_modulen(tmp_path, frö):
    """DuckDB ur arkivets kopia (med skip förbi titelraderna och filens kodning) och csv-modulen ska ge samma
    radnummer och celler, för slumpade filer: titelrader, tomrader före rubriken, CRLF eller LF, –, tomma celler
    och rader med bara avgränsare."""
    import random

    import duckdb

    from ingest.pipeline import _skapa_staging

    slump = random.Random(frö)
    radslut = slump.choice(["\r\n", "\n"])
    titel = [slump.choice(["Deltagare – AME", "Rapport;;;", "", "Uttag 2026-01-01"]) for _ in range(slump.randint(0, 3))]
    rader = []
    for i in range(slump.randint(1, 40)):
        if slump.random() < 0.1:
            rader.append(slump.choice([";;;;", " ; ;;;"]))
            continue
        rader.append(";".join([slump.choice([P1, P2, "", "19850312-123"]), slump.choice(["Ale", "Mölndal", "", "Borås"]),
                               slump.choice(["Praktik", "Extratjänst", ""]), f"2024-01-{1 + i % 28:02d}",
                               slump.choice(["Ung 16–24", "Nyanländ", ""])]))
    text = radslut.join([*titel, "Personnummer;Kommun;Insats;Startdatum;Målgrupp", *rader]) + radslut
    fil = skriv(tmp_path / "d.csv", text, slump.choice(["utf-8", "cp1252", "utf-8-sig"]))

    def stg(las) -> list[tuple]:
        con = _med_makron(duckdb.connect())
        _skapa_staging(con, las, fil.name, Granser())
        return con.execute("SELECT line_no, sv_text(personnummer), sv_text(kommun), sv_text(insats), "
                           "sv_text(startdatum), sv_text(malgrupp) FROM stg ORDER BY line_no").fetchall()

    snabb = lasning.las_fil(fil)
    assert snabb.csv_fil is not None, "en fil utan citattecken och tomrader mitt i går den snabba vägen"
    assert stg(snabb) == stg(lasning.las_rad_for_rad(fil, fil.name, Granser()))
