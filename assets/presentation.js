/* Projektorläget styrs med tangentbordet: mellanslag pausar, pilarna stegar, Home till början, Escape lämnar. */
document.addEventListener("keydown", function (e) {
  if (!document.getElementById("presentation")) { return; }
  var mal = e.target || {};
  if (["INPUT", "SELECT", "TEXTAREA", "SUMMARY", "BUTTON", "A"].indexOf(mal.tagName) >= 0 && e.key !== "Escape") { return; }
  if ([" ", "ArrowRight", "ArrowLeft", "Home", "Escape"].indexOf(e.key) < 0) { return; }
  e.preventDefault();
  if (e.key === "Escape") {
    window.location.href = "/" + window.location.search;
    return;
  }
  window.dash_clientside.set_props("bild-tangent", {data: {tangent: e.key, tid: Date.now()}});
});
