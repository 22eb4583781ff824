"""Granskningslogg (inloggningar, misslyckade inloggningar, utloggningar, nedladdningar) och
ett loggfilter som maskerar allt som ser ut som ett personnummer, i alla loggar.

Granskningsloggen är JSON, en rad per händelse, och skrivs med O_APPEND så att flera
gunicorn-arbetare kan skriva till samma fil. Lösenord loggas aldrig.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from pathlib import Path

# 10 eller 12 siffror, med eller utan - eller +: ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN …
_PNR = re.compile(r"(?<!\d)((?:19|20)?\d{6})[-+]?\d{4}(?!\d)")


def maskera(text: str) -> str:
    return _PNR.sub(lambda m: m.group(1) + "-****", text)


class PnrFilter(logging.Filter):
    def filter(self, post: logging.LogRecord) -> bool:
        meddelande = post.getMessage()
        maskerat = maskera(meddelande)
        if maskerat != meddelande:
            post.msg, post.args = maskerat, None
        if post.exc_info and not post.exc_text:
            post.exc_text = logging.Formatter().formatException(post.exc_info)
        if post.exc_text:
            post.exc_text = maskera(post.exc_text)
        return True


def skydda_loggar() -> None:
    """Filtret på rotloggarens och werkzeugs hanterare: där hamnar allt som skrivs ut."""
    for hanterare in logging.getLogger().handlers:
        if not any(isinstance(f, PnrFilter) for f in hanterare.filters):
            hanterare.addFilter(PnrFilter())


class Granskningslogg:
    def __init__(self, sokvag: Path) -> None:
        self.sokvag = Path(sokvag)

    def skriv(self, handelse: str, **falt) -> None:
        post = {"tid": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "handelse": handelse}
        post.update({k: maskera(str(v)) for k, v in falt.items() if v is not None})
        rad = (json.dumps(post, ensure_ascii=False) + "\n").encode("utf-8")
        self.sokvag.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.sokvag, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, rad)
        finally:
            os.close(fd)
