-- Kommunens folkmängd det senaste året i SCB-filerna: alla åldrar och 16–64 år.
-- Totalt (kön T) när filen har det, annars kvinnor + män; åldersrader när de finns, annars raden "totalt ålder".
UPDATE kommun SET befolkning = CAST(s.alla AS INTEGER), befolkning_ar = s.ar,
                  befolkning_16_64 = CAST(s.a16_64 AS INTEGER)
FROM (
    WITH per_kon AS (
        SELECT kommun_kod, ar, kon,
               CASE WHEN count(alder) > 0 THEN sum(antal) FILTER (WHERE alder IS NOT NULL) ELSE sum(antal) END AS alla,
               sum(antal) FILTER (WHERE alder BETWEEN 16 AND 64) AS a16_64
        FROM befolkning GROUP BY kommun_kod, ar, kon
    ), per_ar AS (
        SELECT kommun_kod, ar,
               coalesce(max(alla) FILTER (WHERE kon = 'T'), sum(alla) FILTER (WHERE kon IN ('K', 'M'))) AS alla,
               coalesce(max(a16_64) FILTER (WHERE kon = 'T'), sum(a16_64) FILTER (WHERE kon IN ('K', 'M'))) AS a16_64
        FROM per_kon GROUP BY kommun_kod, ar
    )
    SELECT * FROM per_ar QUALIFY row_number() OVER (PARTITION BY kommun_kod ORDER BY ar DESC) = 1
) s
WHERE kommun.kommun_kod = s.kommun_kod;
