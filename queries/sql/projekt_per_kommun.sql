-- @personer deltagare
-- @grupper grupper
-- @matt kommuner
-- Deltagare per projekt och kommun, och projektets summa (kommun_namn NULL, totalrad). Ur det förberäknade
-- aggregatet (agg_projekt), utan period: samma urval som projekt_resultat.sql. Ett projektvärde som inget
-- projekt har visas med sitt eget namn.
WITH per_kommun AS (
    SELECT coalesce(p.projekt, a.projekt) AS projekt, k.kommun_namn, sum(a.deltagare) AS deltagare,
           sum(a.deltagare__rkey) AS deltagare__ckey
    FROM agg_projekt a
    JOIN kommun k USING (kommun_kod)
    LEFT JOIN projekt p USING (projekt_nyckel)
    WHERE len($kommuner) = 0 OR list_contains($kommuner, a.kommun_kod)
    GROUP BY ALL
)
SELECT projekt, kommun_namn, CAST(deltagare AS BIGINT) AS deltagare, FALSE AS totalrad,
       count(*) OVER (PARTITION BY projekt) AS kommuner, [projekt] AS grupper, deltagare__ckey % 256 AS deltagare__ckey
FROM per_kommun
UNION ALL
SELECT projekt, NULL, sum(deltagare), TRUE, count(*), [], sum(deltagare__ckey) % 256 FROM per_kommun GROUP BY projekt
ORDER BY projekt, totalrad, kommun_namn;
