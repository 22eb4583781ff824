"""Jobbspår: vilka kommuner som kör vilka jobbspår tillsammans, deltagare och vad som hände sedan."""
from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import Input, callback, html

import queries
from dashboards.komponenter import FILTER_INPUTS, ettval, Kolumn, diagramkort, filterparametrar, kort_utdata, kortdata, tabell
from figures import format as fmt
from figures.format import FARGER
from figures.karta import gr_karta
from queries.skydd import prickfotnot

dash.register_page(__name__, path="/jobbspar", name="Jobbspår", title="Jobbspår – Samverkansmonitorn", order=2)

layout = html.Div([
    html.H1("Jobbspår"),
    html.P("Jobbspåren drivs i kluster av grannkommuner tillsammans med Arbetsförmedlingen.", className="ingress"),
    diagramkort("kluster-karta", "Kluster på kartan", graf_hojd=520),
    diagramkort("kluster", "Deltagare och resultat per jobbspår och kommun"),
    ettval("flode-kluster", "Visa flödet för kluster", [{"label": "Alla kluster", "value": "alla"}], "alla",
           klass="kartval"),
    diagramkort("flode", "Från start till läget 90 dagar efter avslut",
                "Deltagare som påbörjat jobbspår under perioden: hur de avslutade och var de var 90 dagar senare."),
])


@callback(*kort_utdata("kluster-karta"), *kort_utdata("kluster"), dash.Output("flode-kluster", "options"),
          *FILTER_INPUTS)
def kluster(*filter):
    params = filterparametrar(*filter)
    df = queries.run("jobbspar_kluster", **params)
    klusternamn = sorted(df.kluster.unique())
    index = {k: i + 1 for i, k in enumerate(klusternamn)}
    per_kommun = df.groupby("kommun_kod").agg(kluster=("kluster", lambda s: ", ".join(sorted(set(s))))).reset_index()
    # Kartan färgas efter kluster; numret står också i etiketten så att färg inte bär informationen ensam.
    etiketter = dict(zip(per_kommun.kommun_kod, per_kommun.kluster))
    kategorier = {k: f"{index[v.split(', ')[0]]} {v.split(', ')[0]}" for k, v in etiketter.items()}
    markerade = {k: f" ({index[v.split(', ')[0]]})" for k, v in etiketter.items()}
    karta = gr_karta({}, "Kluster", etiketter, valda=set(params["kommuner"]), markerade=markerade,
                     kategorier=kategorier)
    karttext = "Kluster: " + "; ".join(
        f"{index[k]} {k}: {', '.join(sorted(set(df[df.kluster == k].kommun_namn)))}" for k in klusternamn) + "."
    kart_tabell, kart_export = tabell(
        df.drop_duplicates(["kluster", "kommun_namn"]),
        [Kolumn("kluster", "Kluster"), Kolumn("kommun_namn", "Kommun"), Kolumn("samordnare", "Samordnande kommun")],
        "Kommuner per kluster")

    vald = df[df.vald]
    # Summorna per jobbspår räknas i DuckDB och prickas där, inte genom att summera prickade rader här.
    alla_spar = queries.run("jobbspar_per_spar", **params)
    per_spar, totalt = alla_spar[~alla_spar.totalrad], alla_spar[alla_spar.totalrad].iloc[0]
    fig = go.Figure()
    for i, (matt, namn) in enumerate((("deltagare", "Deltagare"), ("avslutade", "Avslutade"),
                                      ("arbete_studier_90", "I arbete/studier 90 dagar efter"))):
        fig.add_bar(name=namn, y=fmt.diagramtext(per_spar.jobbspar + " – " + per_spar.kluster), x=per_spar[matt],
                    orientation="h", marker_color=FARGER[i], marker_pattern_shape=("", "/", ".")[i],
                    text=fmt.celler(per_spar, matt), textposition="outside",
                    hovertemplate="%{y}: %{text}<extra></extra>")
    # Minst 300 px: ett tomt urval (t.ex. en målgrupp utan deltagare) ger annars en rityta under noll.
    fig.update_layout(barmode="group", height=max(300, 120 + 60 * len(per_spar)), margin=dict(l=330),
                      xaxis_title="personer")
    if per_spar.empty:
        fig.add_annotation(text="Inga jobbspår i urvalet.", showarrow=False, x=0.5, y=0.5, xref="paper",
                           yref="paper", font=dict(size=18))
    storst = per_spar.sort_values("deltagare").iloc[-1] if per_spar.deltagare.notna().any() else None
    text = (f"{len(per_spar)} jobbspår i urvalet med sammanlagt {fmt.cell(totalt, 'deltagare')} deltagare under perioden. "
            f"Flest deltagare: {storst.jobbspar} i {storst.kluster} ({fmt.cell(storst, 'deltagare')}). "
            if storst is not None else "Inga jobbspår i urvalet. ") + prickfotnot(per_spar, vald)
    tabellvy, export = tabell(vald, [
        Kolumn("kluster", "Kluster"), Kolumn("jobbspar", "Jobbspår"), Kolumn("kommun_namn", "Kommun"),
        Kolumn("bransch", "Bransch", lambda v: v or "–"), Kolumn("platser", "Platser", lambda v: fmt.tal(v)),
        Kolumn("deltagare", "Deltagare", fmt.antal), Kolumn("avslutade", "Avslutade", fmt.antal),
        Kolumn("till_arbete_studier", "Till arbete/studier", fmt.antal),
        Kolumn("arbete_studier_90", "I arbete/studier 90 dagar", fmt.antal),
    ], "Jobbspår per kommun")
    datum = fmt.datum(params["till"])
    alternativ = [{"label": "Alla kluster", "value": "alla"}] + [{"label": k, "value": k} for k in klusternamn]
    return (karta, karttext, kart_tabell, kortdata("jobbsparskluster", kart_export, params, datum),
            fig, text, tabellvy, kortdata("jobbspar_per_kommun", export, params, datum), alternativ)


