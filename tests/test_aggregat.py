"""De förberäknade aggregaten är samma tal som raderna ger, och byggs i samma lagerbyte."""
from __future__ import annotations

import duckdb

from tests.conftest import DEMONYCKEL, ROOT, bygg_demolager

# Aktiva per månad och kommun räknat den långa vägen (en rad per person och månad) mot aggregatet.
SKILLNADER = """
WITH e AS (
    SELECT DISTINCT kommun_kod, deltagare_id, rkey,
           unnest(generate_series(date_trunc('month', startdatum),
                                  date_trunc('month', least(coalesce(slutdatum, current_date), current_date)),
                                  INTERVAL 1 MONTH))::DATE AS manad
    FROM deltagare WHERE startdatum <= current_date),
x AS (SELECT manad, kommun_kod, count(*) AS personer, sum(rkey) AS rkey FROM e GROUP BY ALL)
SELECT count(*) FROM x
FULL JOIN (SELECT manad, kommun_kod, sum(personer) AS personer, sum(personer__rkey) AS rkey
           FROM agg_aktiva_manad GROUP BY ALL) y USING (manad, kommun_kod)
WHERE x.personer IS DISTINCT FROM y.personer OR x.rkey IS DISTINCT FROM y.rkey
"""


def test_aggregaten_ar_samma_tal_som_raderna(settings, lager):
    # Demodatans lager, inläst en gång för testkörningen (bygg_demolager): aggregaten är byggda av inläsningen.
    bygg_demolager(settings.data_dir, DEMONYCKEL)
    assert lager("SELECT count(*) > 20000 FROM deltagare") == [(True,)]
    assert lager(SKILLNADER) == [(0,)]
    assert lager("SELECT count(*) > 1000, sum(personer) > 100000 FROM agg_aktiva_manad") == [(True, True)]
    utfall = lager("""
        SELECT count(*) FILTER (WHERE status_90 IS NOT NULL), count(*) FILTER (WHERE status_90 IN ('I arbete', 'I studier')),
               sum(rkey) FILTER (WHERE status_90 IS NOT NULL)
        FROM deltagare WHERE slutdatum IS NOT NULL""")
    assert lager("SELECT sum(uppfoljda_90), sum(arbete_studier_90), sum(uppfoljda_90__rkey) FROM agg_utfall_manad") \
        == utfall
    # Projektdeltagarna per projektvärde och kommun: samma antal och postnyckelsummor som raderna.
    projekt = lager("""
        SELECT projekt, kommun_kod, count(*), count(*) FILTER (WHERE status_90 IN ('I arbete', 'I studier')),
               sum(rkey), sum(rkey) FILTER (WHERE avslutsorsak IN ('Arbete', 'Studier'))
        FROM deltagare WHERE projekt IS NOT NULL GROUP BY ALL ORDER BY ALL""")
    assert len(projekt) > 5
    assert lager("""
        SELECT projekt, kommun_kod, sum(deltagare), sum(arbete_studier_90), sum(deltagare__rkey),
               nullif(sum(arbete_studier_avslut__rkey), 0)
        FROM agg_projekt GROUP BY ALL ORDER BY ALL""") == projekt
    # Skikten för Resultat mot förväntat: samma uppföljda, lyckade och postnyckelsummor per kommun som raderna.
    for rad_sql, agg_sql in (
        ("SELECT kommun_kod, count(status_90), count(*) FILTER (WHERE status_90 IN ('I arbete', 'I studier')), "
         "sum(rkey) FILTER (WHERE status_90 IS NOT NULL) FROM deltagare WHERE slutdatum IS NOT NULL "
         "GROUP BY ALL HAVING count(status_90) > 0 ORDER BY ALL",
         "SELECT kommun_kod, sum(n90), sum(s90), sum(r90) FROM agg_utfall_skikt GROUP BY ALL HAVING sum(n90) > 0 "
         "ORDER BY ALL"),
        ("SELECT kommun_kod, count(status_365), count(*) FILTER (WHERE status_365 IN ('I arbete', 'I studier')), "
         "sum(rkey) FILTER (WHERE status_365 IS NOT NULL) FROM deltagare WHERE slutdatum IS NOT NULL "
         "GROUP BY ALL HAVING count(status_365) > 0 ORDER BY ALL",
         "SELECT kommun_kod, sum(n365), sum(s365), sum(r365) FROM agg_utfall_skikt GROUP BY ALL "
         "HAVING sum(n365) > 0 ORDER BY ALL"),
    ):
        rader = lager(rad_sql)
        assert len(rader) >= 5
        assert lager(agg_sql) == rader


