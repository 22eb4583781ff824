"""Nyckeln till pseudonymerna och hjälp för personnummer.

Ett personnummer ersätts vid inläsningen av HMAC-SHA256(nyckel, ÅÅÅÅMMDDNNNN).
Samma person får alltså samma pseudonym i varje fil, men utan nyckeln går den
inte att räkna tillbaka. Själva beräkningen görs i DuckDB (makrot
pseudonym_for i ingest/sql/makron.sql); pseudonym_python() här är samma
beräkning för tester och enstaka värden.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

PSEUDONYM_PREFIX = "p"
PSEUDONYM_LANGD = 24  # hextecken, 96 bitar: kollisioner är i praktiken omöjliga

_PNR_I_TEXT = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?\d{4}(?!\d)")


def ladda_nyckel(nyckel_fran_miljo: str | None, nyckelfil: Path) -> bytes:
    """Nyckeln från miljön, annars från nyckelfilen som skapas (0600) första gången."""
    if nyckel_fran_miljo:
        return nyckel_fran_miljo.encode("utf-8")
    if nyckelfil.exists():
        nyckel = nyckelfil.read_text(encoding="ascii").strip()
        if len(nyckel) < 32:
            raise SystemExit(f"Pseudonymnyckeln i {nyckelfil} är för kort (minst 32 tecken)")
        return nyckel.encode("ascii")
    return skapa_nyckelfil(nyckelfil)


def skapa_nyckelfil(nyckelfil: Path) -> bytes:
    """En ny slumpad nyckel i en ny fil (0600), skriven till disken innan den används."""
    nyckelfil.parent.mkdir(parents=True, exist_ok=True)
    nyckel = secrets.token_hex(32)
    # Skapa filen med rätt rättigheter direkt, så att den aldrig är läsbar för andra.
    fd = os.open(nyckelfil, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fil:
        fil.write(nyckel + "\n")
        fil.flush()
        os.fsync(fil.fileno())
    return nyckel.encode("ascii")


def nyckelns_id(nyckel: bytes) -> str:
    """Ett kännetecken för nyckeln (en HMAC av en fast text): lagret minns vilken nyckel det byggdes med, utan att
    något om nyckeln går att räkna fram ur det."""
    return hmac.new(nyckel, b"samverkansmonitorn:nyckelns-id", hashlib.sha256).hexdigest()[:16]


def hmac_paddar(nyckel: bytes) -> tuple[bytes, bytes]:
    """(K xor ipad, K xor opad) enligt RFC 2104, så att DuckDB kan räkna HMAC med sha256()."""
    if len(nyckel) > 64:
        nyckel = hashlib.sha256(nyckel).digest()
    nyckel = nyckel.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in nyckel), bytes(b ^ 0x5C for b in nyckel)


def pseudonym_python(nyckel: bytes, personnummer12: str) -> str:
    digest = hmac.new(nyckel, personnummer12.encode("ascii"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_LANGD]


def maskera(text: str) -> str:
    """'19850312-1234' -> '19850312-****' var det än står i en text."""
    return _PNR_I_TEXT.sub(lambda m: m.group(1) + "-****", text)
