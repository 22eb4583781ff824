"""Inloggning och roller i Flask-servern som Dash kör på.

Varje anrop får sin åtkomst (flask.g.atkomst) innan något annat händer. Utan
giltig inloggning vägras allt utom inloggningssidan och de statiska filerna i
assets/: sidor skickas till inloggningen, callback- och nedladdningsanrop får 401.
Frågelagret läser rollen härifrån, så att en sida inte kan glömma den.
"""
from __future__ import annotations

import datetime as dt
import hmac
import html
import json
import math
import os
import secrets
from pathlib import Path

from flask import Response, g, redirect, request, session
from flask.sessions import SecureCookieSessionInterface

import sammanhang
from behorighet import Atkomst, atkomst_for, striktast
from behorighet.anvandare import Anvandarfil
from config import tillatna_vardar
from ingest.kommuner import las_region
from queries.skydd import Behorighetsfel

# Utan inloggning: inloggningen själv, och utskickens vägar som bär sin egen nyckel (kalenderflödet som
# Outlook hämtar, avregistreringslänken i e-posten; utskick/webb.py prövar nyckeln).
OPPNA = ("/logga-in", "/logga-ut", "/uppfoljning.ics", "/utskick/avsluta")
# En inloggning gäller högst så länge (kakan och sessionen på servern).
SESSIONENS_LIVSTID = dt.timedelta(hours=8)


def sessionsnyckel(settings) -> str:
    """Nyckeln som signerar sessionskakan: från miljön, annars en fil (0600) som alla arbetare delar."""
    if settings.session_key:
        return settings.session_key
    fil: Path = settings.session_key_file
    fil.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(fil, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return fil.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32))
    return fil.read_text().strip()


def aktuell() -> Atkomst:
    """Åtkomsten för anropet som pågår; utanför ett anrop den striktaste."""
    try:
        return g.atkomst
    except (AttributeError, RuntimeError):
        appens = sammanhang.aktuellt()
        if appens is not None:
            return striktast(appens.settings.suppression_threshold)
        from config import load_settings

        return striktast(load_settings().suppression_threshold)


def granska(handelse: str, **falt) -> None:
    """En rad i granskningsloggen, med vem och varifrån."""
    appens = sammanhang.aktuellt()
    if appens is None or appens.granskning is None:
        return
    atk = aktuell()
    appens.granskning.skriv(handelse, anvandare=atk.anvandare, roll=atk.roll, ip=_ip(), **falt)


def samma_webbplats(nasta: str | None) -> str:
    """En sökväg på den egna webbplatsen att gå vidare till, annars "/". Prövas efter avkodning: /%09/evil.example
    blev Location: //evil.example (webbläsaren tar bort tabben och går till en annan webbplats)."""
    from urllib.parse import unquote, urlsplit

    text = nasta or "/"
    for _ in range(3):  # dubbelkodat (%2509) också
        text = unquote(text)
    # Webbläsare tar bort blanktecken och styrtecken ur adresser och läser \\ som /.
    kompakt = "".join(t for t in text if ord(t) > 32 and ord(t) != 127).replace("\\", "/")
    delar = urlsplit(kompakt)
    if (not kompakt.startswith("/") or kompakt.startswith("//") or delar.scheme or delar.netloc
            or any(ord(t) < 32 or ord(t) == 127 for t in text)):
        return "/"
    return nasta or "/"


def _ip() -> str | None:
    try:
        return request.remote_addr
    except RuntimeError:
        return None


FRAN_PROXY = "samverkan.fran_proxy"


class BetroddProxy:
    """Klientens adress och protokoll ur X-Forwarded-For/-Proto (werkzeug ProxyFix), men bara när anropet
    kommer från en betrodd proxy (SAMVERKAN_PROXYADRESSER): från andra är huvudena vad som helst."""

    def __init__(self, app, adresser: frozenset[str]) -> None:
        from werkzeug.middleware.proxy_fix import ProxyFix

        self.app, self.adresser = app, adresser
        self.via_proxy = ProxyFix(app, x_for=1, x_proto=1)

    def __call__(self, environ, start_response):
        if environ.get("REMOTE_ADDR") in self.adresser:
            environ[FRAN_PROXY] = True
            return self.via_proxy(environ, start_response)
        return self.app(environ, start_response)


