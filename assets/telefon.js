/* Liggande stapeldiagram på telefonen: kategorinamnen (jobbspår, nyckeltal, kommuner) har en fast vänstermarginal
 * på 180–330 px, som på en 375 px skärm inte lämnar något kvar åt staplarna. Under 600 px skrivs namnen i
 * stället inne i diagrammet, som en bildtext under sina staplar, och marginalen tas bort. Samma figur i övrigt.
 */
(function () {
  var SMAL = 600;

  function anpassa(gd) {
    var layout = gd.layout || {};
    var marginal = (layout.margin || {}).l || 0;
    var liggande = (gd.data || []).some(function (t) { return t.type === "bar" && t.orientation === "h"; });
    if (!liggande || window.innerWidth >= SMAL || marginal <= 120 || gd.dataset.telefon === "1") { return; }
    gd.dataset.telefon = "1";
    // Varje kategori har minst 60 px (figures/): staplarna tar hälften, namnet flyttas ned under dem.
    var antal = Math.max(1, (gd._fullLayout.yaxis._categories || []).length);
    var perKategori = (gd._fullLayout.height - gd._fullLayout.margin.t - gd._fullLayout.margin.b) / antal;
    window.Plotly.relayout(gd, {
      "margin.l": 8,
      "yaxis.ticklabelposition": "inside top",
      "yaxis.ticklabelshift": Math.round(perKategori * (1 - 0.5) / 2 + 15),
      "yaxis.tickfont.size": 13,
      // En halv kategori till nedtill, så att den understa bildtexten inte hamnar utanför diagrammet.
      "yaxis.range": [-1, antal - 0.5],
      "bargap": 0.5
    }).then(function () {
      // Ett namn som är bredare än diagrammet skrivs mindre (inte under 10 px), så att det syns helt.
      var bredd = gd.getBoundingClientRect().width - 16;
      var langst = 0;
      gd.querySelectorAll(".ytick text").forEach(function (t) { langst = Math.max(langst, t.getBoundingClientRect().width); });
      if (langst > bredd) {
        return window.Plotly.relayout(gd, {"yaxis.tickfont.size": Math.max(10, Math.floor(13 * bredd / langst))});
      }
    });
  }

  function koppla(gd) {
    if (gd.dataset.telefonkoppling || typeof gd.on !== "function") { return; }
    gd.dataset.telefonkoppling = "1";
    // En ny figur från servern (filterbyte) har datorns marginal igen: pröva på nytt efter varje ritning.
    gd.on("plotly_afterplot", function () {
      if (gd.dataset.telefon === "1" && ((gd.layout.margin || {}).l || 0) > 120) { gd.dataset.telefon = ""; }
      anpassa(gd);
    });
    anpassa(gd);
  }

  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(koppla);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
