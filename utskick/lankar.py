"""Signerade länkar i e-posten: "sluta få påminnelser" fungerar utan inloggning men bara för den mottagare
och det slag av utskick som länken skrevs för (itsdangerous, samma nyckel som sessionskakan)."""
from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from config import Settings

SALT = "samverkan-avsluta-utskick"


def _signerare(hemlighet: str) -> URLSafeSerializer:
    return URLSafeSerializer(hemlighet, salt=SALT)


def avsluta_token(settings: Settings, anvandare: str, slag: str) -> str:
    from behorighet.webb import sessionsnyckel

    return str(_signerare(sessionsnyckel(settings)).dumps({"a": anvandare, "s": slag}))


def las_avsluta_token(hemlighet: str, token: str) -> tuple[str, str] | None:
    """(användare, slag) ur en giltig länk, annars None."""
    try:
        data = _signerare(hemlighet).loads(token or "")
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), str) or data.get("s") not in (
            "paminnelser", "sammanfattning"):
        return None
    return data["a"], data["s"]
