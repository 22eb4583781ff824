"""Tillgänglighetsredogörelse, som lagen om tillgänglighet till digital offentlig service kräver."""
from __future__ import annotations

import dash
from dash import dcc, html

dash.register_page(__name__, path="/tillganglighet", name="Tillgänglighet",
                   title="Tillgänglighetsredogörelse – Samverkansmonitorn", order=9)

layout = html.Div([
    html.H1("Tillgänglighetsredogörelse"),
    html.P("Samverkansmonitorn ska kunna användas av alla, oavsett funktionsförmåga. Här beskriver vi hur "
           "tjänsten uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända "
           "brister och hur du rapporterar problem.", className="ingress"),
    html.H2("Hur tillgänglig är tjänsten?"),
    html.P("Tjänsten är delvis förenlig med WCAG 2.1 nivå AA. Varje sida granskas automatiskt med axe-core i "
           "våra tester, i både normalt tema och högkontrasttema, och testas med enbart tangentbord."),
    html.Ul([
        html.Li("Varje diagram har en kort textsammanfattning och samma siffror som tabell, som nås med tangentbord."),
        html.Li("Avvikelser markeras med text och mönster, inte bara med färg. "
                "Färgerna går att skilja åt vid färgblindhet."),
        html.Li("Kommuner i kartan kan väljas med knappar under kartan eller i filtret."),
        html.Li("Knappen Hög kontrast i sidhuvudet byter till svart bakgrund och större kontrast."),
    ]),
    html.H2("Kända brister"),
    html.Ul([
        html.Li("Själva diagrammen (Plotly) går inte att utforska punkt för punkt med skärmläsare; använd tabellvyn."),
        html.Li("Flödesdiagrammet för jobbspår (Sankey) saknar tangentbordsstöd i själva diagrammet; "
                "samma flöden finns i tabellen."),
        html.Li("Projektorsläget och mötespaketet är ännu inte granskade."),
    ]),
    html.H2("Rapportera brister"),
    html.P(["Om du stöter på ett hinder, kontakta förvaltningen av Samverkansmonitorn på Göteborgsregionen, "
            "avdelningen Arbetsmarknad och social välfärd. Beskriv vilken sida och vad som inte fungerade. "
            "Om du inte är nöjd med svaret kan du anmäla till Myndigheten för digital förvaltning (Digg), "
            "som är tillsynsmyndighet."]),
    html.H2("Hur vi testat"),
    html.P("Automatiska tester med axe-core (WCAG 2.1 A och AA) på varje sida, tangentbordstest från "
           "hoppa-länken till nedladdning, och granskning av skärmbilder i 1920×1080, 1366×768 och 390×844."),
    html.P(dcc.Link("Tillbaka till översikten", href="/")),
])
