"""Samverkansmonitorns inställningar.

Allt som skiljer en installation från en annan läses här, från miljövariabler
med säkra standardvärden. Inga sökvägar till någons maskin i koden: allt är
relativt projektets mapp om inget annat anges.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


def _path(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


def _int(env: str, default: int) -> int:
    value = os.environ.get(env)
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise SystemExit(f"Ogiltigt värde i {env}: {value!r} (ett heltal väntades)") from exc


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    demo_dir: Path
    db_path: Path
    archive_dir: Path
    inbox_dir: Path
    key_file: Path
    # Nyckeln till pseudonymerna: från miljön i drift, annars en nyckelfil (0600).
    pseudonym_key: str | None
    host: str
    port: int
    # En källa som är äldre än så här många dagar flaggas som inaktuell.
    max_age_days: int
    # Antal personer under detta värde visas som "<5" (SCB/AF-praxis).
    suppression_threshold: int
    # Hur ofta inkorgen läses (0 = ingen bevakning) och hur ofta öppna sidor letar efter nytt lager.
    inbox_seconds: float
    refresh_seconds: float


def load_settings() -> Settings:
    data_dir = _path("SAMVERKAN_DATA", PROJECT_ROOT / "data")
    return Settings(
        data_dir=data_dir,
        # Demodata skeppas med koden och följer inte SAMVERKAN_DATA.
        demo_dir=_path("SAMVERKAN_DEMO", PROJECT_ROOT / "data" / "demo"),
        db_path=_path("SAMVERKAN_DB", data_dir / "lager" / "samverkan.duckdb"),
        archive_dir=_path("SAMVERKAN_ARKIV", data_dir / "arkiv"),
        inbox_dir=_path("SAMVERKAN_INKORG", data_dir / "inkorg"),
        key_file=_path("SAMVERKAN_NYCKELFIL", data_dir / ".pseudonymnyckel"),
        pseudonym_key=os.environ.get("SAMVERKAN_NYCKEL") or None,
        host=os.environ.get("SAMVERKAN_HOST", "127.0.0.1"),
        port=_int("SAMVERKAN_PORT", 8050),
        max_age_days=_int("SAMVERKAN_MAX_ALDER_DAGAR", 45),
        suppression_threshold=_int("SAMVERKAN_DOLJ_UNDER", 5),
        inbox_seconds=_int("SAMVERKAN_INKORG_SEKUNDER", 5),
        refresh_seconds=_int("SAMVERKAN_UPPDATERA_SEKUNDER", 10),
    )