# Kedjorna räknade den långa vägen: varje persons insatser i en kommun som en ordnad lista (startdatum, insats).
KEDJOR_LANGA_VAGEN = """
WITH p AS (
    SELECT kommun_kod, deltagare_id, any_value(rkey) AS rkey, max(malgrupp) AS malgrupp, max(kon) AS kon,
           date_trunc('month', min(startdatum))::DATE AS manad, count(*) AS steg,
           list(insats ORDER BY startdatum, insats) AS i, list(status_90 ORDER BY startdatum, insats) AS s
    FROM deltagare GROUP BY kommun_kod, deltagare_id
)
SELECT manad, kommun_kod, malgrupp, kon,
       CASE steg WHEN 1 THEN i[1] WHEN 2 THEN i[1] || ' → ' || i[2] ELSE i[1] || ' → … → ' || i[-1] END AS kedja,
       min(steg), count(*), sum(rkey), count(s[-1]), count(*) FILTER (WHERE s[-1] IN ('I arbete', 'I studier'))
FROM p GROUP BY ALL ORDER BY ALL
"""


def test_kedjorna_ar_samma_som_varje_persons_ordnade_insatser(settings, lager):
    """agg_kedjor grupperar bara personer med flera rader i en kommun per person (en persons enda rad är hela
    kedjan): samma kedjor som en ordnad lista per person, för personer med en och två insatser (tre eller fler:
    testet nedan med olika kön)."""
    bygg_demolager(settings.data_dir, DEMONYCKEL)
    langa_vagen = lager(KEDJOR_LANGA_VAGEN)
    assert {rad[5] for rad in langa_vagen} == {1, 2}, "demodatan har kedjor med en och två insatser"
    assert lager("SELECT manad, kommun_kod, malgrupp, kon, kedja, steg, personer, personer__rkey, uppfoljda, "
                 "i_arbete_studier FROM agg_kedjor ORDER BY ALL") == langa_vagen


def test_ett_lager_utan_aggregat_byggs_om_vid_nasta_import(ingest, lager, settings):
    fil = ROOT / "data" / "demo" / "projekt.csv"
    ingest(fil)
    con = duckdb.connect(str(settings.db_path))
    con.execute("DROP TABLE agg_aktiva_manad; DROP TABLE agg_utfall_manad; DROP TABLE agg_projekt; "
                "DROP TABLE agg_utfall_skikt; DROP TABLE agg_utfall_skikt_region; DROP TABLE agg_kedjor; "
                "DELETE FROM lager_info WHERE nyckel = 'aggregat'")
    con.close()
    rapport = ingest(fil)
    assert rapport.filer[0].status == "oförändrad"
    assert lager("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'agg_%'") == [(6,)]


def test_servern_uppgraderar_ett_lager_fran_en_aldre_version_innan_sidorna_serveras(ingest, lager, settings):
    from app import uppgradera_lager

    ingest(ROOT / "data" / "demo" / "budget_extratjanster_2023-2026.csv")
    con = duckdb.connect(str(settings.db_path))
    con.execute("DROP TABLE agg_aktiva_manad; DELETE FROM lager_info WHERE nyckel = 'aggregat'")
    con.close()
    uppgradera_lager(settings, settings.db_path)
    assert lager("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'agg_aktiva_manad'") == [(1,)]
    inode = settings.db_path.stat().st_ino
    uppgradera_lager(settings, settings.db_path)  # redan aktuellt: inget byggs om
    assert settings.db_path.stat().st_ino == inode


