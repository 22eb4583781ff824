"""WSGI-ingång för drift: gunicorn -c gunicorn.conf.py.

Varje arbetare öppnar lagret skrivskyddat och märker ett nytt lager på filens inod,
så att en import syns i alla arbetare utan omstart. Inloggning är på som standard
(servern vet inte vilka adresser den nås från); SAMVERKAN_INLOGGNING=av stänger av.
"""
from __future__ import annotations

import logging

from app import skapa_app
from config import load_settings

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
_settings = load_settings()
# skapa_app gör Dash serverinställning innan arbetaren tar emot anrop (plotly/dash#3971).
app = skapa_app(_settings, _settings.db_path, inloggning=_settings.login != "av")
server = app.server
