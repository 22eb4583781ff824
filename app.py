"""Samverkansmonitorn: kommandorad och Dash-app.

    python app.py                         serverar på http://127.0.0.1:8050 (bygger lagret
                                          från demodata i data/demo om inget lager finns)
    python app.py ingest PATH… [--db FILE]
    python app.py bygg-om [--ny-nyckel]   bygger om lagret ur arkivet (samma eller ny pseudonymnyckel)
    python app.py serve [--host H] [--port P] [--db FILE]
    python app.py anvandare NAMN --roll styrgrupp|chef|projektor|forvaltare [--kommun KOMMUN] [--epost ADRESS]
    python app.py bevaka [--db FILE]      bevakar inkorgen (i drift: en enda process, se gunicorn.conf.py)
    python app.py hamta kolada|scb|af [--ar …]  Kolada, SCB:s folkmängd eller AF:s statistik till inkorgen
    python app.py paminnelser [--idag DATUM]  skicka dagens påminnelser och veckans sammanfattning, och avsluta

I drift: gunicorn -c gunicorn.conf.py (se README, "Drift").
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from config import PROJECT_ROOT, Settings, lamna_minne_direkt, load_settings

log = logging.getLogger("samverkansmonitorn")


def skapa_app(settings: Settings, db_path: Path | None = None, inloggning: bool = False):
    """Dash-appen med sidorna i dashboards/ (Dash pages), och allt den har i sitt sammanhang (sammanhang.py).

    inloggning: kräv inloggning (roller och granskningslogg i behorighet/).
    """
    import dash

    import queries
    import sammanhang
    from behorighet import webb as behorighet
    from behorighet.granskning import skydda_loggar
    from dashboards import sidvaljare, skal

    skydda_loggar()

    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="dashboards",
        title="Samverkansmonitorn",
        # Inga CDN-stilmallar: allt serveras från assets/, så att sidan fungerar i ett stängt nät.
        suppress_callback_exceptions=True,
        update_title="",  # ingen "Updating..." i fliken
        on_error=sidvaljare.fel_pa_kortet,
    )
    appens = _sammanhang(settings, db_path or settings.db_path)
    # Inställningarna, lagret och databaserna byggs en gång och följer med appen, inte med processen.
    sammanhang.installera(app.server, appens)
    app.layout = skal.layout
    skal.registrera(app)
    sidvaljare.installera(app)
    # Svenska i webbläsaren: skärmläsare och avstavning behöver lang="sv".
    app.index_string = app.index_string.replace("<html>", '<html lang="sv">')
    behorighet.installera(app.server, appens, inloggning)
    from inlamning import webb as inlamningsvag

    inlamningsvag.installera(app.server, settings, appens.inlamningar)
    _anteckningar(app, appens)
    _hemkommun_forst(app)
    _sakerhetshuvuden(app)

    @app.server.route("/halsa")
    def halsa():
        """För lastbalanserare och drift: vilken lagerversion den här arbetaren läser (kräver inloggning)."""
        return {"status": "ok", "process": os.getpid(), "region": settings.region, "lagerversion": queries.version()}

    # Dash lägger callbacks som registrerats med dash.callback (sidornas) på den app som först gör sin
    # serverinställning: gjord här får varje app sina egna, också två appar i en process.
    forbered_server(app)
    return app


def _sammanhang(settings: Settings, db_path: Path):
    """Det appen har: lagret (skrivskyddat), anteckningarnas databas (migrerad vid start) och det som delar den
    (utskicksregistret, sessionerna och strypningen), granskningsloggen och nyckeln som signerar."""
    import queries
    from anteckningar import Anteckningar
    from behorighet import webb as behorighet
    from behorighet.granskning import Granskningslogg
    from behorighet.sessioner import Sessioner
    from inlamning import Inlamningar
    from sammanhang import Sammanhang
    from utskick.register import Utskicksregister

    bok = Anteckningar.fran_installningar(settings)
    return Sammanhang(
        settings=settings,
        # Frågelagret läser rollen från det pågående anropet: ingen sida kan glömma den.
        lager=queries.Lager(db_path, settings.cache_items, settings.fraga_max_sekunder,
                            settings.suppression_threshold),
        atkomstkalla=behorighet.aktuell,
        anteckningar=bok,
        utskick=Utskicksregister(bok.motor),
        sessioner=Sessioner(bok.motor, behorighet.SESSIONENS_LIVSTID.total_seconds()),
        inlamningar=Inlamningar(settings.data_dir / "inlamningar"),
        granskning=Granskningslogg(settings.audit_log),
        hemlighet=behorighet.sessionsnyckel(settings).encode(),
    )


def _anteckningar(app, appens) -> None:
    """Samrådets skrivväg POST /anteckningar, och utskickens vägar (kalenderflödet, avregistreringen)."""
    import queries
    from anteckningar import HELA_REGIONEN
    from anteckningar import webb as anteckningsvag
    from figures.samrad import kommunnamn
    from ingest.kommuner import region_kommuner, regionnamn_for
    from utskick import webb as utskicksvag

    settings = appens.settings
    anteckningsvag.installera(app.server, appens.anteckningar,
                              lambda: frozenset(queries.referens("kommuner").kommun_kod) | {HELA_REGIONEN})
    namn = {kod: n for kod, n, _ in region_kommuner(settings.region)}
    region = regionnamn_for(settings.region)[0]
    utskicksvag.installera(app.server, settings, appens.anteckningar, appens.utskick,
                           lambda kod: kommunnamn(kod, namn, region))


def _hemkommun_forst(app) -> None:
    """En AME-chef landar en gång per inloggning på sin hemkommun: sidan laddas om med ?kommun=<hem>.

    Görs på servern, före sidan, så att filtret bara har ett läge (URL:en) och bakåtknappen fungerar."""
    from urllib.parse import urlencode

    import dash
    from flask import redirect, request, session

    import queries

    @app.server.before_request
    def till_hemkommunen():
        if request.method != "GET" or "kommun" in request.args or session.get("hemkommun_visad"):
            return None
        if not any(request.path == sida["path"] for sida in dash.page_registry.values()):
            return None
        hem = queries.atkomst().hemkommun
        if not hem:
            return None
        session["hemkommun_visad"] = True
        return redirect(request.path + "?" + urlencode({**request.args.to_dict(), "kommun": hem}, safe=","))


def _sakerhetshuvuden(app) -> None:
    """Säkerhetshuvuden och en innehållspolicy (CSP) som sidorna fungerar under.

    Skript bara från servern själv plus Dash egna inbäddade skript (hashade);
    stilar inline behövs för Plotly. Policyn räknas vid första svaret, när alla
    sidor och klientcallbacks är registrerade.
    """
    from flask import request

    policy: list[str] = []

    @app.server.after_request
    def huvuden(svar):
        if not policy:
            policy.append("; ".join([
                "default-src 'self'",
                "script-src 'self' " + " ".join(app.csp_hashes()),
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]))
        svar.headers.setdefault("Content-Security-Policy", policy[0])
        svar.headers.setdefault("X-Content-Type-Options", "nosniff")
        svar.headers.setdefault("X-Frame-Options", "DENY")
        svar.headers.setdefault("Referrer-Policy", "same-origin")
        svar.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # Svar med siffror ska inte ligga kvar i delade cachar eller i webbläsarens historik.
        statisk = request.path.startswith(("/assets/", "/_dash-component-suites/"))
        svar.headers.setdefault("Cache-Control", "private, max-age=3600" if statisk else "no-store")
        return svar


def bygg_demo_om_det_saknas(settings: Settings, db_path: Path) -> None:
    """Utan lager: demodata för regionen. GR har handgjorda filer med svenska exporters egenheter
    (data/demo); en annan region (SAMVERKAN_REGION=sverige, fyrbodal …) får skalgeneratorns filer
    (bench/skala.py) för sina kommuner, SAMVERKAN_DEMO_RADER rader (standard 1 000 000)."""
    if db_path.exists():
        return
    from ingest import ingest_paths

    demo_dir = settings.demo_dir
    if settings.region != "gr" and demo_dir == PROJECT_ROOT / "data" / "demo":
        demo_dir = settings.data_dir / f"demo-{settings.region}"
        if not demo_dir.exists():
            rader = int(os.environ.get("SAMVERKAN_DEMO_RADER", "1000000"))
            print(f"Genererar demodata för {settings.region}: {rader:,} deltagarrader (FIKTIVA uppgifter) i "
                  f"{demo_dir}.".replace(",", "\u00a0"))
            _skalgenerator().generera("sverige", demo_dir, rader, region=settings.region)
    print(f"Inget lager i {db_path}: bygger ett från demodata i {demo_dir} (FIKTIVA uppgifter).")
    rapport = ingest_paths([demo_dir], db_path=db_path, settings=settings, demo=True)
    print(rapport.text())
    _demoanteckningar(settings, db_path)


def _demoanteckningar(settings: Settings, db_path: Path) -> None:
    """Några av samrådets anteckningar i demon (bara i en tom anteckningsdatabas): en förklaring och en
    försenad uppföljning för kommunen som minskat mest, en öppen uppföljning för den som ökat mest."""
    import queries
    from anteckningar import Anteckningar
    from anteckningar.demo import las_in
    from behorighet import striktast

    lager = queries.Lager(db_path)
    ar = lager.standardperiod()[1].year
    df = lager.run("budget_avvikelse", striktast(settings.suppression_threshold), ar=ar, avvikelsegrans=0.10)
    ordning = list(df.dropna(subset=["avvikelse"]).sort_values("avvikelse").kommun_kod)
    if len(ordning) < 2:
        return
    bok = Anteckningar.fran_installningar(settings)
    antal = las_in(bok, [ordning[0], ordning[-1]], ar)
    bok.motor.dispose()
    if antal:
        print(f"{antal} demoanteckningar från samrådet i {settings.anteckningar_url.split('///')[-1]}.")


def forbered_server(app) -> None:
    """Dash gör sin serverinställning (callbackkartan, skriptvägarna) vid första anropet, och med flera trådar
    kan ett andra anrop komma före den och få "Callback function not found" (plotly/dash#3971, öppet i
    Dash 4.4; lasttestet fick tre sådana 500 på 4 000 anrop). Här görs den en gång innan servern tar emot
    något. Går det inte (inget lager än) gör Dash den som vanligt vid första anropet."""
    from dashboards import dash_adapter

    try:
        with app.server.test_request_context("/"):
            dash_adapter.forbered_server(app)
    except Exception:  # bara en förberedelse; Dash gör samma sak vid första anropet
        logging.getLogger("samverkansmonitorn").warning("serverinställningen görs vid första anropet",
                                                        exc_info=True)


def uppgradera_lager(settings: Settings, db_path: Path) -> None:
    """Ett lager byggt av en äldre version (utan de förberäknade aggregaten, eller med en annan definition)
    byggs om innan sidorna serveras, i samma atomära byte som en import. Annars skulle sidorna svara med fel
    tills nästa fil kom in i inkorgen."""
    import duckdb

    from ingest import ingest_paths
    from ingest.lager import aggregat_aktuella

    if not db_path.exists():
        return
    from ingest.pipeline import lagret_har_aldre_postnycklar

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        aktuellt = aggregat_aktuella(con)
    finally:
        con.close()
    if aktuellt and not lagret_har_aldre_postnycklar(db_path):
        return
    # ingest_paths bygger om ur arkivet när postnycklarna har en äldre regel, och aggregaten i samma byte.
    from ingest.bygg_om import Ombyggnadsfel

    print(f"Lagret {db_path} är byggt av en äldre version: bygger om det (en gång).")
    try:
        ingest_paths([], db_path=db_path, settings=settings)
    except Ombyggnadsfel as fel:
        # Det gamla lagret går att läsa; sidorna serveras, och importerna säger samma sak tills arkivet är helt.
        print(f"Lagret kunde inte byggas om: {fel}", file=sys.stderr)


def _skalgenerator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("skala", PROJECT_ROOT / "bench" / "skala.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("bench/skala.py saknas")
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    lamna_minne_direkt()  # innan duckdb laddas (importen nedan)
    from ingest import ingest_paths
    from ingest.inkorg import provlas_i_egen_process
    from ingest.pipeline import FileResult, hitta_filer

    # Excel-filer tolkas först i en barnprocess med inkorgens gränser: kraschar läsaren är det en refuserad fil.
    filer, _ = hitta_filer([Path(p) for p in args.paths])
    kraschade = {f: skal for f in filer if f.suffix.lower() in (".xlsx", ".xlsm")
                 and (skal := provlas_i_egen_process(f, settings))}
    try:
        rapport = ingest_paths([Path(p) for p in args.paths], db_path=args.db, settings=settings,
                               utom=frozenset(kraschade))
    except Exception as exc:  # alla fel: lagret är orört, säg det tydligt
        log.exception("importen avbröts")
        print(f"Importen avbröts: {type(exc).__name__}: {exc}. Lagret är oförändrat.", file=sys.stderr)
        return 2
    rapport.filer.extend(FileResult(f.name, "refuserad", meddelande=skal) for f, skal in kraschade.items())
    print(rapport.text())
    return rapport.exit_code


def _bygg_om(args: argparse.Namespace, settings: Settings) -> int:
    """Lagret byggt om ur arkivet, i ett steg; med --ny-nyckel en ny pseudonymnyckel (README, "Bygg om lagret")."""
    lamna_minne_direkt()
    from ingest.bygg_om import Ombyggnadsfel, bygg_om

    try:
        rapport = bygg_om(settings, args.db, ny_nyckel=args.ny_nyckel)
    except Ombyggnadsfel as fel:
        print(str(fel), file=sys.stderr)
        return 2
    except Exception as exc:  # alla fel: lagret och nyckeln är orörda
        log.exception("ombyggnaden avbröts")
        print(f"Ombyggnaden avbröts: {type(exc).__name__}: {exc}. Lagret och nyckeln är oförändrade.",
              file=sys.stderr)
        return 2
    print(rapport.text())
    print("Lagret är ombyggt ur arkivet" + (" med en ny pseudonymnyckel: pseudonymerna och slumpjusteringen är "
                                           "nya, så jämför inte sparade uttag från före och efter."
                                           if args.ny_nyckel else "."))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from config import inloggning_kravs

    db_path = Path(args.db) if args.db else settings.db_path
    host = args.host or settings.host
    bygg_demo_om_det_saknas(settings, db_path)
    uppgradera_lager(settings, db_path)
    if settings.inbox_seconds > 0:
        from ingest.inkorg import starta_bevakning

        starta_bevakning(settings, settings.inbox_seconds, db_path)
        _starta_schemalagt(settings)
    app = skapa_app(settings, db_path, inloggning=inloggning_kravs(settings, host))
    app.run(host=host, port=args.port or settings.port, debug=False)
    return 0


def _bevaka(args: argparse.Namespace, settings: Settings) -> int:
    """Bara inkorgsbevakningen, som en egen process: i drift en enda, bredvid gunicorns arbetare."""
    import time

    from ingest.inkorg import starta_bevakning

    starta_bevakning(settings, max(settings.inbox_seconds, 1), Path(args.db) if args.db else settings.db_path)
    _starta_schemalagt(settings)
    while True:
        time.sleep(3600)


def _starta_schemalagt(settings: Settings) -> None:
    """Påminnelserna en gång om dagen och hämtningarna i SAMVERKAN_HAMTA en gång i månaden, i samma process som
    inkorgsbevakningen (i drift: app.py bevaka)."""
    from ingest.hamta import starta_schemalagd_hamtning
    from utskick.paminnelser import starta_dagligen

    starta_dagligen(settings)
    starta_schemalagd_hamtning(settings)


def _hamta(args: argparse.Namespace, settings: Settings) -> int:
    """Offentlig statistik för regionens kommuner till inkorgen; offline en rad och exitkod 1."""
    import datetime as dt

    from ingest.hamta import IngenForbindelse, hamta_af, hamta_kolada, hamta_scb

    namn = {"kolada": "Kolada", "scb": "SCB", "af": "Arbetsförmedlingen"}[args.kalla]
    idag = dt.date.today()
    try:
        if args.kalla == "kolada":
            ar = args.ar or [idag.year - 2, idag.year - 1]
            fil, antal = hamta_kolada(settings, ar)
            vad = f"{antal} värden för {', '.join(map(str, ar))}"
        elif args.kalla == "scb":
            ar_scb = (args.ar or [idag.year - 1])[-1]
            fil, antal = hamta_scb(settings, ar_scb)
            vad = f"folkmängden {ar_scb} ({antal} rader)"
        else:
            fil, antal = hamta_af(settings)
            vad = f"AF:s statistik ({antal} rader)"
    except IngenForbindelse as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:  # en rad och felkod, aldrig en traceback, vad servern än svarade
        log.debug("hämtningen från %s misslyckades", namn, exc_info=exc)
        print(f"Hämtningen från {namn} misslyckades ({type(exc).__name__}). Inget hämtades.", file=sys.stderr)
        return 1
    print(f"Hämtade {vad} till {fil}; inkorgen läser in filen (eller: python app.py ingest {fil}).")
    return 0


def _anvandare(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from behorighet.anvandare import Anvandarfil
    from ingest.kommuner import kommunkod

    kommun = None
    if args.kommun:
        kommun = kommunkod(args.kommun)
        if kommun is None:
            print(f"Okänd GR-kommun: {args.kommun}", file=sys.stderr)
            return 2
    losenord = None
    # En befintlig användare som bara får en ny adress behåller sitt lösenord.
    bara_adress = (args.epost is not None and _finns(settings, args.namn)
                   and not os.environ.get("SAMVERKAN_NYTT_LOSENORD"))
    if not args.utan_losenord and not bara_adress:
        losenord = os.environ.get("SAMVERKAN_NYTT_LOSENORD") or getpass.getpass(f"Lösenord för {args.namn}: ")
        if len(losenord) < 12:
            print("Lösenordet måste ha minst 12 tecken.", file=sys.stderr)
            return 2
    try:
        Anvandarfil(settings.users_file).spara(args.namn, args.roll, kommun, losenord, args.epost)
    except ValueError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    print(f"Användaren {args.namn} ({args.roll}) sparad i {settings.users_file}.")
    return 0


def _finns(settings: Settings, namn: str) -> bool:
    from behorighet.anvandare import Anvandarfil

    return Anvandarfil(settings.users_file).hamta(namn) is not None


def _datum(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ogiltigt datum {text!r} (ÅÅÅÅ-MM-DD)") from exc


def _paminnelser(args: argparse.Namespace, settings: Settings) -> int:
    """Dagens utskick; ett fel blir en svensk rad och felkod 1, aldrig en traceback."""
    from utskick.paminnelser import kor
    from utskick.smtp import Smtpfel

    try:
        rapport = kor(settings, args.idag)
    except Smtpfel as exc:
        print(exc, file=sys.stderr)
        return 1
    print(rapport.text())
    return 1 if rapport.misslyckade else 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from behorighet.granskning import skydda_loggar

    skydda_loggar()
    settings = load_settings()
    tolk = argparse.ArgumentParser(prog="app.py", description="Samverkansmonitorn för GR och AF Region Väst")
    under = tolk.add_subparsers(dest="kommando")
    ing = under.add_parser("ingest", help="läs in exportfiler eller mappar till lagret")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--db", type=Path, default=None, help="lagerfil (standard: %(default)s)")
    srv = under.add_parser("serve", help="servera instrumentpanelen")
    srv.add_argument("--host", default=None)
    srv.add_argument("--port", type=int, default=None)
    srv.add_argument("--db", type=Path, default=None)
    anv = under.add_parser("anvandare", help="lägg till eller ändra en användare (lösenordet hashas med scrypt)")
    anv.add_argument("namn")
    anv.add_argument("--roll", required=True, choices=("styrgrupp", "chef", "projektor", "forvaltare"))
    anv.add_argument("--kommun", default=None, help="hemkommun för en chef (namn eller kod)")
    anv.add_argument("--utan-losenord", action="store_true", help="för inloggning via omvänd proxy (SSO)")
    anv.add_argument("--epost", default=None, help="adress för påminnelser och sammanfattning (\"\" tar bort den)")
    pam = under.add_parser("paminnelser", help="skicka det som ska ut i dag (påminnelser, veckans sammanfattning)")
    pam.add_argument("--idag", type=_datum, default=None, help="kör som om det vore DATUM (ÅÅÅÅ-MM-DD)")
    ham = under.add_parser("hamta", help="hämta offentlig statistik till inkorgen (kolada, scb, af)")
    ham.add_argument("kalla", choices=("kolada", "scb", "af"))
    ham.add_argument("--ar", type=int, nargs="+", default=None,
                     help="år att hämta (Kolada standard: förra året och året innan; SCB: förra året)")
    byg = under.add_parser("bygg-om", help="bygg om lagret ur arkivet (med samma eller en ny pseudonymnyckel)")
    byg.add_argument("--ny-nyckel", action="store_true",
                     help="skriv en ny pseudonymnyckel: alla pseudonymer och störningen dras om")
    byg.add_argument("--db", type=Path, default=None)
    bev = under.add_parser("bevaka", help="bevaka inkorgen och läs in nya filer")
    bev.add_argument("--db", type=Path, default=None)
    args = tolk.parse_args(argv)
    if args.kommando == "ingest":
        return _ingest(args, settings)
    if args.kommando == "bygg-om":
        return _bygg_om(args, settings)
    if args.kommando == "anvandare":
        return _anvandare(args, settings)
    if args.kommando == "bevaka":
        return _bevaka(args, settings)
    if args.kommando == "hamta":
        return _hamta(args, settings)
    if args.kommando == "paminnelser":
        return _paminnelser(args, settings)
    if args.kommando is None:
        args = srv.parse_args([])
    return _serve(args, settings)


if __name__ == "__main__":
    sys.exit(main())
