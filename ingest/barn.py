"""En import i en egen process: det inkorgen kör för varje fil (python -m ingest.barn).

Processen sätter sin egen minnesgräns (RLIMIT_AS) innan den läser något, och föräldern
har en tidsgräns. Kraschar läsaren (en Excel-läsare som tar slut på minne avbryter hela
processen), dör bara den här processen: servern lever vidare på det gamla lagret, och
inkorgen sätter filen i karantän med skälet. Sista raden på stdout är rapporten som JSON.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.barn")
    parser.add_argument("fil", type=Path, nargs="+")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--minne-mb", type=int, required=True)
    # Bara tolka filen (kommandoradens import prövar Excel-filer så innan lagret öppnas).
    parser.add_argument("--provlas", action="store_true")
    # Sidan Lämna in filer: förhandsgranska i en kopia (UTMAPP), och vem som lämnar in och vad den får.
    parser.add_argument("--forhand", type=Path, default=None, metavar="UTMAPP")
    parser.add_argument("--av", default=None)
    parser.add_argument("--bara-kommun", default=None)
    parser.add_argument("--typer", default=None, help="kommaseparerade filtyper som får lämnas in")
    args = parser.parse_args(argv)
    if args.minne_mb > 0:
        grans = args.minne_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (grans, grans))

    from config import load_settings
    from ingest.pipeline import Leverans, ingest_paths

    if args.provlas:
        from contextlib import suppress

        from ingest.lasning import FilRefuserad, las_fil

        with suppress(FilRefuserad):  # en vanlig refusering sägs av importen själv
            for fil in args.fil:
                las_fil(fil, granser=load_settings().granser)
        print("[]", flush=True)
        return 0

    settings = load_settings()
    leverans = (Leverans(args.av, "webb", args.bara_kommun,
                         frozenset(args.typer.split(",")) if args.typer else None) if args.av else None)
    if args.forhand is not None:
        from ingest.forhandsgranskning import forhandsgranska

        svar = forhandsgranska(args.fil, settings, args.db or settings.db_path, leverans, args.forhand)
        print(json.dumps(svar, ensure_ascii=False, default=str), flush=True)
        return 0
    rapport = ingest_paths(args.fil, db_path=args.db, settings=settings, leverans=leverans)
    print(json.dumps([dataclasses.asdict(f) for f in rapport.filer], ensure_ascii=False), flush=True)
    return rapport.exit_code


if __name__ == "__main__":
    sys.exit(main())
