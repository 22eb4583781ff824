"""Dash inre delar som appen använder (dashboards/dash_adapter.py): faller på den Dash-version som ändrar dem."""
from __future__ import annotations

import inspect

import dash


def test_dash_har_flaggan_for_sidvaljaren_och_serverinstallningen():
    app = dash.Dash("prov")
    # Flaggan finns och är den som Dash pages väljare läser innan den registreras.
    assert app._got_first_request == {"pages": False, "setup_server": False}
    assert 'self._got_first_request["pages"]' in inspect.getsource(dash.Dash.enable_pages)
    assert callable(app._setup_server)
    assert 'self._got_first_request["setup_server"]' in inspect.getsource(dash.Dash._setup_server)


def test_sidan_och_fragorna_ur_offentliga_delar():
    from dashboards import dash_adapter

    assert dash_adapter.fragor("?kommun=1440,1480&till=2026-10&kommun=1441") == {"kommun": "1441",
                                                                                "till": "2026-10"}
    assert dash_adapter.fragor(None) == {} and dash_adapter.fragor("?visa=") == {"visa": ""}
    assert isinstance(dash.page_registry, dict)
