"""Samrådets minne: förklaringar, beslut och uppföljningar, sparade bredvid siffrorna men inte i lagret.

Lagret byggs om och byts vid varje import; anteckningarna ligger därför i en egen databas och
kopplas till siffrorna när de läses, på kommun och period. En import kan aldrig tappa en anteckning.

Standard är SQLite i WAL-läge under datamappen; SAMVERKAN_ANTECKNINGAR_URL=postgresql://… flyttar
dem till PostgreSQL när en region kör flera servrar. SQLAlchemy Core, och schemat ändras bara
genom Alembic (anteckningar/migreringar). Ingen Dash här.

En anteckning ändras aldrig utan spår: varje ny version sparas i historiken (vem, vad, när), och
att radera är att markera som raderad, något styrgruppen kan se.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.exc import OperationalError

from anteckningar.tabeller import anteckning, historik

TYPER = ("Förklaring", "Beslut", "Uppföljning")
# Kommunkoden för en anteckning som gäller regionen som helhet (i listor: "hela GR", "hela Fyrbodal" …).
HELA_REGIONEN = "GR"
STATUSAR = ("öppen", "klar")
MAX_TEXT = 2000
_PERIOD = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2]))?$")
MIGRERINGAR = Path(__file__).parent / "migreringar"


class Anteckningsfel(ValueError):
    """En anteckning som inte kan sparas; meddelandet är en svensk mening till den som skrev."""


@dataclass(frozen=True)
class Skribent:
    """Den som skriver: namn, roll och hemkommun (chefen skriver bara för sin egen kommun)."""

    namn: str
    roll: str
    hemkommun: str | None = None

    def far_skriva(self, kommun_kod: str) -> bool:
        if self.roll == "styrgrupp":
            return True
        return self.roll == "chef" and self.hemkommun is not None and kommun_kod == self.hemkommun


class Behorighet(PermissionError):
    """Rollen får inte skriva för den kommunen."""


def _nu() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Anteckningar:
    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            self.motor: Engine = create_engine(url, connect_args={"timeout": 30})

            @event.listens_for(self.motor, "connect")
            def _sqlite(anslutning, _post) -> None:
                # WAL: läsare och en skrivare samtidigt; busy_timeout: vänta på låset i stället för att fela.
                markor = anslutning.cursor()
                markor.execute("PRAGMA journal_mode=WAL")
                markor.execute("PRAGMA busy_timeout=30000")
                markor.execute("PRAGMA foreign_keys=ON")
                markor.close()
        else:
            self.motor = create_engine(url, pool_pre_ping=True)

    @classmethod
    def fran_installningar(cls, settings) -> Anteckningar:
        store = cls(settings.anteckningar_url)
        store.migrera()
        return store

    def migrera(self) -> None:
        """Schemat till senaste version (Alembic), också för en ny, tom databas."""
        from alembic import command
        from alembic.config import Config

        konfig = Config()
        konfig.set_main_option("script_location", str(MIGRERINGAR))
        # Flera arbetare (gunicorn) startar samtidigt: en migrering i taget, de andra finner schemat klart.
        with self._migreringslas(), self.motor.begin() as anslutning:
            if self.motor.dialect.name == "postgresql":
                anslutning.exec_driver_sql("SELECT pg_advisory_xact_lock(731202611)")
            konfig.attributes["anslutning"] = anslutning
            command.upgrade(konfig, "head")

    @contextmanager
    def _migreringslas(self) -> Iterator[None]:
        if not self.url.startswith("sqlite:///"):
            yield
            return
        fil = Path(self.url.removeprefix("sqlite:///"))
        fil.parent.mkdir(parents=True, exist_ok=True)
        with open(fil.with_name(fil.name + ".migrering.lock"), "a+") as las:
            fcntl.flock(las, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(las, fcntl.LOCK_UN)

    # Skrivningar -----------------------------------------------------------------------------

    def skapa(self, skribent: Skribent, *, typ: str, kommun_kod: str, period: str, text: str,
              amne: str | None = None, ansvarig: str | None = None, klart_senast: dt.date | str | None = None,
              region: frozenset[str] = frozenset()) -> int:
        falt = _provat(typ=typ, kommun_kod=kommun_kod, period=period, text=text, amne=amne, ansvarig=ansvarig,
                       klart_senast=klart_senast, region=region, ny=True)
        if not skribent.far_skriva(falt["kommun_kod"]):
            raise Behorighet(f"rollen {skribent.roll} får inte skriva för kommun {falt['kommun_kod']}")
        tid = _nu()
        rad = {**falt, "status": "öppen" if falt["typ"] == "Uppföljning" else None, "skapad_av": skribent.namn,
               "skapad": tid, "raderad": False}

        def gor(anslutning) -> int:
            nytt_id = anslutning.execute(insert(anteckning).values(**rad)).inserted_primary_key[0]
            _spara_historik(anslutning, nytt_id, "skapad", skribent.namn, tid, rad)
            return int(nytt_id)

        return self._skriv(gor)

    def andra(self, skribent: Skribent, anteckning_id: int, **andringar: Any) -> None:
        """Ändra text, ansvarig, klart senast eller status; den tidigare versionen finns kvar i historiken."""
        gammal = self.hamta(anteckning_id)
        if gammal is None or gammal["raderad"]:
            raise Anteckningsfel("Anteckningen finns inte.")
        if not skribent.far_skriva(gammal["kommun_kod"]):
            raise Behorighet(f"rollen {skribent.roll} får inte ändra anteckningar för kommun {gammal['kommun_kod']}")
        tillatna = {"text", "ansvarig", "klart_senast", "status", "typ", "period", "amne"}
        okanda = set(andringar) - tillatna
        if okanda:
            raise Anteckningsfel(f"Okända fält: {', '.join(sorted(okanda))}.")
        ny = {**{k: gammal[k] for k in tillatna}, **andringar}
        status = ny.pop("status")
        falt = _provat(**ny, kommun_kod=gammal["kommun_kod"], region=frozenset(), ny=False)
        if falt["typ"] == "Uppföljning":
            if status not in STATUSAR:
                raise Anteckningsfel("Status ska vara öppen eller klar.")
        else:
            status = None
        tid = _nu()

        def gor(anslutning) -> None:
            anslutning.execute(update(anteckning).where(anteckning.c.id == anteckning_id).values(
                **falt, status=status, andrad_av=skribent.namn, andrad=tid))
            _spara_historik(anslutning, anteckning_id, "ändrad", skribent.namn, tid, {**falt, "status": status})

        self._skriv(gor)

    def radera(self, skribent: Skribent, anteckning_id: int) -> None:
        """Mjuk radering: anteckningen försvinner ur listorna men finns kvar, och styrgruppen kan se den."""
        gammal = self.hamta(anteckning_id)
        if gammal is None:
            raise Anteckningsfel("Anteckningen finns inte.")
        if not skribent.far_skriva(gammal["kommun_kod"]):
            raise Behorighet(f"rollen {skribent.roll} får inte radera anteckningar för kommun {gammal['kommun_kod']}")
        tid = _nu()

        def gor(anslutning) -> None:
            anslutning.execute(update(anteckning).where(anteckning.c.id == anteckning_id).values(
                raderad=True, andrad_av=skribent.namn, andrad=tid))
            _spara_historik(anslutning, anteckning_id, "raderad", skribent.namn, tid, {"raderad": True})

        self._skriv(gor)

    def _skriv(self, gor):
        """En skrivning i en transaktion. Ett kort "database is locked" (SQLite under många samtidiga
        skrivare, trots busy_timeout) provas igen; det når aldrig användaren som ett fel."""
        for forsok in range(8):
            try:
                with self.motor.begin() as anslutning:
                    return gor(anslutning)
            except OperationalError as exc:
                if "locked" not in str(exc).lower() or forsok == 7:
                    raise
                time.sleep(0.05 * (forsok + 1))
        return None

    # Läsningar -------------------------------------------------------------------------------

    def hamta(self, anteckning_id: int) -> dict | None:
        with self.motor.connect() as anslutning:
            rad = anslutning.execute(select(anteckning).where(anteckning.c.id == anteckning_id)).mappings().first()
        return dict(rad) if rad else None

    def lista(self, *, kommuner: list[str] | None = None, period_borjar: str | None = None,
              typ: str | None = None, med_raderade: bool = False) -> list[dict]:
        """Nyast först. period_borjar "2026" ger både året och dess månader."""
        fraga = select(anteckning)
        if kommuner:
            fraga = fraga.where(anteckning.c.kommun_kod.in_(kommuner))
        if period_borjar:
            fraga = fraga.where(anteckning.c.period.startswith(period_borjar))
        if typ:
            fraga = fraga.where(anteckning.c.typ == typ)
        if not med_raderade:
            fraga = fraga.where(anteckning.c.raderad.is_(False))
        fraga = fraga.order_by(anteckning.c.skapad.desc(), anteckning.c.id.desc())
        with self.motor.connect() as anslutning:
            return [dict(r) for r in anslutning.execute(fraga).mappings()]

    def oppna_uppfoljningar(self, *, kommuner: list[str] | None = None, ansvarig: str | None = None) -> list[dict]:
        """Öppna uppföljningar, den som ska vara klar först först."""
        fraga = select(anteckning).where(anteckning.c.typ == "Uppföljning", anteckning.c.status == "öppen",
                                         anteckning.c.raderad.is_(False))
        if kommuner:
            fraga = fraga.where(anteckning.c.kommun_kod.in_(kommuner))
        if ansvarig:
            fraga = fraga.where(anteckning.c.ansvarig == ansvarig)
        fraga = fraga.order_by(anteckning.c.klart_senast, anteckning.c.id)
        with self.motor.connect() as anslutning:
            return [dict(r) for r in anslutning.execute(fraga).mappings()]

    def historiken(self, anteckning_id: int) -> list[dict]:
        with self.motor.connect() as anslutning:
            rader = anslutning.execute(select(historik).where(historik.c.anteckning_id == anteckning_id)
                                       .order_by(historik.c.id)).mappings()
            return [{**dict(r), "innehall": json.loads(r["innehall"])} for r in rader]

    def antal(self) -> int:
        with self.motor.connect() as anslutning:
            return len(anslutning.execute(select(anteckning.c.id)).all())


def _spara_historik(anslutning, anteckning_id: int, handelse: str, anvandare: str, tid: dt.datetime,
                    innehall: dict) -> None:
    anslutning.execute(insert(historik).values(
        anteckning_id=anteckning_id, handelse=handelse, anvandare=anvandare, tid=tid,
        innehall=json.dumps(innehall, default=str, ensure_ascii=False)))


def _provat(*, typ: str, kommun_kod: str, period: str, text: str, amne: str | None, ansvarig: str | None,
            klart_senast: dt.date | str | None, region: frozenset[str], ny: bool) -> dict:
    """Fälten prövade, med ett svenskt skäl för det första som inte går."""
    text = (text or "").replace("\r\n", "\n").strip()
    if typ not in TYPER:
        raise Anteckningsfel("Välj typ: Förklaring, Beslut eller Uppföljning.")
    if not text:
        raise Anteckningsfel("Skriv en text.")
    if len(text) > MAX_TEXT:
        raise Anteckningsfel(f"Texten är {len(text)} tecken; högst {MAX_TEXT} får plats.")
    if region and kommun_kod not in region:
        raise Anteckningsfel(f"Okänd kommun {kommun_kod[:12]}.")
    period = (period or "").strip()
    if not _PERIOD.match(period):
        raise Anteckningsfel("Perioden ska vara ett år (2026) eller en månad (2026-03).")
    if isinstance(klart_senast, str):
        try:
            klart_senast = dt.date.fromisoformat(klart_senast) if klart_senast.strip() else None
        except ValueError as exc:
            raise Anteckningsfel("Klart senast ska vara ett datum (2026-12-15).") from exc
    ansvarig = (ansvarig or "").strip()[:200] or None
    if typ == "Uppföljning":
        if not ansvarig:
            raise Anteckningsfel("En uppföljning behöver en ansvarig.")
        if klart_senast is None:
            raise Anteckningsfel("En uppföljning behöver ett datum för klart senast.")
        if ny and klart_senast < dt.date.today():
            raise Anteckningsfel("Klart senast har redan passerat; välj ett datum från och med i dag.")
    amne = (amne or "").strip()[:200] or None
    return {"typ": typ, "kommun_kod": kommun_kod, "period": period, "text": text, "amne": amne,
            "ansvarig": ansvarig, "klart_senast": klart_senast}


def forsenad(rad: dict, idag: dt.date | None = None) -> bool:
    return (rad.get("typ") == "Uppföljning" and rad.get("status") == "öppen" and rad.get("klart_senast") is not None
            and rad["klart_senast"] < (idag or dt.date.today()))
