"""En apps sammanhang: det som hör till en app (en region, ett lager) och inte till processen.

Inställningarna, lagret, anteckningarna, utskicksregistret, sessionerna, granskningsloggen och nyckeln som
signerar nedladdningar byggs en gång i app.skapa_app och hänger på Flask-appen (server.extensions). Callbacks,
routes och frågelagret når dem genom aktuellt(), inte genom modulvariabler: två appar i en process (tester, två
regioner på en server) ser var sitt. Ingen Dash här.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anteckningar import Anteckningar
    from behorighet import Atkomst
    from behorighet.granskning import Granskningslogg
    from behorighet.sessioner import Sessioner
    from config import Settings
    from inlamning import Inlamningar
    from queries import Lager
    from utskick.register import Utskicksregister

NYCKEL = "samverkan"


@dataclass
class Sammanhang:
    settings: Settings
    lager: Lager
    # Anroparens åtkomst (inloggningens roll); frågelagret läser den för varje fråga.
    atkomstkalla: Callable[[], Atkomst]
    anteckningar: Anteckningar
    utskick: Utskicksregister
    sessioner: Sessioner
    # Sidan Lämna in filer: inlämningarna som väntar på granskning eller inläsning (inlamning/).
    inlamningar: Inlamningar
    granskning: Granskningslogg | None = None
    # Signerar nedladdningsdata till rollen som fick den (behorighet.webb.signera): sessionsnyckeln.
    hemlighet: bytes = b""


def installera(server, sammanhang: Sammanhang) -> None:
    server.extensions[NYCKEL] = sammanhang


def aktuellt() -> Sammanhang | None:
    """Den pågående appens sammanhang; None utanför en app (skript, ingest, tester utan app)."""
    from flask import current_app, has_app_context

    return current_app.extensions.get(NYCKEL) if has_app_context() else None


def kravs() -> Sammanhang:
    """Som aktuellt(), för kod som bara körs i appen (sidornas callbacks, routes)."""
    sammanhang = aktuellt()
    if sammanhang is None:
        raise RuntimeError("anropet görs utanför en Samverkansmonitor-app (app.skapa_app)")
    return sammanhang
