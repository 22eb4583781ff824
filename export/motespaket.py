"""Mötespaketet: det aktuella urvalet som PowerPoint och PDF, för samrådets protokoll.

En bild per diagram med dess tabell, urvalet, datadatum, en not om dolda små
antal och märkningen "fiktiva demodata" när lagret byggts av demodata.
Siffrorna kommer från samma frågor (queries/sql) som sidorna; antal 1–4 visas som <5.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import queries
from figures import format as fmt
from ingest.kommuner import KOMMUN_NAMN
from queries.skydd import storningsnot


@dataclass
class Bild:
    rubrik: str
    sammanfattning: str
    kolumner: list[str]
    rader: list[list[str]]
    # (kategorier, {serienamn: värden}) för ett stapeldiagram
    kategorier: list[str] = field(default_factory=list)
    serier: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class Meta:
    urval: str
    datadatum: str
    demodata: bool
    skapad: str
    troskel: int = 5

    @property
    def fot(self) -> str:
        delar = [self.urval, f"Data: {self.datadatum}", storningsnot(self.troskel)]
        if self.demodata:
            delar.insert(0, "FIKTIVA DEMODATA")
        return " | ".join(delar)


def _urvalstext(params: dict) -> str:
    kommuner = ", ".join(KOMMUN_NAMN.get(k, k) for k in params["kommuner"]) or "Hela GR"
    malgrupper = ", ".join(params["malgrupper"]) or "alla"
    return (f"Urval: {kommuner}; period {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}; "
            f"målgrupp: {malgrupper}; kön: {params['kon'] or 'alla'}")


def _datadatum() -> str:
    df = queries.run("datadatum", offentlig=True)
    namn = {"deltagare": "deltagare", "budget": "budget", "jobbspar": "jobbspår", "projekt": "projekt"}
    return ", ".join(f"{namn[r.kalla]} t.o.m. {fmt.datum(r.data_till if r.data_till == r.data_till else r.senast_inlast)}"
                     for r in df.itertuples())


def _text(v) -> str:
    return "" if v is None or v != v else str(v)


def _tal(v) -> float | None:
    """Diagramvärde; ett dolt värde blir en tom punkt, inte noll."""
    return None if v is None or v != v else float(v)


def bygg(params: dict) -> tuple[list[Bild], Meta]:
    # Mötespaketet visas och sprids utanför styrgruppen: små antal döljs alltid (offentlig).
    def fraga(namn, **p):
        return queries.run(namn, offentlig=True, **p)

    info = dict(fraga("lager_info").itertuples(index=False))
    meta = Meta(_urvalstext(params), _datadatum(), info.get("demodata") == "ja",
                dt.datetime.now().strftime("%Y-%m-%d %H:%M"), queries.offentlig_atkomst().troskel)
    bilder: list[Bild] = []

    kpi = fraga("kpi_per_kommun", **params)
    kommuner = kpi[kpi.niva == "kommun"]
    urval = kpi[kpi.niva == "urval"].iloc[0]
    bilder.append(Bild(
        "Nyckeltal per kommun",
        f"Aktiva deltagare i urvalet: {fmt.cell(urval, 'aktiva')}; i arbete eller studier 90 dagar efter avslut: "
        f"{fmt.cell(urval, 'andel_arbete_studier_90', fmt.procent)}.",
        ["Kommun", "Aktiva", "Per 1 000 inv.", "Utnyttjad budget", "Arbete/studier 90 d"],
        [[r["kommun_namn"], fmt.cell(r, "aktiva"), fmt.cell(r, "aktiva_per_1000", lambda v: fmt.tal(v, 1)),
          fmt.procent(r["utnyttjande"]), fmt.cell(r, "andel_arbete_studier_90", fmt.procent)]
         for r in kommuner.to_dict("records")],
        list(kommuner.kommun_namn), {"Aktiva per 1 000 invånare": [_tal(v) for v in kommuner.aktiva_per_1000]},
    ))

    ar, manad = params["till"].year, params["till"].month
    budget = fraga("budget_per_kommun", ar=ar, till_manad=manad, kommuner=params["kommuner"])
    b_kommuner = budget[budget.kommun_kod != "GR"]
    gr = budget[budget.kommun_kod == "GR"].iloc[0]
    bilder.append(Bild(
        f"Extratjänster {ar}: tilldelat och förbrukat",
        f"GR har förbrukat {fmt.kr(gr.utfall_hittills_kr)} av {fmt.kr(gr.budget_hittills_kr)} "
        f"({fmt.procent(gr.utnyttjande)}); prognosen för helåret är {fmt.procent(gr.prognos_andel)} av tilldelningen.",
        ["Kommun", "Tilldelat hittills", "Förbrukat hittills", "Utnyttjande", "Prognos helår"],
        [[r.kommun_namn, fmt.kr(r.budget_hittills_kr), fmt.kr(r.utfall_hittills_kr), fmt.procent(r.utnyttjande),
          fmt.kr(r.prognos_kr)] for r in budget.itertuples()],
        list(b_kommuner.kommun_namn),
        {"Tilldelat": [_tal(v) for v in b_kommuner.budget_hittills_kr],
         "Förbrukat": [_tal(v) for v in b_kommuner.utfall_hittills_kr]},
    ))

    avv = fraga("budget_avvikelse", ar=ar, troskel=0.10)
    flaggade = avv[avv.flaggad]
    bilder.append(Bild(
        "Lokala avvikelser i tilldelningen",
        ("Avviker mer än 10 procentenheter från GR: " + ", ".join(flaggade.kommun_namn) + ".")
        if len(flaggade) else "Ingen kommun avviker mer än 10 procentenheter från GR.",
        ["Kommun", "Förändring", "Skillnad mot GR", "Flagga", "Kommentar"],
        [[r.kommun_namn, fmt.procent(r.forandring), fmt.procentenheter(r.avvikelse),
          "AVVIKER" if r.flaggad else "", _text(r.kommentar)] for r in avv.itertuples()],
        list(avv.kommun_namn), {"Förändring mot året innan, %": [None if _tal(v) is None else _tal(v) * 100 for v in avv.forandring]},
    ))

    alla_spar = fraga("jobbspar_per_spar", **params)
    per_spar, totalt = alla_spar[~alla_spar.totalrad], alla_spar[alla_spar.totalrad].iloc[0]
    bilder.append(Bild(
        "Jobbspår per kluster",
        f"{len(per_spar)} jobbspår med sammanlagt {fmt.cell(totalt, 'deltagare')} deltagare under perioden.",
        ["Kluster", "Jobbspår", "Deltagare", "Avslutade", "Arbete/studier 90 d"],
        [[r["kluster"], r["jobbspar"], fmt.cell(r, "deltagare"), fmt.cell(r, "avslutade"), fmt.cell(r, "arbete_studier_90")]
         for r in per_spar.to_dict("records")],
        [f"{r.jobbspar} ({r.kluster})" for r in per_spar.itertuples()],
        {"Deltagare": [_tal(v) for v in per_spar.deltagare]},
    ))

    proj = fraga("projekt_resultat", **params)
    bilder.append(Bild(
        "Projekt: resultat mot mål",
        "; ".join(f"{r['projekt']}: {fmt.cell(r, 'andel_90', fmt.procent)} i arbete eller studier 90 dagar efter "
                  f"(mål {fmt.procent(r['mal_andel'], 0)})"
                  for r in proj.to_dict("records") if r["deltagare"] != 0) or "Inga projektdeltagare i urvalet.",
        ["Projekt", "Period", "Deltagare", "Arbete/studier 90 d", "Mål", "Kostnad/deltagare"],
        [[r["projekt"], f"{fmt.datum(r['startdatum'])} – {fmt.datum(r['slutdatum'])}", fmt.cell(r, "deltagare"),
          fmt.cell(r, "andel_90", fmt.procent), fmt.procent(r["mal_andel"], 0), fmt.cell(r, "kostnad_per_deltagare", fmt.kr)]
         for r in proj.to_dict("records")],
        list(proj.projekt), {"Arbete/studier 90 dagar, %": [None if _tal(v) is None else _tal(v) * 100 for v in proj.andel_90],
                             "Mål, %": [None if _tal(v) is None else _tal(v) * 100 for v in proj.mal_andel]},
    ))
    return bilder, meta


TITEL = "Samverkansmonitorn – mötespaket"


def som_pptx(bilder: list[Bild], meta: Meta) -> bytes:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Cm, Pt

    pres = Presentation()
    pres.slide_width, pres.slide_height = Cm(33.867), Cm(19.05)  # 16:9
    tom = pres.slide_layouts[6]

    def text(bild, innehall, x, y, b, h, storlek, fet=False, farg=None):
        ruta = bild.shapes.add_textbox(Cm(x), Cm(y), Cm(b), Cm(h)).text_frame
        ruta.word_wrap = True
        ruta.text = innehall
        for stycke in ruta.paragraphs:
            for bit in stycke.runs:
                bit.font.size, bit.font.bold = Pt(storlek), fet
                if farg:
                    bit.font.color.rgb = RGBColor.from_string(farg)

    forsta = pres.slides.add_slide(tom)
    text(forsta, TITEL, 1.5, 2, 30, 2.5, 40, True)
    text(forsta, meta.urval, 1.5, 6, 30, 2, 20)
    text(forsta, f"Data: {meta.datadatum}", 1.5, 8.5, 30, 2, 18)
    text(forsta, f"Skapat {meta.skapad}. Antal under {meta.troskel} personer visas som <{meta.troskel}.", 1.5, 11, 30, 2, 16)
    if meta.demodata:
        text(forsta, "FIKTIVA DEMODATA – inga verkliga personer eller belopp", 1.5, 14, 30, 2, 24, True, "B00020")

    for b in bilder:
        sida = pres.slides.add_slide(tom)
        text(sida, b.rubrik, 1, 0.5, 32, 1.6, 28, True)
        text(sida, b.sammanfattning, 1, 2.1, 32, 1.4, 13)
        if b.kategorier and b.serier:
            data = CategoryChartData()
            data.categories = b.kategorier
            for namn, varden in b.serier.items():
                data.add_series(namn, varden)
            diagram = sida.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Cm(1), Cm(3.7), Cm(14.5), Cm(13.3), data).chart
            diagram.has_legend = len(b.serier) > 1
            if diagram.has_legend:
                diagram.legend.position, diagram.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
            diagram.font.size = Pt(10)
        rader = b.rader[:16]
        tabell = sida.shapes.add_table(len(rader) + 1, len(b.kolumner), Cm(16), Cm(3.7), Cm(17), Cm(0.7 * (len(rader) + 1))).table
        for j, rubrik in enumerate(b.kolumner):
            tabell.cell(0, j).text = rubrik
        for i, rad in enumerate(rader, start=1):
            for j, varde in enumerate(rad):
                tabell.cell(i, j).text = str(varde)
        for cell in (tabell.cell(i, j) for i in range(len(rader) + 1) for j in range(len(b.kolumner))):
            for stycke in cell.text_frame.paragraphs:
                for bit in stycke.runs:
                    bit.font.size = Pt(9)
        text(sida, meta.fot, 1, 17.6, 32, 1.2, 9, meta.demodata, "B00020" if meta.demodata else None)
    buf = io.BytesIO()
    pres.save(buf)
    return buf.getvalue()


def som_pdf(bilder: list[Bild], meta: Meta) -> bytes:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape as _escape

    stilar = getSampleStyleSheet()

    def escape(text: str) -> str:  # PDF-standardtypsnitten saknar U+2212 (minus)
        return _escape(text.replace("\u2212", "-"))

    buf = io.BytesIO()
    dok = SimpleDocTemplate(buf, pagesize=landscape(A4), title=TITEL, author="Samverkansmonitorn",
                            leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.2 * cm, bottomMargin=1.5 * cm)

    def fot(canvas, _dok):
        canvas.saveState()
        canvas.setFont("Helvetica-Bold" if meta.demodata else "Helvetica", 7)
        forsta, _, resten = meta.fot.replace("\u2212", "-").partition(" | Data: ")
        canvas.drawString(1.5 * cm, 1.0 * cm, forsta)
        canvas.drawString(1.5 * cm, 0.6 * cm, "Data: " + resten if resten else "")
        canvas.restoreState()

    innehall = [Paragraph(escape(TITEL), stilar["Title"]), Paragraph(escape(meta.urval), stilar["Normal"]),
                Paragraph(escape(f"Data: {meta.datadatum}"), stilar["Normal"]),
                Paragraph(escape(f"Skapat {meta.skapad}."), stilar["Normal"])]
    if meta.demodata:
        innehall.append(Paragraph("<b>FIKTIVA DEMODATA – inga verkliga personer eller belopp</b>", stilar["Heading2"]))
    for b in bilder:
        innehall += [PageBreak(), Paragraph(escape(b.rubrik), stilar["Heading1"]),
                     Paragraph(escape(b.sammanfattning), stilar["Normal"]), Spacer(1, 0.3 * cm)]
        if b.kategorier and b.serier:
            rita = Drawing(24 * cm, 5.5 * cm)
            diagram = HorizontalBarChart()
            diagram.x, diagram.y, diagram.width, diagram.height = 6 * cm, 0.3 * cm, 17 * cm, 5 * cm
            diagram.data = [list(v) for v in b.serier.values()]
            diagram.categoryAxis.categoryNames = [k[:40] for k in b.kategorier]
            diagram.categoryAxis.labels.fontSize = 6
            diagram.categoryAxis.labelAxisMode = "low"  # namnen till vänster även när staplarna är negativa
            diagram.valueAxis.labels.fontSize = 6
            for i, farg in enumerate((colors.HexColor("#0072B2"), colors.HexColor("#E69F00"))):
                if i < len(b.serier):
                    diagram.bars[i].fillColor = farg
            rita.add(diagram)
            innehall += [rita, Spacer(1, 0.3 * cm)]
        tabell = Table([b.kolumner] + [[escape(str(v))[:60] for v in rad] for rad in b.rader])
        tabell.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), "Helvetica", 7), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("GRID", (0, 1), (-1, -1), 0.25, colors.grey),
        ]))
        innehall.append(tabell)
    dok.build(innehall, onFirstPage=fot, onLaterPages=fot)
    return buf.getvalue()
