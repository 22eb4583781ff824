"""Samrådets anteckningar i demon: en första start på demodata visar hur förklaringar, beslut och
uppföljningar ser ut bredvid siffrorna, också en öppen och en försenad uppföljning. Bara i en tom databas."""
from __future__ import annotations

import datetime as dt

from anteckningar import HELA_REGIONEN, Anteckningar, Skribent

DEMOSKRIBENT = Skribent("demo (styrgruppen)", "styrgrupp")


def las_in(bok: Anteckningar, kommuner: list[str], ar: int, idag: dt.date | None = None) -> int:
    """kommuner: minst två kommunkoder ur regionen (den första har en nedskärning i GR:s demodata, den andra en
    ökning). Ger antalet anteckningar som skrevs (0 om databasen inte var tom)."""
    if bok.antal() or len(kommuner) < 2:
        return 0
    idag = idag or dt.date.today()
    forst, andra = kommuner[0], kommuner[1]
    ut = [
        bok.skapa(DEMOSKRIBENT, typ="Förklaring", kommun_kod=forst, period=str(ar), amne="extratjanster",
                  text="AF har flyttat platser till kommuner med fler långtidsarbetslösa; kommunens målgrupp har "
                       "minskat mer än regionens. (Demoanteckning)"),
        bok.skapa(DEMOSKRIBENT, typ="Beslut", kommun_kod=HELA_REGIONEN, period=str(ar), amne="extratjanster",
                  text="Samrådet följer tilldelningen varje månad tills AF:s besked för nästa år är känt. "
                       "(Demoanteckning)"),
        bok.skapa(DEMOSKRIBENT, typ="Uppföljning", kommun_kod=andra, period=str(ar), amne="extratjanster",
                  text="Ta fram en plan för hur de nya platserna ska fyllas före årsskiftet. (Demoanteckning)",
                  ansvarig="AME-chefen", klart_senast=idag + dt.timedelta(days=5)),
    ]
    sen = bok.skapa(DEMOSKRIBENT, typ="Uppföljning", kommun_kod=forst, period=str(ar), amne="extratjanster",
                    text="Stäm av med AF vilka platser som kan flyttas tillbaka. (Demoanteckning)",
                    ansvarig="Processledaren på GR", klart_senast=idag)
    # En uppföljning som redan passerat: ett nytt datum får inte ligga bakåt, en ändring får (som i verkligheten).
    bok.andra(DEMOSKRIBENT, sen, klart_senast=idag - dt.timedelta(days=6))
    return len(ut) + 1