@callback(*kort_utdata("flode"), Input("flode-kluster", "value"), *FILTER_INPUTS)
def flode(kluster, *filter):
    params = filterparametrar(*filter)
    df = queries.run("jobbspar_flode", kluster="" if kluster in (None, "alla") else kluster, **params)
    # Dolda flöden (prickade i frågelagret) ritas inte; tabellen visar deras prick.
    synliga = df[df.antal.notna() & (df.antal > 0)]
    # En nod per steg och nivå: "Annan insats" som avslutsorsak och som läge efter 90 dagar är två noder,
    # annars ritas en slinga från noden till sig själv.
    start = "Påbörjat jobbspår"
    fran = [(1 if f != start else 0, f) for f in synliga.fran_steg]
    till = [(2 if f != start else 1, t) for f, t in zip(synliga.fran_steg, synliga.till_steg)]
    noder = list(dict.fromkeys(fran + till))
    pos = {n: i for i, n in enumerate(noder)}
    # Ett Sankey-diagram utan noder kraschar Plotly i webbläsaren: då ritas bara förklaringen.
    fig = go.Figure() if synliga.empty else go.Figure(go.Sankey(
        node=dict(label=[fmt.diagramtext(namn) for _, namn in noder], pad=18, thickness=18, color="#0072B2",
                  line=dict(color="#000000", width=0.5)),
        link=dict(source=[pos[n] for n in fran], target=[pos[n] for n in till],
                  value=list(synliga.antal), color="rgba(86,180,233,0.45)"),
        valueformat=",d",
    ))
    fig.update_layout(height=460, font_size=14)
    if synliga.empty:
        forklaring = ("Inga jobbspår påbörjades i urvalet." if df.empty
                      else "Alla flöden i urvalet har färre än 5 personer och visas inte.")
        fig.add_annotation(text=forklaring, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                           font=dict(size=18))
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    utfall = queries.run("jobbspar_utfall", kluster="" if kluster in (None, "alla") else kluster, **params).iloc[0]
    text = (f"{fmt.cell(utfall, 'startade')} påbörjade jobbspår under perioden. Av {fmt.cell(utfall, 'uppfoljda_90')} "
            f"uppföljda var {fmt.cell(utfall, 'arbete_studier_90')} "
            f"({fmt.cell(utfall, 'andel_arbete_studier_90', fmt.procent)}) i arbete eller studier 90 dagar efter avslut. "
            + prickfotnot(df, utfall.to_frame().T)).strip()
    tabellvy, export = tabell(df, [Kolumn("fran_steg", "Från"), Kolumn("till_steg", "Till"),
                                   Kolumn("antal", "Personer", fmt.antal)], "Flöde i jobbspår")
    return fig, text, tabellvy, kortdata("jobbspar_flode", export, params, fmt.datum(params["till"]))
