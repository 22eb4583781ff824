"""E-post genom kommunens egen SMTP-relä, med standardbibliotekets smtplib.

SAMVERKAN_SMTP_URL:
    smtp://relay.kommun.se            port 25, STARTTLS när reläet erbjuder det
    smtp://anvandare@relay.kommun.se:587   inloggning (lösenordet i SAMVERKAN_SMTP_LOSENORD)
    smtps://anvandare:losen@relay.kommun.se   TLS från start, port 465

Inloggning sker bara över TLS, eller mot den egna datorn: ett lösenord går aldrig i klartext över nätet.
"""
from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

STANDARDPORT = {"smtp": 25, "smtps": 465}
LOKALA = ("127.0.0.1", "localhost", "::1")


class Smtpfel(Exception):
    """Inställningen går inte att använda; meddelandet är en svensk mening."""


@dataclass(frozen=True)
class Smtp:
    vard: str
    port: int
    tls: bool  # smtps: TLS från första byten
    anvandare: str | None = None
    losenord: str | None = None
    tidsgrans: float = 30

    @classmethod
    def fran_url(cls, url: str, losenord: str | None = None) -> Smtp:
        delar = urlsplit(url)
        if delar.scheme not in STANDARDPORT or not delar.hostname:
            raise Smtpfel(f"SAMVERKAN_SMTP_URL ska börja med smtp:// eller smtps:// och ange en värd (fick "
                          f"{delar.scheme or 'inget schema'}).")
        try:
            port = delar.port or STANDARDPORT[delar.scheme]
        except ValueError as exc:
            raise Smtpfel("SAMVERKAN_SMTP_URL har en ogiltig port.") from exc
        return cls(delar.hostname, port, delar.scheme == "smtps",
                   unquote(delar.username) if delar.username else None,
                   unquote(delar.password) if delar.password else losenord)

    def __repr__(self) -> str:  # aldrig lösenordet i en loggrad
        return f"Smtp({'smtps' if self.tls else 'smtp'}://{self.vard}:{self.port})"


class Postlada:
    """En förbindelse med reläet under en körning; öppnas vid första meddelandet och öppnas igen om reläet
    stängt den. Ett fel för ett meddelande (en ogiltig mottagare) gäller bara det meddelandet."""

    def __init__(self, smtp: Smtp) -> None:
        self.smtp = smtp
        self._forbindelse: smtplib.SMTP | None = None

    def __enter__(self) -> Postlada:
        return self

    def __exit__(self, *_fel) -> None:
        if self._forbindelse is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._forbindelse.quit()
            self._forbindelse = None

    def _oppna(self) -> smtplib.SMTP:
        s = self.smtp
        kontext = ssl.create_default_context()
        forbindelse: smtplib.SMTP
        if s.tls:
            forbindelse = smtplib.SMTP_SSL(s.vard, s.port, timeout=s.tidsgrans, context=kontext)
        else:
            forbindelse = smtplib.SMTP(s.vard, s.port, timeout=s.tidsgrans)
        forbindelse.ehlo()
        krypterad = s.tls
        if not s.tls and forbindelse.has_extn("starttls"):
            forbindelse.starttls(context=kontext)
            forbindelse.ehlo()
            krypterad = True
        if s.anvandare:
            if not krypterad and s.vard not in LOKALA:
                forbindelse.close()
                raise Smtpfel(f"Reläet {s.vard} erbjuder inte STARTTLS; lösenordet skickas inte okrypterat. "
                              "Använd smtps:// eller ett relä med STARTTLS.")
            forbindelse.login(s.anvandare, s.losenord or "")
        return forbindelse

    def skicka(self, meddelande: EmailMessage) -> None:
        for forsok in range(2):
            if self._forbindelse is None:
                self._forbindelse = self._oppna()
            try:
                self._forbindelse.send_message(meddelande)
                return
            except smtplib.SMTPServerDisconnected:
                self._forbindelse = None
                if forsok:
                    raise
