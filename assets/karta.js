/* Kartans kommunnamn utan överlapp, vid den storlek kartan faktiskt har (1920 px eller en telefon).
 *
 * Namnen står i spåret med meta "kommunnamn", störst kommun först (figures/karta.py). Efter varje
 * ritning (också efter storleksändring) visas namnen i den ordningen, och ett namn som skulle täcka ett
 * som redan visas döljs. Det finns kvar när man pekar på kommunen och i knapparna under kartan.
 */
(function () {
  function overlappar(a, b) {
    var luft = 2;
    return !(a.right + luft < b.left || b.right + luft < a.left || a.bottom + luft < b.top || b.bottom + luft < a.top);
  }

  function glesa(gd) {
    var data = gd._fullData || [];
    var spar = gd.querySelectorAll(".scatterlayer .trace");
    data.forEach(function (trace, i) {
      if (trace.meta !== "kommunnamn" || !spar[i]) { return; }
      var visade = [];
      spar[i].querySelectorAll(".textpoint text").forEach(function (text) {
        text.style.visibility = "visible";
        var ruta = text.getBoundingClientRect();
        if (ruta.width === 0) { return; }
        if (visade.some(function (r) { return overlappar(r, ruta); })) {
          text.style.visibility = "hidden";
          text.setAttribute("data-dold", "overlapp");
        } else {
          text.removeAttribute("data-dold");
          visade.push(ruta);
        }
      });
    });
  }

  window.samverkanDiagram.efterRitning(glesa);
})();
