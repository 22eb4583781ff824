/* Plotly på svenska: verktygsradens texter, månads- och dagnamn, decimalkomma och mellanslag som
 * tusentalsavgränsare. Diagrammen väljer språket med config.locale = "sv" (dashboards/komponenter.py).
 * Plotly läses in först när ett diagram ritas; då registrerar det det som står i window.PlotlyLocales. */
(function () {
  var sv = {
    moduleType: "locale",
    name: "sv",
    dictionary: {
      "Autoscale": "Anpassa skalan",
      "Box Select": "Välj med rektangel",
      "Click to enter Colorscale title": "Klicka för att skriva färgskalans rubrik",
      "Click to enter Component A title": "Klicka för att skriva rubrik för komponent A",
      "Click to enter Component B title": "Klicka för att skriva rubrik för komponent B",
      "Click to enter Component C title": "Klicka för att skriva rubrik för komponent C",
      "Click to enter Plot title": "Klicka för att skriva diagrammets rubrik",
      "Click to enter X axis title": "Klicka för att skriva x-axelns rubrik",
      "Click to enter Y axis title": "Klicka för att skriva y-axelns rubrik",
      "Click to enter radial axis title": "Klicka för att skriva den radiella axelns rubrik",
      "Compare data on hover": "Jämför värden under muspekaren",
      "Double-click on legend to isolate one trace": "Dubbelklicka i förklaringen för att visa bara en serie",
      "Double-click to zoom back out": "Dubbelklicka för att zooma ut igen",
      "Download plot": "Ladda ner diagrammet",
      "Download plot as a png": "Ladda ner diagrammet som PNG",
      "Download plot as a PNG": "Ladda ner diagrammet som PNG",
      "Download plot as JSON": "Ladda ner diagrammet som JSON",
      "JSON download succeeded": "JSON-filen är nedladdad",
      "Share chart...": "Dela diagrammet …",
      "Edit in Chart Studio": "Redigera i Chart Studio",
      "IE only supports svg.  Changing format to svg.": "IE stöder bara SVG. Formatet ändras till SVG.",
      "Lasso Select": "Välj med lasso",
      "Orbital rotation": "Rotera runt",
      "Pan": "Panorera",
      "Produced with Plotly.js": "Skapad med Plotly.js",
      "Reset": "Återställ",
      "Reset axes": "Återställ axlarna",
      "Reset camera to default": "Återställ kameran",
      "Reset camera to last save": "Kameran som senast sparad",
      "Reset view": "Återställ vyn",
      "Reset views": "Återställ vyerna",
      "Show closest data on hover": "Visa närmaste värde under muspekaren",
      "Snapshot succeeded": "Bilden är sparad",
      "Sorry, there was a problem downloading your snapshot!": "Bilden gick inte att ladda ner.",
      "Taking snapshot - this may take a few seconds": "Bilden sparas – det kan ta några sekunder",
      "Toggle Spike Lines": "Visa eller dölj hjälplinjer",
      "Toggle show closest data on hover": "Visa eller dölj närmaste värde under muspekaren",
      "Turntable rotation": "Rotera som en skiva",
      "Zoom": "Zooma",
      "Zoom in": "Zooma in",
      "Zoom out": "Zooma ut",
      "close:": "stängning:",
      "high:": "högst:",
      "incoming flow count:": "inflöden:",
      "kde:": "kde:",
      "lat:": "lat:",
      "lon:": "lon:",
      "low:": "lägst:",
      "lower fence:": "nedre gräns:",
      "max:": "max:",
      "mean ± σ:": "medel ± σ:",
      "mean:": "medel:",
      "median:": "median:",
      "min:": "min:",
      "new text": "ny text",
      "open:": "öppning:",
      "outgoing flow count:": "utflöden:",
      "q1:": "q1:",
      "q3:": "q3:",
      "source:": "från:",
      "target:": "till:",
      "trace": "serie",
      "upper fence:": "övre gräns:"
    },
    format: {
      days: ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
      shortDays: ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
      months: ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
        "november", "december"],
      shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      date: "%Y-%m-%d",
      decimal: ",",
      thousands: "\u00a0"
    }
  };
  if (typeof window.Plotly === "undefined") {
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(sv);
  } else {
    window.Plotly.register(sv);
  }
})();
