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
    per_spar = vald.groupby(["kluster", "jobbspar"], as_index=False)[["deltagare", "avslutade", "arbete_studier_90"]].sum()
    fig = go.Figure()
    for i, (matt, namn) in enumerate((("deltagare", "Deltagare"), ("avslutade", "Avslutade"),
                                      ("arbete_studier_90", "I arbete/studier 90 dagar efter"))):
        fig.add_bar(name=namn, y=per_spar.jobbspar + " – " + per_spar.kluster, x=fmt.dolj_sma(per_spar[matt]),
                    orientation="h", marker_color=FARGER[i], marker_pattern_shape=("", "/", ".")[i],
                    text=[fmt.antal(v) for v in per_spar[matt]], textposition="outside",
                    hovertemplate="%{y}: %{text}<extra></extra>")
    fig.update_layout(barmode="group", height=120 + 60 * len(per_spar), margin=dict(l=330), xaxis_title="personer")
    storst = per_spar.sort_values("deltagare").iloc[-1] if len(per_spar) else None
    text = (f"{len(per_spar)} jobbspår i urvalet med sammanlagt {fmt.antal(per_spar.deltagare.sum())} deltagare under perioden. "
            f"Flest deltagare: {storst.jobbspar} i {storst.kluster} ({fmt.antal(storst.deltagare)})."
            if storst is not None else "Inga jobbspår i urvalet.")
    tabellvy, export = tabell(vald, [
        Kolumn("kluster", "Kluster"), Kolumn("jobbspar", "Jobbspår"), Kolumn("kommun_namn", "Kommun"),
        Kolumn("bransch", "Bransch", lambda v: v or "–"), Kolumn("platser", "Platser", lambda v: fmt.tal(v)),
        Kolumn("deltagare", "Deltagare", fmt.antal, True), Kolumn("avslutade", "Avslutade", fmt.antal, True),
        Kolumn("till_arbete_studier", "Till arbete/studier", fmt.antal, True),
        Kolumn("arbete_studier_90", "I arbete/studier 90 dagar", fmt.antal, True),
    ], "Jobbspår per kommun")
    datum = fmt.datum(params["till"])
    alternativ = [{"label": "Alla kluster", "value": "alla"}] + [{"label": k, "value": k} for k in klusternamn]
    return (karta, karttext, kart_tabell, kortdata("jobbsparskluster", kart_export, params, datum),
            fig, text, tabellvy, kortdata("jobbspar_per_kommun", export, params, datum), alternativ)


@callback(*kort_utdata("flode"), Input("flode-kluster", "value"), *FILTER_INPUTS)
def flode(kluster, *filter):
    params = filterparametrar(*filter)
    df = queries.run("jobbspar_flode", kluster="" if kluster in (None, "alla") else kluster, **params)
    # Små flöden döljs: en länk med 1–4 personer visas inte.
    synliga = df[df.antal >= fmt.DOLJ_UNDER]
    noder = list(dict.fromkeys(list(synliga.fran_steg) + list(synliga.till_steg)))
    pos = {n: i for i, n in enumerate(noder)}
    fig = go.Figure(go.Sankey(
        node=dict(label=noder, pad=18, thickness=18, color="#0072B2", line=dict(color="#000000", width=0.5)),
        link=dict(source=[pos[f] for f in synliga.fran_steg], target=[pos[t] for t in synliga.till_steg],
                  value=list(synliga.antal), color="rgba(86,180,233,0.45)"),
        valueformat=",d",
    ))
    fig.update_layout(height=460, font_size=14)
    startade = df[df.fran_steg == "Påbörjat jobbspår"].antal.sum()
    i_arbete = df[df.till_steg.isin(["I arbete", "I studier"]) & (df.fran_steg != "Påbörjat jobbspår")].antal.sum()
    uppfoljda = df[(df.fran_steg != "Påbörjat jobbspår") & (df.till_steg != "Ej uppföljd ännu")].antal.sum()
    text = (f"{fmt.antal(startade)} påbörjade jobbspår under perioden. Av {fmt.antal(uppfoljda)} uppföljda "
            f"var {fmt.antal(i_arbete)} ({fmt.procent(i_arbete / uppfoljda if uppfoljda else None)}) i arbete eller studier 90 dagar efter avslut."
            + (" Flöden med färre än 5 personer visas inte." if len(synliga) < len(df) else ""))
    tabellvy, export = tabell(df, [Kolumn("fran_steg", "Från"), Kolumn("till_steg", "Till"),
                                   Kolumn("antal", "Personer", fmt.antal, True)], "Flöde i jobbspår")
    return fig, text, tabellvy, kortdata("jobbspar_flode", export, params, fmt.datum(params["till"]))
