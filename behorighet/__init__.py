"""Behörighet: roller, användare, inloggning och granskningslogg.

Rollerna (ärende #5):
- styrgrupp: ser allt, också små antal och sidan Datakvalitet;
- chef: landar på sin hemkommun, ser alla kommuner med små antal dolda;
- projektor: det som kan visas för vem som helst, med små antal dolda;
- forvaltare (dataförvaltare): lämnar in filer för hela regionen och ser Datakvalitet, med små antal dolda.
  En chef lämnar in deltagar- och budgetfiler för sin hemkommun.

Paketet importerar inte Dash; webb.py kopplar in det i Flask-servern.
"""
from __future__ import annotations

from dataclasses import dataclass

ROLLER = ("styrgrupp", "chef", "projektor", "forvaltare")
# Sidor som kräver en viss roll; övriga sidor får alla inloggade se.
SIDOR_FOR_ROLL = {"/datakvalitet": frozenset({"styrgrupp", "forvaltare"}),
                  "/inlamning": frozenset({"forvaltare", "chef"})}
# Vad en roll får lämna in på sidan Lämna in filer (None = alla filtyper); en chef bara för sin hemkommun.
INLAMNING = {"forvaltare": None, "chef": frozenset({"deltagare", "budget"})}


@dataclass(frozen=True)
class Atkomst:
    roll: str
    # Antal personer under troskel döljs; 0 = inget döljs (styrgruppen).
    troskel: int
    anvandare: str | None = None
    hemkommun: str | None = None

    def far_se(self, sokvag: str) -> bool:
        roller = SIDOR_FOR_ROLL.get(sokvag.rstrip("/") or "/")
        return roller is None or self.roll in roller

    def offentlig(self, troskel: int) -> Atkomst:
        """Samma användare, men med små antal dolda: för projektorn och mötespaketet."""
        return self if self.troskel >= troskel else Atkomst(self.roll, troskel, self.anvandare, self.hemkommun)


def atkomst_for(roll: str, troskel: int, anvandare: str | None = None, hemkommun: str | None = None) -> Atkomst:
    if roll not in ROLLER:
        raise ValueError(f"okänd roll {roll!r}; giltiga roller: {', '.join(ROLLER)}")
    return Atkomst(roll, 0 if roll == "styrgrupp" else troskel, anvandare, hemkommun)


def striktast(troskel: int) -> Atkomst:
    """Åtkomsten när ingen är känd: som projektorn."""
    return Atkomst("projektor", troskel)
