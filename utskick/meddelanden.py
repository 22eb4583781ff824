"""E-postmeddelandena som text och HTML, på svenska. Rena funktioner: data in, EmailMessage ut.

Anteckningarnas text kommer från användare: i HTML-delen escapas den, och i båda delarna görs den inert
(figures.format.inert) så att den aldrig blir en formel när den klistras in i ett kalkylark.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from urllib.parse import urlencode

from figures import format as fmt


@dataclass(frozen=True)
class Lankar:
    """Länkarna i ett meddelande: monitorns adress utåt och mottagarens signerade avregistrering."""

    adress: str
    avsluta: str  # hela adressen till /utskick/avsluta?t=…

    def sida(self, sokvag: str, **fraga: str) -> str:
        return f"{self.adress}{sokvag}" + (f"?{urlencode(fraga, safe=',')}" if fraga else "")


@dataclass(frozen=True)
class Avvikelse:
    kommun: str
    text: str          # Varför-raden: förändringen, regionens och förklaringen
    ny: bool           # flaggad sedan förra sammanfattningen
    besatta: str       # besatta platser enligt budgetfilen, som mottagarens roll ser det ("<5", "12")


@dataclass(frozen=True)
class Sammanfattning:
    omfattning: str                      # "Ale" eller "hela GR"
    vecka: str                           # "vecka 49, 2026"
    avvikelser: list[Avvikelse] = field(default_factory=list)
    nya_anteckningar: list[str] = field(default_factory=list)
    uppfoljningar: list[tuple[str, bool]] = field(default_factory=list)  # (rad, försenad)
    gamla_kallor: list[str] = field(default_factory=list)
    lagret_saknas: bool = False
    hemkommun: str | None = None         # kommunkoden i en chefs sammanfattning (länkarna går dit)


def _text(v) -> str:
    return str(fmt.inert(str(v)))


def _meddelande(avsandare: str, till: str, amne: str, text: str, html_del: str, lankar: Lankar) -> EmailMessage:
    # Långa huvuden (List-Unsubscribe med sin signerade länk) viks inte till kodade ord, som e-postprogram
    # inte läser som en adress: RFC 5322 tillåter 998 tecken per rad.
    m = EmailMessage(policy=SMTP.clone(max_line_length=998))
    m["From"] = avsandare
    m["To"] = Address(addr_spec=till)
    m["Subject"] = amne
    m["Date"] = format_datetime(dt.datetime.now().astimezone())
    m["Message-ID"] = make_msgid(domain="samverkansmonitorn")
    # RFC 2369/8058: e-postprogrammets egen knapp för att sluta prenumerera.
    m["List-Unsubscribe"] = f"<{lankar.avsluta}>"
    m["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    m["Auto-Submitted"] = "auto-generated"
    # quoted-printable: åäö går fram också genom ett relä utan 8BITMIME.
    m.set_content(text, cte="quoted-printable")
    m.add_alternative(html_del, subtype="html", cte="quoted-printable")
    return m


def _html_sida(rubrik: str, brodtext: str, fot: str) -> str:
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(rubrik)}</title>'
            f'</head><body style="font-family:Arial,sans-serif;color:#1a1a1a;line-height:1.5">'
            f"<h1 style=\"font-size:1.3em\">{html.escape(rubrik)}</h1>{brodtext}"
            f'<hr><p style="font-size:0.9em;color:#444">{fot}</p></body></html>')


def _fot_text(orsak: str, lankar: Lankar, vad: str) -> str:
    return (f"--\n{orsak}\nSluta få {vad}: {lankar.avsluta}\nVälj vad du får: {lankar.sida('/mina-utskick')}\n")


def _fot_html(orsak: str, lankar: Lankar, vad: str) -> str:
    e = html.escape
    return (f"{e(orsak)}<br><a href=\"{e(lankar.avsluta)}\">Sluta få {e(vad)}</a> · "
            f"<a href=\"{e(lankar.sida('/mina-utskick'))}\">Välj vad du får</a>")


def paminnelse(a: dict, *, kommun: str, till: str, mottagare: str, forsenad: bool, idag: dt.date,
               avsandare: str, lankar: Lankar, som_ansvarig: bool) -> EmailMessage:
    """En påminnelse om en uppföljning: 7 dagar före, och en gång till när den blivit försenad."""
    datum = fmt.datum(a["klart_senast"])
    dagar = (a["klart_senast"] - idag).days
    if forsenad:
        amne = f"Försenad uppföljning för {kommun} (klart senast {datum})"
        inledning = (f"Samrådets uppföljning för {kommun} skulle ha varit klar {datum} och är inte markerad som "
                     "klar.")
    else:
        nar = "i dag" if dagar == 0 else "i morgon" if dagar == 1 else f"om {dagar} dagar"
        amne = f"Påminnelse: uppföljning för {kommun} ska vara klar {datum}"
        inledning = f"Samrådets uppföljning för {kommun} ska vara klar senast {datum} ({nar})."
    kommunlank = lankar.sida("/kommun", kommun=a["kommun_kod"]) if a["kommun_kod"] != "GR" else lankar.sida(
        "/uppfoljning")
    falt = [("Vad", _text(a["text"])), ("Period", a["period"]), ("Ansvarig", _text(a["ansvarig"] or "–")),
            ("Skriven av", f"{a['skapad_av']} {fmt.datum(a['skapad'])}")]
    orsak = ("Du får det här för att du är ansvarig för uppföljningen." if som_ansvarig else
             "Du får det här för att du skrev uppföljningen och den ansvariga saknar e-postadress i monitorn.")
    text = (f"Hej {mottagare},\n\n{inledning}\n\n" + "".join(f"{k}: {v}\n" for k, v in falt)
            + f"\nKommunprofilen: {kommunlank}\nAlla öppna uppföljningar: {lankar.sida('/uppfoljning')}\n\n"
            "Markera uppföljningen som klar i monitorn när den är gjord.\n\n"
            + _fot_text(orsak, lankar, "påminnelser"))
    e = html.escape
    brodtext = (f"<p>Hej {e(mottagare)},</p><p>{e(inledning)}</p><table>"
                + "".join(f'<tr><th style="text-align:left;padding-right:1em">{e(k)}</th><td>{e(v)}</td></tr>'
                          for k, v in falt)
                + f'</table><p><a href="{e(kommunlank)}">Öppna kommunprofilen</a> · '
                  f'<a href="{e(lankar.sida("/uppfoljning"))}">Alla öppna uppföljningar</a></p>'
                  "<p>Markera uppföljningen som klar i monitorn när den är gjord.</p>")
    return _meddelande(avsandare, till, amne, text, _html_sida(amne, brodtext, _fot_html(orsak, lankar,
                                                                                            "påminnelser")), lankar)


def sammanfattning(s: Sammanfattning, *, till: str, mottagare: str, avsandare: str, lankar: Lankar) -> EmailMessage:
    """Veckans sammanfattning för en kommun (chef) eller regionen (styrgrupp)."""
    amne = f"Samverkansmonitorn {s.vecka}: {s.omfattning}"
    delar: list[tuple[str, list[str]]] = []
    if s.lagret_saknas:
        delar.append(("Avvikelser i tilldelningen", ["Lagret kunde inte läsas; siffrorna saknas den här veckan."]))
    else:
        delar.append(("Avvikelser i tilldelningen", [
            ("NY: " if a.ny else "") + f"{a.text} Besatta platser enligt budgetfilen: {a.besatta}."
            for a in s.avvikelser] or ["Ingen kommun avviker mer än 10 procentenheter."]))
    delar.append(("Nya anteckningar senaste veckan", [_text(r) for r in s.nya_anteckningar] or ["Inga."]))
    delar.append(("Öppna uppföljningar", [("FÖRSENAD: " if f else "") + _text(r) for r, f in s.uppfoljningar]
                  or ["Inga öppna uppföljningar."]))
    if s.gamla_kallor:
        delar.append(("Källor som inte uppdaterats", s.gamla_kallor))
    kommun = {"kommun": s.hemkommun} if s.hemkommun else {}
    lankar_ut = [("Extratjänster", lankar.sida("/extratjanster", **kommun)),
                 ("Uppföljning", lankar.sida("/uppfoljning"))]
    if s.hemkommun:
        lankar_ut.insert(0, ("Kommunprofilen", lankar.sida("/kommun", kommun=s.hemkommun)))
    orsak = "Du får veckans sammanfattning för " + s.omfattning + " från Samverkansmonitorn."
    text = f"Hej {mottagare},\n\nVeckans läge för {s.omfattning}.\n"
    for rubrik, rader in delar:
        text += f"\n{rubrik}\n" + "".join(f"- {r}\n" for r in rader)
    text += "\n" + "".join(f"{n}: {u}\n" for n, u in lankar_ut) + "\n" + _fot_text(orsak, lankar, "sammanfattningen")
    e = html.escape
    brodtext = f"<p>Hej {e(mottagare)},</p><p>Veckans läge för {e(s.omfattning)}.</p>"
    for rubrik, rader in delar:
        brodtext += f'<h2 style="font-size:1.1em">{e(rubrik)}</h2><ul>' + "".join(
            f"<li>{e(r)}</li>" for r in rader) + "</ul>"
    brodtext += "<p>" + " · ".join(f'<a href="{e(u)}">{e(n)}</a>' for n, u in lankar_ut) + "</p>"
    return _meddelande(avsandare, till, amne, text,
                       _html_sida(amne, brodtext, _fot_html(orsak, lankar, "sammanfattningen")), lankar)
