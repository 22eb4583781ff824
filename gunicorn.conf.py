"""gunicorn för Samverkansmonitorn: gunicorn -c gunicorn.conf.py

Inställningar från miljön som resten av appen (SAMVERKAN_HOST, SAMVERKAN_PORT,
SAMVERKAN_ARBETARE). Inkorgen bevakas av en enda egen process som huvudprocessen
startar och stoppar, så att arbetarna bara läser.
"""
import os
import subprocess
import sys
from pathlib import Path

wsgi_app = "wsgi:server"
bind = f"{os.environ.get('SAMVERKAN_HOST', '127.0.0.1')}:{os.environ.get('SAMVERKAN_PORT', '8050')}"
workers = int(os.environ.get("SAMVERKAN_ARBETARE", "4"))
# Trådar per arbetare: DuckDB släpper GIL under frågan, så trådar ger verklig parallellitet.
threads = int(os.environ.get("SAMVERKAN_TRADAR", "4"))
worker_class = "gthread"
timeout = 60
# Håll en inaktiv anslutning öppen längre än klienternas paus mellan anrop (0,5–3 s i lasttestet): med
# gunicorns standard 2 s stängde servern ibland en anslutning i samma stund som klienten återanvände den
# (ConnectionResetError, ett anrop på 4 000 i lasttestet). Bakom en proxy ska proxyns tid vara kortare.
keepalive = 30
graceful_timeout = 20
# Inga personnummer i åtkomstloggen: frågesträngar innehåller bara filterval, men vi loggar bara sökvägen.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

_bevakare = None


def on_starting(server):
    """Anteckningarnas schema migreras och ett lager från en äldre version får sina förberäknade tabeller,
    en gång, i huvudprocessen, innan arbetarna startar."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from anteckningar import Anteckningar
    from app import uppgradera_lager
    from config import load_settings

    settings = load_settings()
    Anteckningar.fran_installningar(settings).motor.dispose()
    uppgradera_lager(settings, settings.db_path)


def when_ready(server):
    global _bevakare
    if os.environ.get("SAMVERKAN_INKORG_SEKUNDER", "5") != "0":
        rot = Path(__file__).resolve().parent
        _bevakare = subprocess.Popen([sys.executable, str(rot / "app.py"), "bevaka"], cwd=rot)
        server.log.info("inkorgsbevakningen startad (pid %s)", _bevakare.pid)


def on_exit(server):
    if _bevakare and _bevakare.poll() is None:
        _bevakare.terminate()
        _bevakare.wait(timeout=10)
