"""Registret över utskick, prenumerationer och kalendernycklar, i anteckningarnas databas (SQLite eller
PostgreSQL), så att alla servrar och bevakare delar det.

Ett meddelande skickas en gång: ta() skriver en rad med meddelandets nyckel och status "skickar"; nyckeln är
unik, så bara en process lyckas. Efter sändningen blir raden "skickat". Dör processen mitt i (kill -9) står
raden kvar som "skickar": efter GAMMAL_EFTER får nästa körning ta den igen, så högst det meddelande som var
på väg kan komma två gånger, och inget hoppas över. Ett SMTP-fel gör raden till "fel", och nästa körning
försöker igen.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from anteckningar.tabeller import kalendernyckel, prenumeration, utskick

GAMMAL_EFTER = dt.timedelta(minutes=10)
SLAG = ("paminnelser", "sammanfattning")


def _nu() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Utskicksregister:
    def __init__(self, motor: Engine) -> None:
        self.motor = motor

    # Ett meddelande en gång ------------------------------------------------------------------

    def ta(self, nyckel: str, slag: str, mottagare: str, nu: dt.datetime | None = None) -> bool:
        """True: den här processen ska skicka meddelandet nu. False: det är skickat, eller en annan process
        håller på (och har inte varit tyst längre än GAMMAL_EFTER)."""
        nu = nu or _nu()
        try:
            with self.motor.begin() as con:
                con.execute(insert(utskick).values(nyckel=nyckel, slag=slag, mottagare=mottagare, status="skickar",
                                                   paborjat=nu, forsok=1))
            return True
        except IntegrityError:
            pass
        with self.motor.begin() as con:
            rad = con.execute(select(utskick).where(utskick.c.nyckel == nyckel)).mappings().first()
            if rad is None or rad["status"] == "skickat":
                return False
            if rad["status"] == "skickar" and rad["paborjat"] > nu - GAMMAL_EFTER:
                return False
            # Jämför och byt: bara en process får ta över ett misslyckat eller övergivet utskick.
            tagen = con.execute(update(utskick).where(
                utskick.c.id == rad["id"], utskick.c.status == rad["status"],
                utskick.c.paborjat == rad["paborjat"]).values(
                status="skickar", paborjat=nu, forsok=rad["forsok"] + 1)).rowcount
            return tagen == 1

    def klar(self, nyckel: str, innehall: dict | None = None) -> None:
        with self.motor.begin() as con:
            con.execute(update(utskick).where(utskick.c.nyckel == nyckel).values(
                status="skickat", skickat=_nu(), fel=None,
                innehall=json.dumps(innehall, ensure_ascii=False, default=str) if innehall is not None else None))

    def misslyckades(self, nyckel: str, fel: str) -> None:
        with self.motor.begin() as con:
            con.execute(update(utskick).where(utskick.c.nyckel == nyckel).values(status="fel", fel=fel[:500]))

    def senaste(self, slag: str, mottagare: str) -> dict | None:
        """Det senast skickade meddelandet av ett slag till en mottagare, med innehållet (JSON) avkodat."""
        with self.motor.connect() as con:
            rad = con.execute(select(utskick).where(
                utskick.c.slag == slag, utskick.c.mottagare == mottagare, utskick.c.status == "skickat")
                .order_by(utskick.c.skickat.desc(), utskick.c.id.desc())).mappings().first()
        if rad is None:
            return None
        return {**dict(rad), "innehall": json.loads(rad["innehall"]) if rad["innehall"] else {}}

    def lista(self, mottagare: str | None = None) -> list[dict]:
        fraga = select(utskick).order_by(utskick.c.id)
        if mottagare:
            fraga = fraga.where(utskick.c.mottagare == mottagare)
        with self.motor.connect() as con:
            return [dict(r) for r in con.execute(fraga).mappings()]

    # Vad en användare vill få ----------------------------------------------------------------

    def prenumererar(self, anvandare: str) -> dict[str, bool]:
        with self.motor.connect() as con:
            rad = con.execute(select(prenumeration).where(prenumeration.c.anvandare == anvandare)).mappings().first()
        return {slag: bool(rad[slag]) if rad else True for slag in SLAG}

    def valj(self, anvandare: str, **val: bool) -> None:
        okanda = set(val) - set(SLAG)
        if okanda:
            raise ValueError(f"okända utskick: {', '.join(sorted(okanda))}")
        nya = {**self.prenumererar(anvandare), **val}
        with self.motor.begin() as con:
            finns = con.execute(select(prenumeration.c.anvandare).where(
                prenumeration.c.anvandare == anvandare)).first()
            if finns:
                con.execute(update(prenumeration).where(prenumeration.c.anvandare == anvandare).values(
                    **nya, andrad=_nu()))
            else:
                con.execute(insert(prenumeration).values(anvandare=anvandare, **nya, andrad=_nu()))

    # Kalendernycklar -------------------------------------------------------------------------

    def ny_kalendernyckel(self, anvandare: str) -> str:
        """En ny hemlig nyckel för kalenderflödet; den gamla slutar gälla. Nyckeln visas en gång, bara hashen
        sparas."""
        nyckel = secrets.token_urlsafe(32)
        with self.motor.begin() as con:
            con.execute(delete(kalendernyckel).where(kalendernyckel.c.anvandare == anvandare))
            con.execute(insert(kalendernyckel).values(anvandare=anvandare, hash=_hash(nyckel), skapad=_nu()))
        return nyckel

    def aterkalla_kalendernyckel(self, anvandare: str) -> None:
        with self.motor.begin() as con:
            con.execute(delete(kalendernyckel).where(kalendernyckel.c.anvandare == anvandare))

    def har_kalendernyckel(self, anvandare: str) -> dt.datetime | None:
        with self.motor.connect() as con:
            return con.execute(select(kalendernyckel.c.skapad).where(
                kalendernyckel.c.anvandare == anvandare)).scalar()

    def kalenderns_anvandare(self, nyckel: str) -> str | None:
        if not nyckel or len(nyckel) > 100:
            return None
        with self.motor.connect() as con:
            return con.execute(select(kalendernyckel.c.anvandare).where(
                kalendernyckel.c.hash == _hash(nyckel))).scalar()


def _hash(nyckel: str) -> str:
    return hashlib.sha256(nyckel.encode()).hexdigest()
