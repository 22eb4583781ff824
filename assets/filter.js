/* Filtret och URL:en i webbläsaren, utan serverrunda.
 *
 * URL:en är filtrets enda läge: korten läser bara den (Input _pages_location.search), en gång per
 * ändring. Här skrivs en ändring i filterraden till URL:en, och en ny URL (bakåtknappen, en kopierad
 * länk) till filterraden. Båda riktningarna är en och samma callback: Dash kör inte om en callback
 * för dess egna utdata, och varje riktning skriver bara det som skiljer, så inget studsar.
 */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  samverkan: {
    synka: function (search, _hela) {
      /* Argumenten efter _hela: filterradens värden i fältlistans ordning, sist filter-standard. Fältlistan
         (namn, slag, standardvärde) kommer från servern (dashboards/urlfilter.py, FALT): ingen egen kopia här. */
      var nu = window.dash_clientside.no_update;
      var args = Array.prototype.slice.call(arguments, 2);
      var std = args.pop() || {};
      var falt = (std.falt || []).filter(function (f) { return f.filterrad; });
      var utlost = ((window.dash_clientside.callback_context.triggered || [])[0] || {}).prop_id || "";
      var lika = function (a, b) { return JSON.stringify(a || []) === JSON.stringify(b || []); };
      // Fältets värde när adressen inget säger: standardperioden för månaderna, fältets standard annars.
      var standard = function (f) { return f.slag === "manad" ? (std[f.namn] || "") : (f.standard || ""); };
      if (utlost === "" || utlost.indexOf("_pages_location") === 0) {
        var q = new URLSearchParams(search || "");
        return [nu].concat(falt.map(function (f, i) {
          if (f.slag === "lista") {
            var lista = (q.get(f.namn) || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
            return lika(lista, args[i]) ? nu : lista;
          }
          var varde = q.get(f.namn) || standard(f);
          return varde === args[i] ? nu : varde;
        }));
      }
      var helaRegionen = utlost.indexOf("visa-hela-gr") === 0;
      // Sidornas egna val (?visa=…) står kvar; filtrets fält skrivs om, utom sina standardvärden.
      var ut = new URLSearchParams(search || "");
      falt.forEach(function (f, i) {
        ut.delete(f.namn);
        var varde = (f.namn === "kommun" && helaRegionen) ? [] : args[i];
        if (f.slag === "lista") {
          if ((varde || []).length) { ut.set(f.namn, varde.join(",")); }
        } else if (varde && varde !== standard(f)) {
          ut.set(f.namn, varde);
        }
      });
      var ny = ut.toString().replace(/%2C/g, ",");
      ny = ny ? "?" + ny : "";
      return [ny === (search || "") ? nu : ny].concat(falt.map(function (f) {
        return (f.namn === "kommun" && helaRegionen) ? [] : nu;
      }));
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
          return v === String(varden[i]) ? nu : v;
        })];
      }
      (ids || []).forEach(function (id, i) {
        var v = varden[i] === null || varden[i] === undefined ? "" : String(varden[i]);
        if (v && v !== id.standard) { q.set(id.sidval, v); } else { q.delete(id.sidval); }
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
      var falt = ((standard || {}).falt || []).filter(function (f) { return f.filterrad; })
        .map(function (f) { return f.namn; });
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
