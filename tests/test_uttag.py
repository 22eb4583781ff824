"""Nedladdningar bär aldrig levande formler, och text ur importfiler ritas som text i diagrammen."""
from __future__ import annotations

import io

import openpyxl
import pytest

from export.uttag import som_csv, som_xlsx
from figures.format import diagramtext

ANGREPP = ['=HYPERLINK("http://x.invalid","klicka")', "=cmd|'/c calc'!A1", "@SUM(A1:A9)", "+1+1", "-2+3",
           "\tTAB", "\rCR"]


@pytest.fixture
def rader():
    return [{"Projekt": namn, "Belopp": -1250.5, "Antal": 12} for namn in ANGREPP] + [
        {"Projekt": "Premiär i kommunen", "Belopp": 600000, "Antal": "<5"}]


def test_csv_har_inga_celler_som_borjar_som_formel(rader):
    text = som_csv(rader).decode("utf-8-sig")
    celler = [c for rad in text.splitlines()[1:] for c in rad.split(";")]
    for cell in celler:
        assert not cell.lstrip('"').startswith(("=", "+", "@", "\t", "\r")), cell
    assert text.count("'=HYPERLINK") == 1 and "'@SUM" in text and "'-2+3" in text
    assert ";-1250,5;" in text, "ett negativt tal förblir ett tal"


def test_excel_har_inga_formler_och_tal_forblir_tal(rader):
    bok = openpyxl.load_workbook(io.BytesIO(som_xlsx(rader, ["=Om uttaget"])))
    blad = bok["Data"]
    for rad in blad.iter_rows(min_row=2):
        for cell in rad:
            assert cell.data_type != "f", cell.value
    varden = [c.value for c in blad["A"][1:]]
    assert varden[:len(ANGREPP)] == ["'" + a for a in ANGREPP]
    assert all(c.value == -1250.5 for c in blad["B"][1:-1])
    assert bok["Om uttaget"]["A2"].value == "'=Om uttaget"


def test_diagramtext_escapar_html_som_plotly_annars_tolkar():
    assert diagramtext('<a href="javascript:alert(1)">x</a>') == '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'
    assert diagramtext("Kök & servering") == "Kök &amp; servering"
