"""python app.py paminnelser: skicka det som ska ut i dag och avsluta. Bevakaren kör det en gång om dagen
(SAMVERKAN_PAMINNELSE_KL, standard 07:00).

Vad som ska ut:
- en påminnelse per öppen uppföljning som ska vara klar inom 7 dagar, och en till när den blivit försenad;
  till Ansvarig när den är en användare med adress, annars till den som skrev uppföljningen;
- veckans sammanfattning (från måndag; missas måndagens körning går den ut vid nästa körning samma vecka)
  till varje chef med adress (hemkommunen) och varje styrgruppsmedlem (regionen).

Varje meddelande har en nyckel i registret (utskick/register.py) och skickas en gång, också med flera
bevakare. Ett SMTP-fel loggas och provas igen vid nästa körning; det stoppar aldrig bevakaren.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from anteckningar import Anteckningar
from behorighet import atkomst_for
from behorighet.anvandare import Anvandare, Anvandarfil
from config import Settings
from figures.samrad import kommunnamn
from utskick import meddelanden
from utskick.register import Utskicksregister
from utskick.smtp import Postlada, Smtp

log = logging.getLogger("samverkansmonitorn.utskick")
FORE = 7  # dagar före klart senast som påminnelsen går ut


@dataclass
class Rapport:
    skickade: list[str] = field(default_factory=list)
    misslyckade: list[str] = field(default_factory=list)
    utan_adress: list[str] = field(default_factory=list)

    def text(self) -> str:
        rader = [f"Skickade {len(self.skickade)} meddelanden."]
        if self.misslyckade:
            rader.append(f"{len(self.misslyckade)} kunde inte skickas och provas igen nästa körning: "
                         + "; ".join(self.misslyckade))
        if self.utan_adress:
            rader.append("Ingen e-postadress för: " + ", ".join(sorted(set(self.utan_adress)))
                         + " (lägg till med python app.py anvandare NAMN --roll … --epost ADRESS).")
        return "\n".join(rader)


@dataclass(frozen=True)
class Utskick:
    nyckel: str
    slag: str          # paminnelse, sammanfattning
    mottagare: Anvandare
    bygg: Callable[[], tuple[EmailMessage, dict | None]]  # byggs först när registret sagt att det ska ut


def avslutningslank(settings: Settings, anvandare: str, slag: str) -> str:
    from utskick.lankar import avsluta_token

    return f"{settings.adress}/utskick/avsluta?t={avsluta_token(settings, anvandare, slag)}"


def _lankar(settings: Settings, anvandare: str, slag: str) -> meddelanden.Lankar:
    return meddelanden.Lankar(settings.adress, avslutningslank(settings, anvandare, slag))


def planera(settings: Settings, bok: Anteckningar, register: Utskicksregister, anvandare: list[Anvandare],
            idag: dt.date) -> tuple[list[Utskick], list[str]]:
    """Det som ska ut i dag (innan registret frågats om det redan gått), och namn som saknar adress."""
    from ingest.kommuner import region_kommuner, regionnamn_for

    kommuner = {kod: namn for kod, namn, _ in region_kommuner(settings.region)}
    region = regionnamn_for(settings.region)[0]
    per_namn = {a.namn.casefold(): a for a in anvandare}
    ut: list[Utskick] = []
    utan_adress: list[str] = []
    for a in bok.oppna_uppfoljningar():
        if a["klart_senast"] is None:
            continue
        dagar = (a["klart_senast"] - idag).days
        if dagar > FORE:
            continue
        sen = dagar < 0
        ansvarig = per_namn.get((a["ansvarig"] or "").strip().casefold())
        skribent = per_namn.get(a["skapad_av"].casefold())
        mottagare = ansvarig if ansvarig and ansvarig.epost else skribent if skribent and skribent.epost else None
        if mottagare is None:
            utan_adress.append(a["ansvarig"] or a["skapad_av"])
            continue
        if not register.prenumererar(mottagare.namn)["paminnelser"]:
            continue
        kommun = kommunnamn(a["kommun_kod"], kommuner, region)

        def bygg(a=a, mottagare=mottagare, sen=sen, kommun=kommun, som_ansvarig=mottagare is ansvarig):
            return meddelanden.paminnelse(
                a, kommun=kommun, till=mottagare.epost, mottagare=mottagare.namn, forsenad=sen, idag=idag,
                avsandare=settings.avsandare, lankar=_lankar(settings, mottagare.namn, "paminnelser"),
                som_ansvarig=som_ansvarig), None

        lage = "forsenad" if sen else "snart"
        ut.append(Utskick(f"paminnelse:{a['id']}:{lage}:{a['klart_senast']}:{mottagare.namn}", "paminnelse",
                          mottagare, bygg))
    ut.extend(_sammanfattningar(settings, bok, register, anvandare, idag, kommuner, region))
    return ut, utan_adress


def _sammanfattningar(settings, bok, register, anvandare, idag, kommuner, region) -> list[Utskick]:
    from utskick import sammanfattning

    lager = _lager(settings)
    ut = []
    for mottagare in anvandare:
        if mottagare.roll not in ("chef", "styrgrupp") or not mottagare.epost:
            continue
        if mottagare.roll == "chef" and not mottagare.hemkommun:
            continue
        if not register.prenumererar(mottagare.namn)["sammanfattning"]:
            continue
        atkomst = atkomst_for(mottagare.roll, settings.suppression_threshold, mottagare.namn, mottagare.hemkommun)

        def bygg(mottagare=mottagare, atkomst=atkomst):
            tidigare = (register.senaste("sammanfattning", mottagare.namn) or {}).get("innehall", {})
            s, innehall = sammanfattning.bygg(lager=lager, atkomst=atkomst, settings=settings, bok=bok,
                                              kommuner=kommuner, regionnamn=region, tidigare=tidigare, idag=idag)
            return meddelanden.sammanfattning(s, till=mottagare.epost, mottagare=mottagare.namn,
                                              avsandare=settings.avsandare,
                                              lankar=_lankar(settings, mottagare.namn, "sammanfattning")), innehall

        ut.append(Utskick(f"sammanfattning:{mottagare.namn}:{sammanfattning.vecka(idag)}", "sammanfattning",
                          mottagare, bygg))
    return ut


def _lager(settings: Settings):
    import queries

    if not settings.db_path.exists():
        return None
    return queries.Lager(settings.db_path, 0, settings.fraga_max_sekunder)


def kor(settings: Settings, idag: dt.date | None = None, bok: Anteckningar | None = None) -> Rapport:
    """Skicka det som ska ut i dag. Kastar Smtpfel om SMTP-inställningen saknas eller är fel."""
    idag = idag or dt.date.today()
    smtp = Smtp.fran_url(settings.smtp_url, settings.smtp_losenord) if settings.smtp_url else None
    if smtp is None:
        from utskick.smtp import Smtpfel

        raise Smtpfel("SAMVERKAN_SMTP_URL är inte satt: inga utskick (se README, Påminnelser).")
    bok = bok or Anteckningar.fran_installningar(settings)
    register = Utskicksregister(bok.motor)
    rapport = Rapport()
    plan, rapport.utan_adress = planera(settings, bok, register, Anvandarfil(settings.users_file).alla(), idag)
    with Postlada(smtp) as postlada:
        for u in plan:
            if not register.ta(u.nyckel, u.slag, u.mottagare.namn):
                continue
            try:
                meddelande, innehall = u.bygg()
                _skicka(postlada, meddelande)
            except Exception as exc:  # ett fel gäller det meddelandet; resten går ut, det provas igen nästa gång
                orsak = f"{u.slag} till {u.mottagare.namn}: {type(exc).__name__}: {str(exc)[:200]}"
                log.warning("utskick misslyckades: %s", orsak)
                register.misslyckades(u.nyckel, orsak)
                rapport.misslyckade.append(orsak)
                continue
            register.klar(u.nyckel, innehall)
            rapport.skickade.append(u.nyckel)
            log.info("utskick: %s till %s", u.slag, u.mottagare.namn)
    return rapport


def _skicka(postlada: Postlada, meddelande: EmailMessage) -> None:
    postlada.skicka(meddelande)


def starta_dagligen(settings: Settings) -> threading.Thread | None:
    """En tråd i bevakaren som kör utskicken en gång om dagen från SAMVERKAN_PAMINNELSE_KL. Registret avgör
    vad som redan gått, så en omstart eller en andra bevakare skickar inget två gånger."""
    if not settings.smtp_url:
        log.info("utskick av: SAMVERKAN_SMTP_URL är inte satt")
        return None
    timme, minut = (int(d) for d in settings.paminnelse_kl.split(":"))

    def slinga() -> None:
        klar_dag: dt.date | None = None
        stopp = threading.Event()
        while True:
            nu = dt.datetime.now()
            if klar_dag != nu.date() and nu.time() >= dt.time(timme, minut):
                try:
                    log.info("utskick: %s", kor(settings, nu.date()).text().replace("\n", " | "))
                except Exception:  # ett fel (reläet nere, databasen låst) får aldrig stoppa bevakaren
                    log.exception("utskicken avbröts; provas igen om en timme")
                    stopp.wait(3600)
                    continue
                klar_dag = nu.date()
            stopp.wait(60)

    trad = threading.Thread(target=slinga, name="utskick", daemon=True)
    trad.start()
    log.info("utskick varje dag kl %s", settings.paminnelse_kl)
    return trad
