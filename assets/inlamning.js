/* Lämna in filer: filvalet är ett vanligt <input type="file"> (Dash har ingen sådan komponent), som läggs in
   i rutan när sidan ritas. Att dra filer till rutan sköter webbläsaren själv; formuläret postas som vanligt. */
(function () {
  function laggIn() {
    var ruta = document.getElementById("inlamning-filval");
    if (!ruta || ruta.querySelector("input[type=file]")) {
      return;
    }
    var val = document.createElement("input");
    val.type = "file";
    val.name = "filer";
    val.id = "inlamning-filer";
    val.multiple = true;
    val.required = true;
    val.accept = ".xlsx,.xlsm,.csv,.txt";
    ruta.appendChild(val);
  }
  new MutationObserver(laggIn).observe(document.documentElement, { childList: true, subtree: true });
})();
