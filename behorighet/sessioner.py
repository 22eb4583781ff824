"""Inloggningsförsök och sessioner på servern, delade av alla arbetare och servrar.

De ligger i anteckningarnas databas (anteckningar/tabeller.py, Alembic 0003): SQLite i WAL-läge för en
server, PostgreSQL (SAMVERKAN_ANTECKNINGAR_URL) när flera servrar står bakom en lastbalanserare. Då gäller
en inloggning på den ena också på den andra, en utloggning avslutar sessionen på båda, och strypningen
räknar försöken på båda.

Två saker som en signerad kaka ensam inte klarar:
- **Strypning**: efter 5 misslyckade försök på 15 minuter för samma användarnamn måste nästa försök
  för det namnet vänta 1, 2, 4 … sekunder (högst 15 minuter). Under väntan prövas inte ens rätt
  lösenord, och försöket räknas som misslyckat: svaret är 429 med en svensk text. En klientadress
  stryps bara när den misslyckats för många *olika* användarnamn (lösenordssprejning): en användares
  felskrivningar stänger aldrig ute en annan, inte heller bakom en proxy där alla delar adress.
- **Återkallelse**: varje inloggning får ett sessions-id som står här. Utloggning återkallar det,
  så en kopierad kaka slutar fungera; en session gäller också högst sin livstid.
"""
from __future__ import annotations

import secrets
import time

from sqlalchemy import Engine, delete, distinct, func, insert, select, update

from anteckningar.tabeller import misslyckad_inloggning as misslyckade
from anteckningar.tabeller import session as sessioner

FONSTER_S = 15 * 60
FRIA_FORSOK = 5
MAX_VANTAN_S = 15 * 60
# Så många olika användarnamn som får misslyckas från en adress innan adressen stryps.
SPREJ_NAMN = 10


class Sessioner:
    """motor: anteckningarnas databas, migrerad (Anteckningar.fran_installningar)."""

    def __init__(self, motor: Engine, livstid_s: float) -> None:
        self.motor = motor
        self.livstid_s = livstid_s

    @staticmethod
    def _nycklar(anvandare: str, adress: str | None) -> list[str]:
        """Användarnamnet, och adressen med namnet (adressens strypning räknar olika namn)."""
        namn = f"anv:{anvandare.lower()}"
        return [namn] + ([f"ip:{adress}|{namn}"] if adress else [])

    @staticmethod
    def _vanta(antal: int, senast: float | None, fria: int, nu: float) -> float:
        if antal < fria or senast is None:
            return 0.0
        return senast + min(2.0 ** (antal - fria), MAX_VANTAN_S) - nu

    def vantan(self, anvandare: str, adress: str | None, nu: float | None = None) -> float:
        """Sekunder kvar innan ett nytt försök får prövas; 0 = pröva nu. adress: klientens adress som den
        betrodda proxyn anger den (None när den inte är känd: då stryps bara användarnamnet)."""
        nu = time.time() if nu is None else nu
        with self.motor.connect() as con:
            antal, senast = con.execute(
                select(func.count(), func.max(misslyckade.c.tid))
                .where(misslyckade.c.nyckel == self._nycklar(anvandare, None)[0], misslyckade.c.tid > nu - FONSTER_S)
            ).one()
            storst = self._vanta(antal, senast, FRIA_FORSOK, nu)
            if adress:
                # Antal olika användarnamn som misslyckats från adressen, inte antal försök.
                namn, senast = con.execute(
                    select(func.count(distinct(misslyckade.c.nyckel)), func.max(misslyckade.c.tid))
                    .where(misslyckade.c.nyckel.like(_like_prefix(f"ip:{adress}|"), escape="\\"),
                           misslyckade.c.tid > nu - FONSTER_S)
                ).one()
                storst = max(storst, self._vanta(namn, senast, SPREJ_NAMN, nu))
        return max(storst, 0.0)

    def misslyckat(self, anvandare: str, adress: str | None) -> None:
        nu = time.time()
        with self.motor.begin() as con:
            con.execute(insert(misslyckade), [{"nyckel": n, "tid": nu} for n in self._nycklar(anvandare, adress)])
            con.execute(delete(misslyckade).where(misslyckade.c.tid < nu - FONSTER_S))

    def lyckat(self, anvandare: str) -> str:
        """Nollställer användarnamnets försök (inte adressens) och ger ett nytt sessions-id."""
        sid = secrets.token_urlsafe(32)
        with self.motor.begin() as con:
            con.execute(delete(misslyckade).where(misslyckade.c.nyckel == self._nycklar(anvandare, None)[0]))
            con.execute(insert(sessioner).values(sid=sid, anvandare=anvandare, skapad=time.time()))
        return sid

    def giltig(self, sid: str | None, anvandare: str | None) -> bool:
        if not sid or not anvandare:
            return False
        with self.motor.connect() as con:
            rad = con.execute(select(sessioner.c.anvandare, sessioner.c.skapad, sessioner.c.aterkallad)
                              .where(sessioner.c.sid == sid)).first()
        return (rad is not None and rad[0] == anvandare and rad[2] is None
                and time.time() - rad[1] < self.livstid_s)

    def aterkalla(self, sid: str | None) -> None:
        if sid:
            with self.motor.begin() as con:
                con.execute(update(sessioner).where(sessioner.c.sid == sid).values(aterkallad=time.time()))


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