def klientadress() -> str | None:
    """Klientens egen adress för strypningen, eller None när den inte är känd (proxyn sa inget)."""
    if request.environ.get(FRAN_PROXY) and "X-Forwarded-For" not in request.headers:
        return None
    return request.remote_addr


def signera(data: dict) -> dict:
    """Nedladdningsdata binds till rollen som fick den: en styrgruppsuttag kan inte spelas upp av en annan roll.

    data har bara JSON:s egna värden (text, tal, None, listor, ordlistor; kortvy._exportvarde): signaturen räknas
    på samma form som webbläsaren skickar tillbaka (_kanon), utan en extra tur genom JSON här."""
    atk = aktuell()
    data = {**data, "roll": atk.roll, "troskel": atk.troskel}
    data["signatur"] = _signatur(data)
    return data


def kontrollera_signatur(data: dict) -> bool:
    atk = aktuell()
    return (hmac.compare_digest(str(data.get("signatur", "")), _signatur(data))
            and data.get("roll") == atk.roll and data.get("troskel") == atk.troskel)


def _kanon(v):
    """Samma värde efter en tur genom webbläsaren: 5.0 kommer tillbaka som 5."""
    if isinstance(v, dict):
        return {str(k): _kanon(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_kanon(x) for x in v]
    if isinstance(v, float):
        return None if v != v or v in (float("inf"), float("-inf")) else (int(v) if v.is_integer() else v)
    return v


def _signatur(data: dict) -> str:
    innehall = json.dumps(_kanon({k: v for k, v in data.items() if k != "signatur"}), sort_keys=True, default=str)
    return hmac.new(sammanhang.kravs().hemlighet, innehall.encode(), "sha256").hexdigest()


def installera(server, appens: sammanhang.Sammanhang, inloggning: bool) -> None:
    """Inloggningen, rollerna och säkerhetshuvudena på appens server; sessionerna och granskningsloggen
    ur appens sammanhang."""
    settings = appens.settings
    server.secret_key = appens.hemlighet.decode()
    server.config.update(
        SESSION_COOKIE_NAME="samverkan_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https == "ja",
        PERMANENT_SESSION_LIFETIME=SESSIONENS_LIVSTID,
    )
    if settings.https == "auto":
        server.session_interface = _SecureOverHttps()
    anvandarfil = Anvandarfil(settings.users_file)
    sessioner = appens.sessioner
    vardar = tillatna_vardar(settings)
    proxyadresser = frozenset(settings.proxy_adresser)
    server.wsgi_app = BetroddProxy(server.wsgi_app, proxyadresser)
    troskel = settings.suppression_threshold
    if inloggning and not settings.proxy_header and not anvandarfil.finns():
        raise SystemExit(
            f"Inloggning är på men användarfilen {settings.users_file} saknas eller är tom. "
            "Lägg till en användare med: python app.py anvandare NAMN --roll styrgrupp "
            "(eller sätt SAMVERKAN_INLOGGNING=av för att bara köra på den egna datorn).")

    @server.before_request
    def satt_atkomst():
        g.atkomst = striktast(troskel)
        # DNS rebinding: en sida på en annan webbplats som pekar sitt namn på den här servern får inget svar.
        if _vard(request.host) not in vardar:
            granska("okand_vard", vard=request.host[:100])
            return Response("Okänd värd. Använd monitorns egen adress.", 400, mimetype="text/plain")
        sokvag = request.path
        if sokvag in OPPNA or sokvag.startswith("/assets/"):
            return None
        if not inloggning:
            g.atkomst = atkomst_for(settings.role_without_login, troskel)
        else:
            anv = None
            if settings.proxy_header:
                namn = request.headers.get(settings.proxy_header)
                if namn and not request.environ.get(FRAN_PROXY):
                    # Bara den betrodda proxyn får säga vem användaren är; från andra ignoreras huvudet.
                    granska("ignorerat_proxyhuvud", namn=namn[:64])
                    namn = None
                anv = anvandarfil.hamta(namn) if namn else None
                if namn and anv is None:
                    granska("okand_proxyanvandare", namn=namn)
                    return Response("Användaren saknar roll i Samverkansmonitorn.", 403, mimetype="text/plain")
                if anv is None:
                    return Response("Inloggning sker via organisationens inloggning.", 401, mimetype="text/plain")
            elif session.get("anvandare") and sessioner.giltig(session.get("sid"), session["anvandare"]):
                anv = anvandarfil.hamta(session["anvandare"])
            if anv is None:
                if request.method == "GET" and not sokvag.startswith("/_") and request.accept_mimetypes.accept_html:
                    return redirect("/logga-in?" + _fraga(nasta=request.full_path.rstrip("?")))
                return Response("Inloggning krävs.", 401, mimetype="text/plain")
            g.atkomst = atkomst_for(anv.roll, troskel, anv.namn, anv.hemkommun)
        if not g.atkomst.far_se(sokvag):
            granska("nekad_sida", sida=sokvag[:100])
            return Response("Sidan kräver en annan roll.", 403, mimetype="text/plain")
        if sokvag == "/_dash-update-component" and request.method == "POST" and not _giltig_callbackkropp():
            granska("felaktig_callback")
            return Response("Felaktigt anrop.", 400, mimetype="text/plain")
        return None

    @server.errorhandler(Behorighetsfel)
    def vagra(fel):
        granska("vagrad", vad=str(fel))
        return Response("Din roll får inte se det här.", 403, mimetype="text/plain")

    @server.route("/logga-in", methods=["GET", "POST"])
    def logga_in():
        nasta = samma_webbplats(request.values.get("nasta"))  # aldrig vidare till en annan webbplats
        if not inloggning or settings.proxy_header:
            return redirect(nasta)
        fel = ""
        status = 200
        if request.method == "POST":
            namn = (request.form.get("anvandare") or "").strip()
            vanta = sessioner.vantan(namn, klientadress())
            if not hmac.compare_digest(request.form.get("token", ""), session.get("token", "-")):
                granska("ogiltig_formulartoken", formular="inloggning")
                fel, status = "Formuläret hade gått ut. Försök igen.", 401
            elif vanta > 0:
                # Under väntan prövas inte ens rätt lösenord, och försöket räknas: den som fortsätter
                # gissa får vänta allt längre (högst 15 minuter).
                sessioner.misslyckat(namn, klientadress())
                granska("strypt_inloggning", namn=namn[:64], vanta=round(vanta))
                fel = (f"För många misslyckade inloggningar. Vänta {math.ceil(vanta)} sekunder "
                       "och försök igen.")
                status = 429
            elif (anv := anvandarfil.logga_in(namn, request.form.get("losenord") or "")) is not None:
                session.clear()
                session.permanent = True
                session["anvandare"] = anv.namn
                session["sid"] = sessioner.lyckat(anv.namn)
                g.atkomst = atkomst_for(anv.roll, troskel, anv.namn, anv.hemkommun)
                granska("inloggning")
                return redirect(nasta)
            else:
                sessioner.misslyckat(namn, klientadress())
                granska("misslyckad_inloggning", namn=namn[:64])
                fel, status = "Fel användarnamn eller lösenord.", 401
        # Samma token under sessionen: en andra flik (eller favicon-omdirigering) ska inte ogiltigförklara formuläret.
        session.setdefault("token", secrets.token_urlsafe(24))
        svar = Response(_inloggningssida(nasta, fel, session["token"], las_region(settings.region).samverkan), status,
                        mimetype="text/html")
        if status == 429:
            svar.headers["Retry-After"] = str(math.ceil(sessioner.vantan(namn, klientadress())))
        return svar

    @server.route("/logga-ut", methods=["GET", "POST"])
    def logga_ut():
        """Utloggning är en POST med formulärets token (en länk på en annan sida kan inte logga ut någon),
        och den återkallar sessionen på servern: en kopierad kaka slutar fungera."""
        session.setdefault("token", secrets.token_urlsafe(24))
        if request.method == "GET":
            return Response(_utloggningssida(session["token"]), 200, mimetype="text/html")
        if session.get("anvandare"):
            g.atkomst = Atkomst("?", troskel, session.get("anvandare"))  # vem som loggar ut, i granskningsloggen
        if not hmac.compare_digest(request.form.get("token", ""), session.get("token", "-")):
            granska("ogiltig_formulartoken", formular="utloggning")
            return Response(_utloggningssida(session["token"], "Formuläret hade gått ut. Försök igen."), 400,
                            mimetype="text/html")
        if session.get("anvandare"):
            granska("utloggning")
        sessioner.aterkalla(session.get("sid"))
        session.clear()
        return redirect("/logga-in")


def _giltig_callbackkropp() -> bool:
    """Formen på Dash callback-anrop: ett JSON-objekt med output (text) och inputs (lista av objekt med id och
    property). Annat fick Dash att skriva en traceback och svara 500."""
    kropp = request.get_json(silent=True)
    if not isinstance(kropp, dict) or not isinstance(kropp.get("output"), str):
        return False
    for falt in ("inputs", "state"):
        varden = kropp.get(falt, [])
        if not isinstance(varden, list):
            return False
        for v in varden:
            for del_ in (v if isinstance(v, list) else [v]):
                if not isinstance(del_, dict) or "id" not in del_ or not isinstance(del_.get("property"), str):
                    return False
    return isinstance(kropp.get("changedPropIds", []), list)


class _SecureOverHttps(SecureCookieSessionInterface):
    """SAMVERKAN_HTTPS=auto: Secure på kakan för just de anrop som kom över HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def formulartoken() -> str:
    """Sessionens formulärtoken (CSRF), för formulär som sidorna bygger (utloggning, anteckningar)."""
    return session.setdefault("token", secrets.token_urlsafe(24))


def _vard(host: str) -> str:
    """Host-huvudet utan port: 'exempel.se:8050' -> 'exempel.se', '[::1]:8050' -> '::1'."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _utloggningssida(token: str, fel: str = "") -> str:
    e = html.escape
    felrad = f'<p class="inloggningsfel" role="alert">{e(fel)}</p>' if fel else ""
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logga ut – Samverkansmonitorn</title><link rel="stylesheet" href="/assets/stil.css"></head>
<body><main class="inloggning" id="huvudinnehall"><h1>Logga ut</h1>{felrad}
<form method="post" action="/logga-ut"><input type="hidden" name="token" value="{e(token)}">
<button type="submit" class="btn btn-primary">Logga ut</button></form>
<p><a href="/">Tillbaka till monitorn</a></p></main></body></html>"""


def _fraga(**delar) -> str:
    from urllib.parse import urlencode

    return urlencode(delar)


def _inloggningssida(nasta: str, fel: str, token: str, samverkan: str) -> str:
    e = html.escape
    felrad = f'<p class="inloggningsfel" role="alert">{e(fel)}</p>' if fel else ""
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logga in – Samverkansmonitorn</title><link rel="stylesheet" href="/assets/stil.css"></head>
<body><main class="inloggning" id="huvudinnehall">
<h1>Samverkansmonitorn</h1><p>{e(samverkan)}</p>
{felrad}
<form method="post" action="/logga-in">
<input type="hidden" name="nasta" value="{e(nasta)}"><input type="hidden" name="token" value="{e(token)}">
<label for="anvandare">Användarnamn</label>
<input id="anvandare" name="anvandare" autocomplete="username" required autofocus>
<label for="losenord">Lösenord</label>
<input id="losenord" name="losenord" type="password" autocomplete="current-password" required>
<button type="submit" class="btn btn-primary">Logga in</button>
</form></main></body></html>"""
