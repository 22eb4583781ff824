"""Det enda stället där appen rör Dash inre delar (ärende #24, punkt 4), och bara där det inte finns en
offentlig väg. tests/test_dash_adapter.py faller på en Dash-version där de ändrats, så en uppgradering
säger det i testerna i stället för i drift.

- Sidväljaren: Dash pages registrerar sin egen väljare vid första anropet om inte flaggan
  `_got_first_request["pages"]` redan är satt. Vår väljare (sidvaljare.installera) bygger sidan
  bara när sökvägen byts, så Dash egen måste hållas borta.
- Serverinställningen: `_setup_server()` en gång innan servern tar emot anrop (plotly/dash#3971).

Sidan för en sökväg och frågesträngens fält tas ur det offentliga `dash.page_registry` och urllib.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

import dash


def stang_av_dash_egen_sidvaljare(app: dash.Dash) -> None:
    app._got_first_request["pages"] = True


def forbered_server(app: dash.Dash) -> None:
    app._setup_server()


def sida_for(sokvag: str) -> dict | None:
    """Sidan i Dash pages register vars sökväg är sokvag (utan avslutande snedstreck), annars None."""
    sokvag = "/" + sokvag.strip("/")
    return next((s for s in dash.page_registry.values() if "/" + str(s["path"]).strip("/") == sokvag), None)


def fragor(search: str | None) -> dict[str, str]:
    """Frågesträngens fält (?kommun=1440&till=2026-10): det sista värdet när ett fält står flera gånger."""
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))
