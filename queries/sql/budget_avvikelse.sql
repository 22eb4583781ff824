-- @belopp budget_ar_kr, budget_fg_kr
-- @andel forandring, gr_forandring, avvikelse
-- @nyckel till_manad
-- Lokala avvikelser: varje kommuns förändring av tilldelningen mot samma månader året innan,
-- jämförd med GR som helhet. Flaggas när skillnaden är större än $troskel (andel, 0,1 = 10 procentenheter).
WITH manader AS (
    SELECT coalesce(max(manad), 12) AS sista FROM budget WHERE budgetpost = 'Extratjänster' AND ar = $ar
),
per_kommun AS (
    SELECT k.kommun_kod, k.kommun_namn,
        sum(b.budget_kr) FILTER (WHERE b.ar = $ar) AS budget_ar_kr,
        sum(b.budget_kr) FILTER (WHERE b.ar = $ar - 1) AS budget_fg_kr,
        string_agg(DISTINCT b.kommentar, ' ') FILTER (WHERE b.ar IN ($ar, $ar - 1) AND b.kommentar IS NOT NULL) AS kommentar
    FROM kommun k
    LEFT JOIN budget b ON b.kommun_kod = k.kommun_kod AND b.budgetpost = 'Extratjänster'
         AND b.ar IN ($ar, $ar - 1) AND coalesce(b.manad, 12) <= (SELECT sista FROM manader)
    GROUP BY k.kommun_kod, k.kommun_namn
),
gr AS (SELECT sum(budget_ar_kr) / nullif(sum(budget_fg_kr), 0) - 1 AS forandring FROM per_kommun)
SELECT p.*,
    p.budget_ar_kr / nullif(p.budget_fg_kr, 0) - 1 AS forandring,
    gr.forandring AS gr_forandring,
    p.budget_ar_kr / nullif(p.budget_fg_kr, 0) - 1 - gr.forandring AS avvikelse,
    coalesce(abs(p.budget_ar_kr / nullif(p.budget_fg_kr, 0) - 1 - gr.forandring) > $troskel, FALSE) AS flaggad,
    (SELECT sista FROM manader) AS till_manad
FROM per_kommun p, gr
ORDER BY avvikelse NULLS LAST, kommun_namn;
