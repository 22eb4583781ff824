-- @personer deltagare
-- @grupper grupper
-- @matt kommuner
-- Deltagare per projekt och kommun, och projektets summa (kommun_namn NULL, totalrad).
WITH per_kommun AS (
    SELECT coalesce(p.projekt, d.projekt) AS projekt, k.kommun_namn, count(*) AS deltagare, sum(d.rkey) AS deltagare__ckey
    FROM deltagare d
    JOIN kommun k USING (kommun_kod)
    LEFT JOIN projekt p ON d.projekt IN (p.projekt_id, p.projekt)
    WHERE d.projekt IS NOT NULL
      AND (len($kommuner) = 0 OR list_contains($kommuner, d.kommun_kod))
    GROUP BY ALL
)
SELECT projekt, kommun_namn, deltagare, FALSE AS totalrad, count(*) OVER (PARTITION BY projekt) AS kommuner,
       [projekt] AS grupper, deltagare__ckey % 256 AS deltagare__ckey
FROM per_kommun
UNION ALL
SELECT projekt, NULL, sum(deltagare), TRUE, count(*), [], sum(deltagare__ckey) % 256 FROM per_kommun GROUP BY projekt
ORDER BY projekt, totalrad, kommun_namn;
