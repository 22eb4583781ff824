-- @personer antal
-- @grupper fran_steg
-- Varje antal har sin cellnyckel (antal__ckey = postnycklarnas summa mod 256) för störningen i queries/storning.py.
-- Flödet start -> avslut -> läget 90 dagar efter, för jobbspår i urvalet (Sankey).
WITH d AS (
    SELECT * FROM jobbspar_startade($fran, $till, $kommuner, $kluster, $malgrupper, $kon)
)
SELECT 'Påbörjat jobbspår' AS fran_steg,
       CASE WHEN slutdatum IS NULL OR slutdatum > current_date THEN 'Pågår' ELSE coalesce(avslutsorsak, 'Okänd orsak') END AS till_steg,
       count(*) AS antal, sum(rkey) % 256 AS antal__ckey
FROM d GROUP BY ALL
UNION ALL
SELECT coalesce(avslutsorsak, 'Okänd orsak'), coalesce(status_90, 'Ej uppföljd ännu'), count(*), sum(rkey) % 256
FROM d WHERE slutdatum <= current_date GROUP BY ALL
ORDER BY 1, 2;
