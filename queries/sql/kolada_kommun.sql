-- @matt varde_ar, varde_fg, region_viktat, region_summa
-- @nyckel ar
-- Koladas nyckeltal för en kommun det senaste året med data (högst $ar) och året innan, bredvid regionen.
-- Regionens värde både som summa (för antal) och vägt med folkmängden (för andelar): figures/kommun.py
-- väljer efter nyckeltalets sort. Vikten är Koladas invånare (N01951) samma år, annars lagrets folkmängd.
-- Offentlig statistik: störs inte.
WITH senaste AS (SELECT max(ar) AS ar FROM kolada WHERE ar <= $ar),
v AS (
    SELECT kpi, kommun_kod, ar, varde FROM kolada
    WHERE kon = 'T' AND ar IN ((SELECT ar FROM senaste), (SELECT ar FROM senaste) - 1)
),
vikt AS (
    SELECT k.kommun_kod, y.ar, coalesce(n.varde, k.befolkning) AS folk
    FROM kommun k
    CROSS JOIN (SELECT ar FROM senaste UNION ALL SELECT ar - 1 FROM senaste) y(ar)
    LEFT JOIN v n ON n.kpi = 'N01951' AND n.kommun_kod = k.kommun_kod AND n.ar = y.ar
)
SELECT v.kpi, t.titel, (SELECT ar FROM senaste) AS ar,
    max(v.varde) FILTER (WHERE v.kommun_kod = $kommun AND v.ar = (SELECT ar FROM senaste)) AS varde_ar,
    max(v.varde) FILTER (WHERE v.kommun_kod = $kommun AND v.ar = (SELECT ar FROM senaste) - 1) AS varde_fg,
    sum(v.varde * w.folk) FILTER (WHERE v.ar = (SELECT ar FROM senaste))
        / nullif(sum(w.folk) FILTER (WHERE v.ar = (SELECT ar FROM senaste) AND v.varde IS NOT NULL), 0)
        AS region_viktat,
    sum(v.varde) FILTER (WHERE v.ar = (SELECT ar FROM senaste)) AS region_summa
FROM v JOIN vikt w USING (kommun_kod, ar)
LEFT JOIN kolada_kpi t USING (kpi)
GROUP BY v.kpi, t.titel
ORDER BY v.kpi;
