"""Luhn-kontrollsiffran i personnummer, för testdata och demodata.

Inläsningen kontrollerar i SQL (pnr_giltigt_n i ingest/sql/makron.sql).
"""


def kontrollsiffra(nio_siffror: str) -> int:
    summa = 0
    for i, tecken in enumerate(nio_siffror):
        produkt = int(tecken) * (2 if i % 2 == 0 else 1)
        summa += produkt // 10 + produkt % 10
    return (10 - summa % 10) % 10


def personnummer(ar: int, manad: int, dag: int, lopnummer: int) -> str:
    """Ett giltigt tolvsiffrigt personnummer 'ÅÅÅÅMMDD-NNNN' (lopnummer 0–999)."""
    nio = f"{ar % 100:02d}{manad:02d}{dag:02d}{lopnummer:03d}"
    return f"{ar:04d}{manad:02d}{dag:02d}-{lopnummer:03d}{kontrollsiffra(nio)}"
