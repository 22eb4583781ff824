/* Liggande stapeldiagram på telefonen: kategorinamnen (jobbspår, nyckeltal, kommuner) har en fast vänstermarginal
 * på 180–330 px, som på en 375 px skärm inte lämnar något kvar åt staplarna. Under 600 px skrivs namnen i
 * stället inne i diagrammet, som en bildtext under sina staplar, och marginalen tas bort. Samma figur i övrigt.
 *
 * gd.dataset.telefon: "pågår" medan figuren görs om (varje omritning ger en ny plotly_afterplot), "1" när
 * namnen har sin slutliga storlek. En ny figur från servern (filterbyte) har datorns marginal igen och görs om.
 */
(function () {
  var SMAL = 600;

  function anpassa(gd) {
    var liggande = (gd.data || []).some(function (t) { return t.type === "bar" && t.orientation === "h"; });
    if (!liggande || window.innerWidth >= SMAL) { return; }
    var layout = gd.layout || {};
    if (((layout.margin || {}).l || 0) > 120) {
      gd.dataset.telefon = "pågår";
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
      });
      return;
    }
    if (gd.dataset.telefon !== "pågår" || gd.dataset.telefonmatning) { return; }
    // Mät när webbläsaren ritat klart (plotly_afterplot kommer före den sista omplaceringen av namnen).
    gd.dataset.telefonmatning = "1";
    window.requestAnimationFrame(function () {
      delete gd.dataset.telefonmatning;
      matNamnen(gd);
    });
  }

  function matNamnen(gd) {
    // Ett namn som inte ryms till diagrammets högerkant skrivs mindre (inte under 10 px), så att det syns helt.
    var hoger = gd.getBoundingClientRect().right - 2;
    var kvot = 1;
    gd.querySelectorAll(".ytick text").forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (r.width > 0) { kvot = Math.min(kvot, (hoger - r.left) / r.width); }
    });
    var storlek = (((gd.layout || {}).yaxis || {}).tickfont || {}).size || 13;
    if (kvot < 1 && storlek > 10) {
      window.Plotly.relayout(gd, {"yaxis.tickfont.size": Math.max(10, Math.floor(storlek * kvot))});
      return;
    }
    gd.dataset.telefon = "1";
  }

  window.samverkanDiagram.efterRitning(anpassa);
})();