def test_ett_lager_utan_en_senare_tabell_i_schemat_far_den_vid_uppgraderingen(ingest, lager, settings):
    """Ett lager byggt före tabellen leverans (vem som lämnade in): servern bygger om det en gång vid start,
    annars svarade Datakvalitet med fel. Kontrollen görs före schemat, som annars skapat tabellen i kopian och
    fått kopian att se aktuell ut (den byttes aldrig in)."""
    from app import uppgradera_lager

    ingest(ROOT / "data" / "demo" / "projekt.csv")
    con = duckdb.connect(str(settings.db_path))
    con.execute("DROP TABLE leverans")
    con.close()
    uppgradera_lager(settings, settings.db_path)
    assert lager("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'leverans'") == [(1,)]


def test_en_person_med_olika_kon_i_raderna_raknas_likadant_varje_gang(tmp_path, ingest, lager):
    """Samma filer ska ge samma aggregat (också vid bygg-om). En person vars rader säger olika kön eller målgrupp
    räknas under det största värdet, inte under det DuckDB råkar se först (any_value)."""
    from ingest.luhn import personnummer
    from tests.conftest import skriv

    pnr = personnummer(1985, 3, 12, 123)
    # Tre insatser som går i varandra (januari–mars): ett sammanhängande spann, en person.
    rader = [f"{pnr};Ale;Praktik;2024-0{m}-01;2024-03-20;{kon};{grupp}"
             for m, kon, grupp in [(1, "K", "Nyanländ"), (2, "M", "Ung 16–24"), (3, "K", "Nyanländ")]]
    ingest(skriv(tmp_path / "d.csv", "personnummer;kommun;insats;startdatum;slutdatum;kön;målgrupp\n"
                 + "\n".join(rader) + "\n"))
    assert lager("SELECT DISTINCT kon, malgrupp FROM agg_aktiva_manad") == [("Man", "Ung 16–24")]
    assert lager("SELECT kon, malgrupp, kedja, personer FROM agg_kedjor") == [
        ("Man", "Ung 16–24", "Praktik → … → Praktik", 1)]


def test_aggregaten_raknas_bara_om_nar_deltagare_eller_projekt_andrats(tmp_path, ingest, lager, settings):
    """AF:s statistik, Kolada, SCB, budget och jobbspår rör inte aggregaten: de räknas inte om (nationellt 9 s).
    Prövat med ett aggregat som ändrats för hand: en budgetfil lämnar ändringen, en deltagarfil räknar om."""
    from ingest.luhn import personnummer
    from tests.conftest import skriv

    def deltagare(namn, nr):
        return skriv(tmp_path / namn, "personnummer;kommun;insats;startdatum\n"
                     f"{personnummer(1985, 3, 12, nr)};Ale;Praktik;2024-01-01\n")

    def handandrat() -> int:
        return lager("SELECT count(*) FROM agg_aktiva_manad WHERE personer = 999")[0][0]

    ingest(deltagare("d1.csv", 1))
    con = duckdb.connect(str(settings.db_path))
    con.execute("UPDATE agg_aktiva_manad SET personer = 999")
    con.close()
    assert handandrat() > 0
    rapport = ingest(skriv(tmp_path / "budget.csv", "kommun;år;månad;budgetpost;budget;utfall\nAle;2026;1;Extratjänster;100;90\n"))
    assert rapport.filer[0].godkanda == 1
    assert handandrat() > 0, "en budgetfil räknar inte om aggregaten"
    ingest(deltagare("d2.csv", 2))
    assert handandrat() == 0, "en deltagarfil räknar om dem"
    assert lager("SELECT sum(personer) FROM agg_aktiva_manad WHERE manad = DATE '2024-01-01'")[0][0] == 2
