"""Användarfilen: roller, hemkommun och lösenordshashar (scrypt), aldrig lösenord i klartext.

    [anvandare.anna]
    roll = "chef"
    hemkommun = "1481"
    losenord = "scrypt$32768$8$1$<salt>$<hash>"
    epost = "anna.andersson@ale.se"

Filen skrivs av `python app.py anvandare NAMN --roll chef --kommun Mölndal`.
Vid inloggning via omvänd proxy (SSO) används filen utan lösenord: proxyn
intygar vem användaren är, filen säger vilken roll hen har.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from behorighet import ROLLER

_N, _R, _P = 2**15, 8, 1


@dataclass(frozen=True)
class Anvandare:
    namn: str
    roll: str
    hemkommun: str | None
    losenordshash: str | None
    # Adressen för påminnelser och veckosammanfattningen (utskick/); None = inga utskick.
    epost: str | None = None


def hasha(losenord: str) -> str:
    salt = os.urandom(16)
    nyckel = hashlib.scrypt(losenord.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${_N}${_R}${_P}${b64(salt)}${b64(nyckel)}"


def stammer(losenord: str, lagrad: str | None) -> bool:
    try:
        metod, n_text, r_text, p_text, salt, nyckel = (lagrad or "").split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
    except ValueError:
        metod, n, r, p, salt, nyckel = "scrypt", _N, _R, _P, "AAAA", ""
    # Räkna alltid en hash, också för okända användare, så att svarstiden inte avslöjar vilka som finns.
    rakna = hashlib.scrypt(losenord.encode(), salt=base64.b64decode(salt), n=n, r=r, p=p, maxmem=64 * 1024 * 1024)
    return metod == "scrypt" and bool(nyckel) and hmac.compare_digest(rakna, base64.b64decode(nyckel))


class Anvandarfil:
    """Läser om filen när den ändrats, så att en ny användare inte kräver omstart."""

    def __init__(self, sokvag: Path) -> None:
        self.sokvag = Path(sokvag)
        self._stat: tuple | None = None
        self._anvandare: dict[str, Anvandare] = {}

    def _las(self) -> dict[str, Anvandare]:
        try:
            st = self.sokvag.stat()
        except FileNotFoundError:
            return {}
        if (st.st_ino, st.st_mtime_ns, st.st_size) != self._stat:
            data = tomllib.loads(self.sokvag.read_text(encoding="utf-8"))
            anvandare = {}
            for namn, post in (data.get("anvandare") or {}).items():
                roll = post.get("roll")
                if roll not in ROLLER:
                    raise SystemExit(f"{self.sokvag}: användaren {namn} har okänd roll {roll!r}")
                anvandare[namn] = Anvandare(namn, roll, post.get("hemkommun"), post.get("losenord"),
                                            post.get("epost") or None)
            self._anvandare, self._stat = anvandare, (st.st_ino, st.st_mtime_ns, st.st_size)
        return self._anvandare

    def hamta(self, namn: str) -> Anvandare | None:
        return self._las().get(namn)

    def finns(self) -> bool:
        return bool(self._las())

    def alla(self) -> list[Anvandare]:
        """Alla användare i namnordning (utskicken och anteckningsformulärets förslag på ansvarig)."""
        return sorted(self._las().values(), key=lambda a: a.namn)

    def logga_in(self, namn: str, losenord: str) -> Anvandare | None:
        anv = self.hamta(namn)
        ok = stammer(losenord, anv.losenordshash if anv else None)
        return anv if ok and anv else None

    def spara(self, namn: str, roll: str, hemkommun: str | None, losenord: str | None,
              epost: str | None = None) -> None:
        """epost: None behåller den tidigare adressen, "" tar bort den."""
        if roll not in ROLLER:
            raise ValueError(f"okänd roll {roll!r}")
        if epost and not giltig_epost(epost):
            raise ValueError(f"ogiltig e-postadress {epost!r}")
        if not namn.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise ValueError("användarnamnet får bara innehålla bokstäver, siffror, punkt, - och _")
        befintliga = dict(self._las())
        tidigare = befintliga.get(namn)
        hash_ = hasha(losenord) if losenord else (tidigare.losenordshash if tidigare else None)
        adress = (tidigare.epost if tidigare else None) if epost is None else (epost.strip() or None)
        befintliga[namn] = Anvandare(namn, roll, hemkommun, hash_, adress)
        rader = ["# Samverkansmonitorns användare. Skrivs av: python app.py anvandare NAMN --roll ROLL", ""]
        for a in befintliga.values():
            rader.append(f'[anvandare."{a.namn}"]')
            rader.append(f'roll = "{a.roll}"')
            if a.hemkommun:
                rader.append(f'hemkommun = "{a.hemkommun}"')
            if a.losenordshash:
                rader.append(f'losenord = "{a.losenordshash}"')
            if a.epost:
                rader.append(f'epost = "{a.epost}"')
            rader.append("")
        self.sokvag.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.sokvag.with_suffix(".tmp")
        tmp.write_text("\n".join(rader), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.sokvag)


def giltig_epost(adress: str) -> bool:
    """En adress som går att skicka till: ett @, en domän med punkt, inga blanksteg, citattecken eller
    radbrytningar (de kunde bryta TOML-filen eller e-posthuvudet)."""
    import re

    tecken = r"[^@\s\"\\<>,;]+"
    return len(adress) <= 254 and bool(re.fullmatch(rf"{tecken}@{tecken}\.{tecken}", adress.strip()))
