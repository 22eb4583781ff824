"""Ingest: läser exportfiler, validerar, pseudonymiserar och bygger lagret.

Paketet importerar aldrig Dash: lagret byggs här och läses av sidorna.
"""
from ingest.pipeline import FileResult, ImportReport, ingest_paths

__all__ = ["FileResult", "ImportReport", "ingest_paths"]
