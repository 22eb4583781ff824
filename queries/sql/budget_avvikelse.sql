-- @belopp budget_ar_kr, budget_fg_kr
-- @andel forandring, gr_forandring, avvikelse
-- @nyckel till_manad
-- Lokala avvikelser: varje kommuns förändring av tilldelningen mot samma månader året innan,
-- jämförd med GR som helhet. Flaggas när skillnaden är större än $avvikelsegrans (andel, 0,1 = 10 procentenheter).
WITH per_kommun AS (
    SELECT kommun_kod, kommun_namn, any_value(sista) AS sista,
        sum(budget_kr) FILTER (WHERE ar = $ar) AS budget_ar_kr,
        sum(budget_kr) FILTER (WHERE ar = $ar - 1) AS budget_fg_kr,
        string_agg(DISTINCT kommentar, ' ') FILTER (WHERE kommentar IS NOT NULL) AS kommentar
    FROM extratjanst_jamforelse($ar)
    GROUP BY kommun_kod, kommun_namn
),
gr AS (SELECT sum(budget_ar_kr) / nullif(sum(budget_fg_kr), 0) - 1 AS forandring FROM per_kommun)
SELECT p.* EXCLUDE (sista),
    p.budget_ar_kr / nullif(p.budget_fg_kr, 0) - 1 AS forandring,
    gr.forandring AS gr_forandring,
    p.budget_ar_kr / nullif(p.budget_fg_kr, 0) - 1 - gr.forandring AS avvikelse,
    coalesce(abs(p.budget_ar_kr / nullif(p.budget_fg_kr, 0) - 1 - gr.forandring) > $avvikelsegrans, FALSE) AS flaggad,
    p.sista AS till_manad
FROM per_kommun p, gr
ORDER BY avvikelse NULLS LAST, kommun_namn;
