/* Filtret och URL:en i webbläsaren, utan serverrunda.
 *
 * URL:en är filtrets enda läge: korten läser bara den (Input _pages_location.search), en gång per
 * ändring. Här skrivs en ändring i filterraden till URL:en, och en ny URL (bakåtknappen, en kopierad
 * länk) till filterraden. Båda riktningarna är en och samma callback: Dash kör inte om en callback
 * för dess egna utdata, och varje riktning skriver bara det som skiljer, så inget studsar.
 */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  samverkan: {
    synka: function (search, _hela, kommun, fran, till, malgrupp, kon, standard) {
      var nu = window.dash_clientside.no_update;
      var utlost = ((window.dash_clientside.callback_context.triggered || [])[0] || {}).prop_id || "";
      var std = standard || {};
      var lika = function (a, b) { return JSON.stringify(a || []) === JSON.stringify(b || []); };
      if (utlost === "" || utlost.indexOf("_pages_location") === 0) {
        var q = new URLSearchParams(search || "");
        var lista = function (n) {
          return (q.get(n) || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
        };
        var ett = function (varde, nuvarande) { return varde === nuvarande ? nu : varde; };
        return [nu,
          lika(lista("kommun"), kommun) ? nu : lista("kommun"),
          ett(q.get("fran") || std.fran, fran),
          ett(q.get("till") || std.till, till),
          lika(lista("malgrupp"), malgrupp) ? nu : lista("malgrupp"),
          ett(q.get("kon") || "alla", kon)];
      }
      var helaRegionen = utlost.indexOf("visa-hela-gr") === 0;
      // Sidornas egna val (?visa=…) står kvar; filtrets fält skrivs om.
      var ut = new URLSearchParams(search || "");
      ["kommun", "fran", "till", "malgrupp", "kon"].forEach(function (n) { ut.delete(n); });
      var valda = helaRegionen ? [] : (kommun || []);
      if (valda.length) { ut.set("kommun", valda.join(",")); }
      if (fran && fran !== std.fran) { ut.set("fran", fran); }
      if (till && till !== std.till) { ut.set("till", till); }
      if ((malgrupp || []).length) { ut.set("malgrupp", malgrupp.join(",")); }
      if (kon && kon !== "alla") { ut.set("kon", kon); }
      var ny = ut.toString().replace(/%2C/g, ",");
      ny = ny ? "?" + ny : "";
      return [ny === (search || "") ? nu : ny, helaRegionen ? [] : nu, nu, nu, nu, nu];
    },

    /* En sidas egna val (id {sidval: namn, standard: …}) och adressen: valet skrivs till adressen, och en ny
       adress (bakåtknappen, en kopierad länk) till valet. Standardvärdet står inte i adressen. */
    sidval: function (search, varden, ids) {
      var nu = window.dash_clientside.no_update;
      var utlost = ((window.dash_clientside.callback_context.triggered || [])[0] || {}).prop_id || "";
      var q = new URLSearchParams(search || "");
      if (utlost === "" || utlost.indexOf("_pages_location") === 0) {
        return [nu, (ids || []).map(function (id, i) {
          var v = q.get(id.sidval) || id.standard;
          return v === varden[i] ? nu : v;
        })];
      }
      (ids || []).forEach(function (id, i) {
        if (varden[i] && varden[i] !== id.standard) { q.set(id.sidval, varden[i]); } else { q.delete(id.sidval); }
      });
      var ny = q.toString().replace(/%2C/g, ",");
      ny = ny ? "?" + ny : "";
      return [ny === (search || "") ? nu : ny, (ids || []).map(function () { return nu; })];
    },

    /* Klick på en kommun i ett diagram (kommunkoden i customdata) eller på dess knapp väljer eller avväljer den. */
    vaxla_kommun: function () {
      var nu = window.dash_clientside.no_update;
      var args = Array.prototype.slice.call(arguments);
      var valda = (args.pop() || []).slice();
      var utlost = ((window.dash_clientside.callback_context.triggered || [])[0] || {});
      var kod = null;
      if (utlost.prop_id && utlost.prop_id.indexOf("clickData") > 0) {
        var punkt = ((utlost.value || {}).points || [])[0] || {};
        kod = Array.isArray(punkt.customdata) ? punkt.customdata[0] : punkt.customdata;
      } else if (utlost.prop_id && utlost.value) {
        try { kod = JSON.parse(utlost.prop_id.split(".")[0]).kod; } catch (e) { kod = null; }
      }
      if (typeof kod !== "string" || !/^\d{4}$/.test(kod)) { return nu; }
      return valda.indexOf(kod) >= 0 ? valda.filter(function (k) { return k !== kod; }) : valda.concat([kod]);
    },

    /* Menyns länkar behåller filtret, så att en annan sida visar samma urval. */
    menylankar: function (search) {
      var lankar = Array.prototype.slice.call(arguments, 1);
      return lankar.map(function (href) { return (href || "/").split("?")[0] + (search || ""); });
    },

    /* Sammanfattningen på de fällbara flervalslistorna: de valda, eller vad inget val betyder. */
    kommuntext: function (valda, alternativ, standard) {
      var namn = {};
      (alternativ || []).forEach(function (a) { namn[a.value] = a.label; });
      var text = (valda || []).filter(function (v) { return v in namn; })
        .map(function (v) { return namn[v]; }).join(", ");
      return text || ("Hela " + ((standard || {}).region || "regionen"));
    },
    malgrupptext: function (valda) {
      return (valda || []).join(", ") || "Alla";
    },

    /* Filter som inte gäller sidan (period, målgrupp och kön på Uppföljning) visas inte där. */
    filtersynlighet: function (sokvag, standard) {
      var falt = ["kommun", "fran", "till", "malgrupp", "kon"];
      var sidor = (standard || {}).sidor || {};
      var galler = sidor[(sokvag || "/").replace(/\/+$/, "") || "/"];
      var dolda = falt.map(function (f) { return galler ? galler.indexOf(f) < 0 : false; });
      // "Visa hela regionen" hör till kommunfiltret; telefonens filterknapp behövs inte där inget filter gäller.
      return dolda.concat([dolda[0], !!galler && galler.length === 0]);
    },

    /* Telefonens filterknapp: visar valet och fäller ut filtren. */
    filterknapp: function (n, kommun, fran, till, kommuner, manader, standard) {
      var namn = {};
      (kommuner || []).forEach(function (a) { namn[a.value] = a.label; });
      var manad = {};
      (manader || []).forEach(function (a) { manad[a.value] = a.label; });
      var valda = (kommun || []).filter(function (k) { return k in namn; }).map(function (k) { return namn[k]; });
      var vem = valda.length > 2 ? valda.slice(0, 2).join(", ") + " +" + (valda.length - 2)
        : (valda.join(", ") || ("Hela " + ((standard || {}).region || "regionen")));
      var oppen = (n || 0) % 2 === 1;
      var text = "Filter: " + vem + " · " + (manad[fran] || fran || "") + "–" + (manad[till] || till || "");
      return [text, oppen ? "true" : "false", oppen ? "filterrad oppen" : "filterrad"];
    }
  }
});

/* Ett anteckningsformulär skickar användaren tillbaka till samma vy (sökväg och filter) efter Spara. */
document.addEventListener("submit", function (e) {
  var formular = e.target;
  if (!formular.matches || !formular.matches("form.anteckningsformular, form.uppfoljningsknapp")) { return; }
  var nasta = formular.querySelector("input[name=nasta]");
  if (nasta) { nasta.value = window.location.pathname + window.location.search; }
});
