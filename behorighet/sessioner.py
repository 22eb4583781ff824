"""Inloggningsförsök och sessioner på servern, delade av alla arbetare (SQLite i WAL-läge).

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
import sqlite3
import threading
import time
from pathlib import Path

FONSTER_S = 15 * 60
FRIA_FORSOK = 5
MAX_VANTAN_S = 15 * 60
# Så många olika användarnamn som får misslyckas från en adress innan adressen stryps.
SPREJ_NAMN = 10


class Sessioner:
    def __init__(self, fil: Path, livstid_s: float) -> None:
        self.fil = Path(fil)
        self.livstid_s = livstid_s
        self._lokal = threading.local()
        self.fil.parent.mkdir(parents=True, exist_ok=True)
        with self._con() as con:
            con.execute("CREATE TABLE IF NOT EXISTS misslyckade (nyckel TEXT NOT NULL, tid REAL NOT NULL)")
            con.execute("CREATE INDEX IF NOT EXISTS misslyckade_nyckel ON misslyckade (nyckel, tid)")
            con.execute("CREATE TABLE IF NOT EXISTS sessioner (sid TEXT PRIMARY KEY, anvandare TEXT NOT NULL, "
                        "skapad REAL NOT NULL, aterkallad REAL)")

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._lokal, "con", None)
        if con is None:
            con = sqlite3.connect(self.fil, timeout=10, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA busy_timeout=10000")
            self._lokal.con = con
        return con

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
        con = self._con()
        antal, senast = con.execute("SELECT count(*), max(tid) FROM misslyckade WHERE nyckel = ? AND tid > ?",
                                    (self._nycklar(anvandare, None)[0], nu - FONSTER_S)).fetchone()
        storst = self._vanta(antal, senast, FRIA_FORSOK, nu)
        if adress:
            # Antal olika användarnamn som misslyckats från adressen, inte antal försök.
            namn, senast = con.execute("SELECT count(DISTINCT nyckel), max(tid) FROM misslyckade "
                                       "WHERE nyckel LIKE ? ESCAPE '\\' AND tid > ?",
                                       (_like_prefix(f"ip:{adress}|"), nu - FONSTER_S)).fetchone()
            storst = max(storst, self._vanta(namn, senast, SPREJ_NAMN, nu))
        return max(storst, 0.0)

    def misslyckat(self, anvandare: str, adress: str | None) -> None:
        nu = time.time()
        con = self._con()
        con.executemany("INSERT INTO misslyckade VALUES (?, ?)", [(n, nu) for n in self._nycklar(anvandare, adress)])
        con.execute("DELETE FROM misslyckade WHERE tid < ?", (nu - FONSTER_S,))

    def lyckat(self, anvandare: str) -> str:
        """Nollställer användarnamnets försök (inte adressens) och ger ett nytt sessions-id."""
        sid = secrets.token_urlsafe(32)
        con = self._con()
        con.execute("DELETE FROM misslyckade WHERE nyckel = ?", (self._nycklar(anvandare, None)[0],))
        con.execute("INSERT INTO sessioner VALUES (?, ?, ?, NULL)", (sid, anvandare, time.time()))
        return sid

    def giltig(self, sid: str | None, anvandare: str | None) -> bool:
        if not sid or not anvandare:
            return False
        rad = self._con().execute("SELECT anvandare, skapad, aterkallad FROM sessioner WHERE sid = ?",
                                  (sid,)).fetchone()
        return (rad is not None and rad[0] == anvandare and rad[2] is None
                and time.time() - rad[1] < self.livstid_s)

    def aterkalla(self, sid: str | None) -> None:
        if sid:
            self._con().execute("UPDATE sessioner SET aterkallad = ? WHERE sid = ?", (time.time(), sid))


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
