"""Samverkansmonitorns inställningar.

Allt som skiljer en installation från en annan läses här, från miljövariabler
med säkra standardvärden. Inga sökvägar till någons maskin i koden: allt är
relativt projektets mapp om inget annat anges.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


def _path(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


def _int(env: str, default: int) -> int:
    value = os.environ.get(env)
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise SystemExit(f"Ogiltigt värde i {env}: {value!r} (ett heltal väntades)") from exc


_MB = 1 << 20

# Arbetsförmedlingens måttkoder (datakontraktet avsnitt 7): kod -> hur måttet skrivs i en mening.
AF_MATT = {
    4: "öppet arbetslösa",
    86: "inskrivna utan arbete >6 mån",
    87: "inskrivna utan arbete >12 mån",
    88: "inskrivna utan arbete >24 mån",
    97: "i extratjänst (AF)",
    102: "i moderna beredskapsjobb",
}
# Koladas nyckeltal som visas som standard: id -> (titel om Koladas egen saknas, "andel" eller "antal").
# En andel vägs med folkmängden när regionens värde räknas; ett antal summeras.
KOLADA_KPI = {
    "N03926": ("Långtidsarbetslöshet 25–64 år, andel (%) av befolkningen", "andel"),
    "N01951": ("Invånare totalt, antal", "antal"),
}


@dataclass(frozen=True)
class Granser:
    """Gränser som prövas innan en fil tolkas (ingest/granser.py)."""

    max_byte: int = 1024 * _MB
    max_rader: int = 20_000_000
    max_kolumner: int = 500
    # Celler i Excel-bladets använda område (rader × kolumner): det är det Excel-läsaren reserverar.
    max_celler: int = 20_000_000
    # Uppackat innehåll i en XLSX-fil (zip): skydd mot zip-bomber.
    max_uppackat: int = 2048 * _MB


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    demo_dir: Path
    db_path: Path
    archive_dir: Path
    inbox_dir: Path
    key_file: Path
    # Nyckeln till pseudonymerna: från miljön i drift, annars en nyckelfil (0600).
    pseudonym_key: str | None
    host: str
    port: int
    # En källa som är äldre än så här många dagar flaggas som inaktuell.
    max_age_days: int
    # Antal personer under detta värde visas som "<5" (SCB/AF-praxis).
    suppression_threshold: int
    # Hur ofta inkorgen läses (0 = ingen bevakning) och hur ofta öppna sidor letar efter nytt lager.
    inbox_seconds: float
    refresh_seconds: float
    # Inloggning: "auto" (på när servern lyssnar på annat än den egna datorn), "på" eller "av".
    login: str
    users_file: Path
    # Namnet på huvudet där en betrodd omvänd proxy (SSO) anger användaren; tomt = inloggningsformulär.
    proxy_header: str
    # Rollen för den som använder monitorn utan inloggning (bara på den egna datorn som standard).
    role_without_login: str
    session_key: str | None
    session_key_file: Path
    # Secure-flaggan på sessionskakan: "auto" sätter den när anropet kom över HTTPS.
    https: str
    audit_log: Path
    # Sparade frågesvar per lagerversion och roll (0 = ingen cache).
    cache_items: int
    # Regionen (data/regioner/<id>.toml): vilka kommuner lagret tar emot och sidorna visar.
    region: str
    # Gränser som prövas innan en fil tolkas (ingest/granser.py).
    granser: Granser = field(default_factory=Granser)
    # Varje inkorgsimport körs i en egen process med dessa gränser; en krasch sätter filen i karantän.
    inkorg_minne_mb: int = 4096
    inkorg_max_sekunder: int = 900
    # Adresser som får sätta proxyhuvudet (SSO); från andra ignoreras huvudet och det loggas.
    proxy_adresser: tuple[str, ...] = ()
    # Värdnamn som servern svarar på (Host-huvudet, skydd mot DNS rebinding); tomt = bara den egna datorn.
    vardnamn: tuple[str, ...] = ()
    # Samrådets anteckningar: en egen databas, inte lagret (standard SQLite under datamappen).
    anteckningar_url: str = ""
    # Koladas API (python app.py hamta kolada); testerna pekar den mot inspelade svar på den egna datorn.
    kolada_url: str = "https://api.kolada.se/v3/"
    # AF:s mått för målgruppen för extratjänster (standard 87: utan arbete mer än 12 månader).
    malgrupp_afkod: int = 87
    # Frågor som tar längre tid avbryts, med ett svenskt meddelande på kortet (0 = ingen gräns).
    fraga_max_sekunder: float = 10
    # DuckDB under en import: minnesgräns (spiller till disk över den) och trådar; 0 = DuckDB:s standard.
    ingest_minne_mb: int = 600
    ingest_tradar: int = 0
    # E-post (utskick/): kommunens egen SMTP-relä, smtp://[användare@]värd[:port] (STARTTLS när det erbjuds)
    # eller smtps://…; tomt = inga utskick. Lösenordet i adressen eller i SAMVERKAN_SMTP_LOSENORD.
    smtp_url: str = ""
    smtp_losenord: str | None = None
    avsandare: str = "Samverkansmonitorn <samverkansmonitorn@localhost>"
    # Monitorns adress utåt, för länkar i e-post och kalendern (https://monitor.goteborgsregionen.se).
    adress: str = "http://127.0.0.1:8050"
    # När bevakaren skickar dagens påminnelser (tt:mm, lokal tid).
    paminnelse_kl: str = "07:00"
    # Offentlig statistik som bevakaren hämtar en gång i månaden (kolada, scb, af); tomt = ingen.
    hamta: tuple[str, ...] = ()
    # SCB:s PxWeb API 2 och tabellen med folkmängden per region, ålder och kön (python app.py hamta scb).
    scb_url: str = "https://statistikdatabasen.scb.se/api/v2"
    scb_tabell: str = "TAB638"
    # AF:s öppna data om inskrivna arbetssökande per kommun och månad, som CSV (python app.py hamta af); AF byter
    # adress mellan åren, så den anges av den som driftar (tomt = inte inställd).
    af_url: str = ""


def load_settings() -> Settings:
    data_dir = _path("SAMVERKAN_DATA", PROJECT_ROOT / "data")
    return Settings(
        data_dir=data_dir,
        # Demodata skeppas med koden och följer inte SAMVERKAN_DATA.
        demo_dir=_path("SAMVERKAN_DEMO", PROJECT_ROOT / "data" / "demo"),
        db_path=_path("SAMVERKAN_DB", data_dir / "lager" / "samverkan.duckdb"),
        archive_dir=_path("SAMVERKAN_ARKIV", data_dir / "arkiv"),
        inbox_dir=_path("SAMVERKAN_INKORG", data_dir / "inkorg"),
        key_file=_path("SAMVERKAN_NYCKELFIL", data_dir / ".pseudonymnyckel"),
        pseudonym_key=os.environ.get("SAMVERKAN_NYCKEL") or None,
        host=os.environ.get("SAMVERKAN_HOST", "127.0.0.1"),
        port=_int("SAMVERKAN_PORT", 8050),
        max_age_days=_int("SAMVERKAN_MAX_ALDER_DAGAR", 45),
        suppression_threshold=_int("SAMVERKAN_DOLJ_UNDER", 5),
        inbox_seconds=_int("SAMVERKAN_INKORG_SEKUNDER", 5),
        refresh_seconds=_int("SAMVERKAN_UPPDATERA_SEKUNDER", 10),
        login=_val("SAMVERKAN_INLOGGNING", "auto", ("auto", "på", "av")),
        users_file=_path("SAMVERKAN_ANVANDARFIL", data_dir / "anvandare.toml"),
        proxy_header=os.environ.get("SAMVERKAN_PROXYHUVUD", ""),
        role_without_login=_val("SAMVERKAN_ROLL_UTAN_INLOGGNING", "styrgrupp",
                                ("styrgrupp", "chef", "projektor", "forvaltare")),
        session_key=os.environ.get("SAMVERKAN_SESSIONSNYCKEL") or None,
        session_key_file=_path("SAMVERKAN_SESSIONSNYCKELFIL", data_dir / ".sessionsnyckel"),
        https=_val("SAMVERKAN_HTTPS", "auto", ("auto", "ja", "nej")),
        audit_log=_path("SAMVERKAN_GRANSKNINGSLOGG", data_dir / "logg" / "granskning.log"),
        cache_items=_int("SAMVERKAN_CACHE_POSTER", 2000),
        region=_region(),
        granser=Granser(
            max_byte=_int("SAMVERKAN_MAX_FIL_MB", 1024) << 20,
            max_rader=_int("SAMVERKAN_MAX_RADER", 20_000_000),
            max_kolumner=_int("SAMVERKAN_MAX_KOLUMNER", 500),
            max_celler=_int("SAMVERKAN_MAX_CELLER", 20_000_000),
            max_uppackat=_int("SAMVERKAN_MAX_FIL_MB", 1024) << 21,
        ),
        inkorg_minne_mb=_int("SAMVERKAN_INKORG_MINNE_MB", 4096),
        inkorg_max_sekunder=_int("SAMVERKAN_INKORG_MAX_SEKUNDER", 900),
        proxy_adresser=_proxyadresser(),
        vardnamn=_lista("SAMVERKAN_VARDNAMN", ()),
        fraga_max_sekunder=_int("SAMVERKAN_FRAGA_MAX_SEKUNDER", 10),
        malgrupp_afkod=_int("SAMVERKAN_MALGRUPP_AFKOD", 87),
        kolada_url=os.environ.get("SAMVERKAN_KOLADA_URL") or "https://api.kolada.se/v3/",
        anteckningar_url=(os.environ.get("SAMVERKAN_ANTECKNINGAR_URL")
                          or f"sqlite:///{data_dir / 'anteckningar.sqlite'}"),
        ingest_minne_mb=_int("SAMVERKAN_INGEST_MINNE_MB", _ingest_minne_standard()),
        ingest_tradar=_int("SAMVERKAN_INGEST_TRADAR", 0),
        smtp_url=os.environ.get("SAMVERKAN_SMTP_URL", "").strip(),
        smtp_losenord=os.environ.get("SAMVERKAN_SMTP_LOSENORD") or None,
        avsandare=(os.environ.get("SAMVERKAN_AVSANDARE") or "Samverkansmonitorn <samverkansmonitorn@localhost>"),
        adress=(os.environ.get("SAMVERKAN_ADRESS")
                or f"http://{os.environ.get('SAMVERKAN_HOST', '127.0.0.1')}:{_int('SAMVERKAN_PORT', 8050)}"
                ).rstrip("/"),
        paminnelse_kl=_klockslag("SAMVERKAN_PAMINNELSE_KL", "07:00"),
        hamta=_hamta(),
        scb_url=os.environ.get("SAMVERKAN_SCB_URL") or "https://statistikdatabasen.scb.se/api/v2",
        scb_tabell=os.environ.get("SAMVERKAN_SCB_TABELL") or "TAB638",
        af_url=os.environ.get("SAMVERKAN_AF_URL", "").strip(),
    )


def _hamta() -> tuple[str, ...]:
    kallor = _lista("SAMVERKAN_HAMTA", ())
    okanda = [k for k in kallor if k not in ("kolada", "scb", "af")]
    if okanda:
        raise SystemExit(f"Ogiltigt värde i SAMVERKAN_HAMTA: {', '.join(okanda)} (giltiga: kolada, scb, af)")
    return kallor


def _klockslag(env: str, standard: str) -> str:
    varde = (os.environ.get(env) or standard).strip()
    delar = varde.split(":")
    if len(delar) != 2 or not all(d.isdigit() for d in delar) or int(delar[0]) > 23 or int(delar[1]) > 59:
        raise SystemExit(f"Ogiltigt värde i {env}: {varde!r} (ett klockslag som 07:00 väntades)")
    return f"{int(delar[0]):02d}:{int(delar[1]):02d}"


# För en importprocess, innan duckdb laddas: DuckDB:s jemalloc behåller annars frigjort minne en stund, och
# vid nationell inläsning växte processen fil för fil. En egen inställning i miljön gäller.
IMPORTENS_MILJO = {"DUCKDB_JE_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}


def lamna_minne_direkt() -> None:
    for namn, varde in IMPORTENS_MILJO.items():
        os.environ.setdefault(namn, varde)


def _ingest_minne_standard() -> int:
    """Hälften av datorns minne, högst 600 MB: DuckDB går en bit över sin gräns, och med 600 MB höll sig hela
    inläsningsprocessen under 1 GiB för tio miljoner rader (1024 MB gav 1,2 GiB; bench/kor.py)."""
    try:
        halva = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2 // _MB
    except (ValueError, OSError):
        halva = 600
    return max(64, min(600, halva))


def _region() -> str:
    """Regionen är data: en fil i data/regioner/ (gr, fyrbodal, sjuharad, skaraborg, vastra-gotaland, sverige)."""
    giltiga = tuple(sorted(p.stem for p in (PROJECT_ROOT / "data" / "regioner").glob("*.toml")))
    return _val("SAMVERKAN_REGION", "gr", giltiga)


def _proxyadresser() -> tuple[str, ...]:
    """Den omvända proxyns adresser: bara de får ange användaren (SSO) och klientens adress (X-Forwarded-For).
    Ingen standard: med SSO på skulle en standard som litar på den egna datorn låta varje lokal process
    påstå sig vara vem som helst."""
    adresser = _lista("SAMVERKAN_PROXYADRESSER", ())
    if os.environ.get("SAMVERKAN_PROXYHUVUD") and not adresser:
        raise SystemExit("SAMVERKAN_PROXYHUVUD är satt men inte SAMVERKAN_PROXYADRESSER. Ange den omvända "
                         "proxyns adresser (till exempel SAMVERKAN_PROXYADRESSER=10.0.0.5), så att bara proxyn "
                         "får säga vem användaren är.")
    return adresser


def _lista(env: str, standard: tuple[str, ...]) -> tuple[str, ...]:
    value = os.environ.get(env)
    if value is None:
        return standard
    return tuple(v.strip().lower() for v in value.split(",") if v.strip())


def tillatna_vardar(settings: Settings) -> frozenset[str]:
    """Host-huvuden (utan port) som servern svarar på: de konfigurerade, den egna datorn och serverns adress."""
    egna = {"localhost", "127.0.0.1", "::1"}
    if settings.host not in ("0.0.0.0", "::", ""):
        egna.add(settings.host.lower())
    return frozenset(egna | set(settings.vardnamn))


def _val(env: str, default: str, giltiga: tuple[str, ...]) -> str:
    value = (os.environ.get(env) or default).strip().lower()
    value = {"pa": "på", "on": "på", "1": "på", "off": "av", "0": "av"}.get(value, value) if "på" in giltiga else value
    if value not in giltiga:
        raise SystemExit(f"Ogiltigt värde i {env}: {value!r} (giltiga: {', '.join(giltiga)})")
    return value


def inloggning_kravs(settings: Settings, host: str | None) -> bool:
    """Standard: inloggning när servern nås från annat än den egna datorn."""
    if settings.login != "auto":
        return settings.login == "på"
    return host not in ("127.0.0.1", "localhost", "::1")
