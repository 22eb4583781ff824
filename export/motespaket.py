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
from anteckningar import HELA_REGIONEN
from config import AF_MATT
from figures import extratjanster, jobbspar, oversikt, projekt, resultat, samrad, varfor
from figures import format as fmt
from figures.kort import Kort
from queries import KONTEXTKALLOR
from queries.skydd import storningsnot


@dataclass
class Bild:
    rubrik: str
    sammanfattning: str
    kolumner: list[str]
    rader: list[list[str]]
    # (kategorier, {serienamn: värden}) för ett stapeldiagram
    kategorier: list[str] = field(default_factory=list)
    serier: dict[str, list[float | None]] = field(default_factory=dict)


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
    namn = dict(queries.referens("kommuner")[["kommun_kod", "kommun_namn"]].itertuples(index=False))
    kommuner = ", ".join(namn.get(k, k) for k in params["kommuner"]) or f"Hela {_regionnamn()}"
    malgrupper = ", ".join(params["malgrupper"]) or "alla"
    return (f"Urval: {kommuner}; period {fmt.datum(params['fran'])} – {fmt.datum(params['till'])}; "
            f"målgrupp: {malgrupper}; kön: {params['kon'] or 'alla'}")


def _datadatum() -> str:
    df = queries.run("datadatum", offentlig=True)
    namn = {"jobbspar": "jobbspår", "arbetsmarknad": "AF:s statistik"}
    return ", ".join(
        f"{namn.get(r.kalla, r.kalla)} t.o.m. "
        f"{fmt.datum(r.data_till if r.data_till == r.data_till else r.senast_inlast)}"
        for r in df.itertuples() if r.filer or r.kalla not in KONTEXTKALLOR)


def bygg(params: dict, anteckningar: list[dict] | None = None) -> tuple[list[Bild], Meta]:
    """anteckningar: samrådets anteckningar (alla, nyast först). Förklaringarna hamnar på Varför-bilden,
    och paketet slutar med de öppna uppföljningarna."""
    # Mötespaketet visas och sprids utanför styrgruppen: små antal döljs alltid (offentlig).
    def fraga(namn, **p):
        return queries.run(namn, offentlig=True, **p)

    info = dict(fraga("lager_info").itertuples(index=False))
    meta = Meta(_urvalstext(params), _datadatum(), info.get("demodata") == "ja",
                dt.datetime.now().strftime("%Y-%m-%d %H:%M"), queries.offentlig_atkomst().troskel)
    bilder: list[Bild] = []
    region = _regionnamn()

    # Samma byggare som sidorna och projektorn (figures/): samma kort ger samma text överallt.
    kpi = fraga("kpi_per_kommun", **params)
    urval, region_rad = kpi[kpi.niva == "urval"].iloc[0], kpi[kpi.niva == "region"].iloc[0]
    ar, manad = params["till"].year, params["till"].month
    bilder.append(bild(oversikt.karta(kpi, params, "aktiva_per_1000", region),
                       oversikt.nyckeltalstext(urval, region_rad, params["till"], region)))
    budget = fraga("budget_per_kommun", ar=ar, till_manad=manad, kommuner=params["kommuner"])
    bilder.append(bild(extratjanster.per_kommun(budget, ar, manad, region)))
    bilder.append(bild(extratjanster.avvikelser(fraga("budget_avvikelse", ar=ar, avvikelsegrans=0.10), 0.10, region)))
    malgrupp = _installningar().malgrupp_afkod
    alla_anteckningar = anteckningar or []
    forklaringar_ar = samrad.forklaringar_per_kommun(alla_anteckningar, ar)
    varfor_kort, forklaringar = varfor.kort(fraga("budget_varfor", ar=ar, malgrupp_kod=malgrupp), 0.10, region,
                                            AF_MATT.get(malgrupp, f"AF-mått {malgrupp}"), forklaringar_ar)
    bilder.append(bild(varfor_kort, " ".join(f.text for f in forklaringar) or varfor_kort.sammanfattning))
    bilder.append(bild(jobbspar.per_spar(fraga("jobbspar_per_spar", **params), fraga("jobbspar_kluster", **params))))
    bilder.append(bild(projekt.resultat(fraga("projekt_resultat", **params))))
    # Alla kommuner mot förväntat (urvalet markerat), aldrig en rang av råa andelar.
    per_kommun = fraga("resultat_forvantat", horisont=90, enhet="kommun", **{**params, "kommuner": []})
    bilder.append(bild(resultat.tratt(per_kommun, params["kommuner"], region)))
    if anteckningar is not None:
        kommuner = dict(fraga("kommuner")[["kommun_kod", "kommun_namn"]].itertuples(index=False))
        urvalet = {*params["kommuner"], HELA_REGIONEN} if params["kommuner"] else None
        # Samma ordning som på kommunprofilen: öppna uppföljningar, den som ska vara klar först först.
        oppna = [a for a in samrad.sorterade(alla_anteckningar)
                 if a["typ"] == "Uppföljning" and a["status"] == "öppen"
                 and (urvalet is None or a["kommun_kod"] in urvalet)]
        bilder.append(bild(samrad.uppfoljningar(oppna, kommuner, region)))
    return bilder, meta


def bild(kort: Kort, sammanfattning: str | None = None) -> Bild:
    """Ett kort ur figures/ som en bild i paketet: rubrik, text, tabellens rader och diagrammets serier."""
    return Bild(kort.rubrik, sammanfattning or kort.sammanfattning, [k.rubrik for k in kort.tabell.kolumner],
                kort.tabell.textrader(), kort.kategorier, kort.serier)


def _installningar():
    from config import load_settings

    return load_settings()


def _regionnamn() -> str:
    from ingest.kommuner import regionnamn_for

    return regionnamn_for(_installningar().region)[0]


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
    text(forsta, f"Skapat {meta.skapad}. {storningsnot(meta.troskel)}", 1.5, 11, 30, 2, 16)
    if meta.demodata:
        text(forsta, "FIKTIVA DEMODATA – inga verkliga personer eller belopp", 1.5, 14, 30, 2, 24, True, "B00020")

    for b in bilder:
        sida = pres.slides.add_slide(tom)
        text(sida, b.rubrik, 1, 0.5, 32, 1.6, 28, True)
        text(sida, b.sammanfattning, 1, 2.1, 32, 1.4, 13)
        if b.kategorier and b.serier:
            # python-pptx skriver diagrammets data i en inbäddad arbetsbok och gör text som börjar med "=" till en
            # formel där: kategorier och serienamn (text ur importfiler) görs ofarliga som i nedladdningarna.
            data = CategoryChartData()
            data.categories = [fmt.inert(k) for k in b.kategorier]
            for namn, varden in b.serier.items():
                data.add_series(fmt.inert(namn), varden)
            diagram = sida.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Cm(1), Cm(3.7), Cm(14.5), Cm(13.3), data).chart
            diagram.has_legend = len(b.serier) > 1
            if diagram.has_legend:
                diagram.legend.position, diagram.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
            diagram.font.size = Pt(10)
        rader = b.rader[:16]
        hojd = Cm(0.7 * (len(rader) + 1))
        tabell = sida.shapes.add_table(len(rader) + 1, len(b.kolumner), Cm(16), Cm(3.7), Cm(17), hojd).table
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
    from xml.sax.saxutils import escape as _escape

    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

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
