/* Efter varje ritning av ett diagram (också efter storleksändring och en ny figur från servern): de funktioner
 * som karta.js och telefon.js registrerar. Laddas före dem (Dash laddar assets i namnordning).
 */
(function () {
  var funktioner = [];
  window.samverkanDiagram = {
    efterRitning: function (funktion) { funktioner.push(funktion); }
  };

  function kor(gd) { funktioner.forEach(function (funktion) { funktion(gd); }); }

  function koppla(gd) {
    if (gd.dataset.efterritning || typeof gd.on !== "function") { return; }
    gd.dataset.efterritning = "1";
    gd.on("plotly_afterplot", function () { kor(gd); });
    kor(gd);
  }

  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(koppla);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
