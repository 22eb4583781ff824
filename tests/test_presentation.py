"""Projektorläget i riktig Chromium: byter bild av sig själv, lyder tangenterna, stor text och hög kontrast."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.webb import _konsolfel, _vanta

GR = "Hela Göteborgsregionen"

# Minsta kontrast mellan text och närmaste bakgrund, för all synlig text i projektorläget (WCAG-formeln).
KONTRAST_JS = """
function lum(c) {
  const v = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
             .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function bakgrund(el) {
  while (el) {
    const b = getComputedStyle(el).backgroundColor;
    if (b && !b.startsWith('rgba(0, 0, 0, 0)') && b !== 'transparent') { return b; }
    el = el.parentElement;
  }
  return 'rgb(255, 255, 255)';
}
let minst = 99, var_ = '';
for (const el of document.querySelectorAll('.presentation h1, .presentation h2, .presentation p, .presentation span, .presentation summary, .presentation label, .presentation button, .presentation li, .presentation strong')) {
  if (!el.checkVisibility() || !el.textContent.trim()) { continue; }
  const a = lum(getComputedStyle(el).color), b = lum(bakgrund(el));
  const k = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (k < minst) { minst = k; var_ = el.className + ' ' + el.textContent.slice(0, 30); }
}
return [minst, var_];
"""

STORLEKAR_JS = """
const ut = [];
for (const el of document.querySelectorAll('.presentation h1, .presentation h2, .presentation p, .presentation span, .presentation summary, .presentation label, .presentation button, .presentation li, .presentation strong, .presentation svg text')) {
  if (!el.checkVisibility() || !el.textContent.trim()) { continue; }
  if (el.closest('.visually-hidden')) { continue; }
  ut.push([el.tagName, parseFloat(getComputedStyle(el).fontSize), el.textContent.slice(0, 30)]);
}
return ut;
"""


def _rubrik(br):
    return br.find_element("#bild-rubrik").text


def _tangent(br, tangent):
    br.driver.find_element(By.TAG_NAME, "body").send_keys(tangent)


def _oppna(br, server_url, fraga):
    br.driver.get(server_url + "/presentation" + fraga)
    _vanta(br, lambda: _rubrik(br) == GR)
    _vanta(br, lambda: br.find_element("#bild-nummer").text.startswith("Bild 1 av"))


def test_byter_bild_av_sig_sjalv(dash_br, server):
    _oppna(dash_br, server, "?sekunder=3")
    _vanta(dash_br, lambda: _rubrik(dash_br) == "Ale", tid=15)  # kommunerna i bokstavsordning efter GR
    _vanta(dash_br, lambda: _rubrik(dash_br) == "Alingsås", tid=15)
    assert "Nästa bild om" in dash_br.find_element("#bild-nedrakning").text
    assert _konsolfel(dash_br) == []


def test_tangenterna_styr(dash_br, server):
    _oppna(dash_br, server, "?sekunder=600&bilder=gr,kommuner,kluster")
    _tangent(dash_br, Keys.ARROW_RIGHT)
    _vanta(dash_br, lambda: _rubrik(dash_br) == "Ale")
    _tangent(dash_br, Keys.ARROW_RIGHT)
    _vanta(dash_br, lambda: _rubrik(dash_br) == "Alingsås")
    _tangent(dash_br, Keys.ARROW_LEFT)
    _vanta(dash_br, lambda: _rubrik(dash_br) == "Ale")
    _tangent(dash_br, Keys.HOME)
    _vanta(dash_br, lambda: _rubrik(dash_br) == GR)
    _tangent(dash_br, Keys.ARROW_LEFT)  # bakåt från första: sista bilden, ett kluster
    _vanta(dash_br, lambda: _rubrik(dash_br).startswith("Kluster"))
    _tangent(dash_br, Keys.ESCAPE)
    _vanta(dash_br, lambda: dash_br.find_element("h1").text == "Översikt")


def test_mellanslag_pausar(dash_br, server):
    _oppna(dash_br, server, "?sekunder=3")
    _tangent(dash_br, " ")
    _vanta(dash_br, lambda: "Pausad" in dash_br.find_element("#bild-nedrakning").text)
    tick = int(dash_br.find_element("#bild-nedrakning").get_attribute("data-tick"))
    # Fem klockslag senare (mer än de tre sekunderna per bild) står samma bild kvar.
    _vanta(dash_br, lambda: int(dash_br.find_element("#bild-nedrakning").get_attribute("data-tick")) >= tick + 5, tid=20)
    assert _rubrik(dash_br) == GR
    _tangent(dash_br, " ")
    _vanta(dash_br, lambda: _rubrik(dash_br) == "Ale", tid=15)


@pytest.mark.parametrize("storlek", [(1920, 1080), (1280, 720)])
def test_lasbart_fran_bakersta_raden(dash_br, server, storlek):
    # Exakt visningsyta som en projektor i helskärm, inte ett fönster med ram.
    dash_br.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": storlek[0], "height": storlek[1], "deviceScaleFactor": 1, "mobile": False})
    try:
        for fraga in ("?sekunder=600", "?sekunder=600&bilder=kluster"):
            dash_br.driver.get(server + "/presentation" + fraga)
            _vanta(dash_br, lambda: dash_br.find_element("#bild-nummer").text.startswith("Bild 1 av"))
            _vanta(dash_br, lambda: _rubrik(dash_br) not in ("", "Projektorläge"))
            if "kluster" not in fraga:
                # Regionens bild har regionens diagram; dess text mäts också.
                dash_br.wait_for_element("#bild-regiondiagram .main-svg text", timeout=30)
            for tagg, storlek_px, text in dash_br.driver.execute_script(STORLEKAR_JS):
                minst = 32 if tagg in ("H1", "H2") else 24
                assert storlek_px >= minst, f"{tagg} '{text}' är {storlek_px} px"
            kontrast, var_ = dash_br.driver.execute_script(KONTRAST_JS)
            assert kontrast >= 7, f"kontrast {kontrast:.1f}:1 vid {var_}"
            assert "antal under 5 visas inte" in dash_br.find_element("#bild-datum").text
            assert "deltagare 2026-10-31" in dash_br.find_element("#bild-datum").text
            if "kluster" not in fraga:
                hojd = dash_br.driver.execute_script("return [document.documentElement.scrollHeight, window.innerHeight]")
                assert hojd[0] <= hojd[1], f"bilden rullar: {hojd[0]} px innehåll i {hojd[1]} px"
    finally:
        dash_br.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
