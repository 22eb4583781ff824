"""Lämna in filer genom webbläsaren: en dataförvaltare (alla filtyper) eller en chef (deltagar- och
budgetfiler för hemkommunen) laddar upp, ser vad filerna skulle ändra och väljer Läs in eller Avbryt.

En inlämning är en mapp under datamappen (inlamningar/<id>/) med filerna som de kom, förhandsgranskningens
kopia av lagret och meta.json (vem, när, läge, förhandsgranskningen och resultatet). Läsningen sker i en
barnprocess med inkorgens gränser (ingest.inkorg.inlamning_i_egen_process). Ingen Dash här.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import shutil
import time
from pathlib import Path

_ID = re.compile(r"^[0-9a-f]{16}$")
FILFORMAT = (".xlsx", ".xlsm", ".csv", ".txt")
MAX_FILER = 20
# En förhandsgranskning som ingen läst in eller avbrutit städas bort efter ett dygn.
LIVSTID_S = 24 * 3600


def filnamn(namn: str) -> str:
    """Ett säkert filnamn som behåller svenska tecken: bara namnet (ingen sökväg), inga styrtecken,
    ingen inledande punkt."""
    namn = Path((namn or "").replace("\\", "/")).name
    namn = re.sub(r"[^\w .()\-]", "_", namn).strip(" .")
    return namn[:120] or "fil"


class Inlamningar:
    def __init__(self, mapp: Path) -> None:
        self.mapp = Path(mapp)

    def ny(self, agare: str, roll: str) -> tuple[str, Path, dict]:
        """En ny inlämning: dess id, mapp och meta (sparad)."""
        self._stada()
        inlamning_id = secrets.token_hex(8)
        mapp = self.mapp / inlamning_id
        (mapp / "filer").mkdir(parents=True)
        meta = {"id": inlamning_id, "agare": agare, "roll": roll, "status": "ny",
                "skapad": dt.datetime.now().isoformat(timespec="seconds"), "filer": []}
        self.spara(inlamning_id, meta)
        return inlamning_id, mapp, meta

    def mapp_for(self, inlamning_id: str) -> Path | None:
        if not _ID.match(inlamning_id or ""):
            return None
        mapp = self.mapp / inlamning_id
        return mapp if (mapp / "meta.json").is_file() else None

    def hamta(self, inlamning_id: str, agare: str | None) -> dict | None:
        """Inlämningen, bara för den som lämnade in den."""
        mapp = self.mapp_for(inlamning_id)
        if mapp is None:
            return None
        meta = json.loads((mapp / "meta.json").read_text(encoding="utf-8"))
        return meta if agare and meta.get("agare") == agare else None

    def spara(self, inlamning_id: str, meta: dict) -> None:
        mapp = self.mapp / inlamning_id
        tmp = mapp / "meta.json.tmp"
        tmp.write_text(json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8")
        tmp.replace(mapp / "meta.json")

    def filer(self, inlamning_id: str) -> list[Path]:
        mapp = self.mapp / inlamning_id / "filer"
        return sorted(p for p in mapp.iterdir() if p.is_file()) if mapp.is_dir() else []

    def ta_bort_kopian(self, inlamning_id: str) -> None:
        shutil.rmtree(self.mapp / inlamning_id / "granskning", ignore_errors=True)

    def ta_bort(self, inlamning_id: str) -> None:
        if _ID.match(inlamning_id or ""):
            shutil.rmtree(self.mapp / inlamning_id, ignore_errors=True)

    def _stada(self) -> None:
        if not self.mapp.is_dir():
            return
        gransen = time.time() - LIVSTID_S
        for mapp in self.mapp.iterdir():
            if mapp.is_dir() and _ID.match(mapp.name) and mapp.stat().st_mtime < gransen:
                shutil.rmtree(mapp, ignore_errors=True)
