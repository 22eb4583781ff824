"""Kalenderflödet /uppfoljning.ics: de öppna uppföljningarna som heldagshändelser på sitt klart-senast-datum,
så att Outlook (Lägg till kalender → Från Internet) visar dem bredvid mötena.

VEVENT och inte VTODO: Outlook visar inte uppgifter ur en prenumererad kalender. UID är stabilt per
uppföljning, så en ändrad tid flyttar händelsen i stället för att lägga till en ny.
"""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from anteckningar import forsenad
from figures import format as fmt


def flode(uppfoljningar: list[dict], kommunnamn, lankar, *, namn: str, idag: dt.date | None = None) -> bytes:
    """kommunnamn: kod -> namn i texten; lankar: meddelanden.Lankar (adressen utåt)."""
    idag = idag or dt.date.today()
    kal = Calendar()
    kal.add("prodid", "-//Samverkansmonitorn//Uppföljning//SV")
    kal.add("version", "2.0")
    kal.add("calscale", "GREGORIAN")
    kal.add("method", "PUBLISH")
    kal.add("x-wr-calname", namn)
    kal.add("x-published-ttl", "PT6H")
    stampel = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for a in uppfoljningar:
        if a["klart_senast"] is None:
            continue
        kommun = kommunnamn(a["kommun_kod"])
        sen = " (försenad)" if forsenad(a, idag) else ""
        lank = (lankar.sida("/kommun", kommun=a["kommun_kod"]) if a["kommun_kod"] != "GR"
                else lankar.sida("/uppfoljning"))
        h = Event()
        h.add("uid", f"uppfoljning-{a['id']}@samverkansmonitorn")
        h.add("dtstamp", stampel)
        h.add("dtstart", a["klart_senast"])
        h.add("dtend", a["klart_senast"] + dt.timedelta(days=1))
        h.add("summary", f"Uppföljning {kommun}: {_kort(a['text'])}{sen}")
        h.add("description", f"{fmt.inert(a['text'])}\n\nAnsvarig: {fmt.inert(a['ansvarig'] or '–')}\n"
                             f"Period: {a['period']}\nSkriven av: {a['skapad_av']} {fmt.datum(a['skapad'])}\n\n{lank}")
        h.add("url", lank)
        h.add("transp", "TRANSPARENT")  # upptar ingen tid i kalendern
        kal.add_component(h)
    return kal.to_ical()


def _kort(text: str, langd: int = 80) -> str:
    rad = " ".join(str(fmt.inert(text)).split())
    return rad if len(rad) <= langd else rad[: langd - 1] + "…"
