"""Samverkansmonitorn: kommandorad och Dash-app.

    python app.py                         serverar på http://127.0.0.1:8050 (bygger lagret
                                          från demodata i data/demo om inget lager finns)
    python app.py ingest PATH… [--db FILE]
    python app.py serve [--host H] [--port P] [--db FILE]
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from config import Settings, load_settings

log = logging.getLogger("samverkansmonitorn")


def skapa_app(settings: Settings, db_path: Path | None = None):
    """Dash-appen med sidorna i dashboards/ (Dash pages)."""
    import dash

    import queries
    from dashboards import ramverk

    queries.init(db_path or settings.db_path)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="dashboards",
        title="Samverkansmonitorn",
        # Inga CDN-stilmallar: allt serveras från assets/, så att sidan fungerar i ett stängt nät.
        suppress_callback_exceptions=True,
        update_title=None,
    )
    app.layout = ramverk.layout
    # Svenska i webbläsaren: skärmläsare och avstavning behöver lang="sv".
    app.index_string = app.index_string.replace("<html>", '<html lang="sv">')
    _sakerhetshuvuden(app)
    return app


def _sakerhetshuvuden(app) -> None:
    """Säkerhetshuvuden och en innehållspolicy (CSP) som sidorna fungerar under.

    Skript bara från servern själv plus Dash egna inbäddade skript (hashade);
    stilar inline behövs för Plotly. Policyn räknas vid första svaret, när alla
    sidor och klientcallbacks är registrerade.
    """
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
        return svar


def bygg_demo_om_det_saknas(settings: Settings, db_path: Path) -> None:
    if db_path.exists():
        return
    from ingest import ingest_paths

    print(f"Inget lager i {db_path}: bygger ett från demodata i {settings.demo_dir} (FIKTIVA uppgifter).")
    rapport = ingest_paths([settings.demo_dir], db_path=db_path, settings=settings, demo=True)
    print(rapport.text())


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest import ingest_paths

    try:
        rapport = ingest_paths([Path(p) for p in args.paths], db_path=args.db, settings=settings)
    except Exception as exc:  # alla fel: lagret är orört, säg det tydligt
        log.exception("importen avbröts")
        print(f"Importen avbröts: {type(exc).__name__}: {exc}. Lagret är oförändrat.", file=sys.stderr)
        return 2
    print(rapport.text())
    return rapport.exit_code


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    db_path = Path(args.db) if args.db else settings.db_path
    bygg_demo_om_det_saknas(settings, db_path)
    if settings.inbox_seconds > 0:
        from ingest.inkorg import starta_bevakning

        starta_bevakning(settings, settings.inbox_seconds, db_path)
    app = skapa_app(settings, db_path)
    app.run(host=args.host or settings.host, port=args.port or settings.port, debug=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
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
    args = tolk.parse_args(argv)
    if args.kommando == "ingest":
        return _ingest(args, settings)
    if args.kommando is None:
        args = srv.parse_args([])
    return _serve(args, settings)


if __name__ == "__main__":
    sys.exit(main())
