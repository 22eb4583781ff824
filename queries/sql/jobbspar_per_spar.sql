-- @personer deltagare, avslutade, arbete_studier_90
-- @grupper grupper
-- Jobbspår i urvalet, summerade över de valda kommunerna, och summan av alla (totalrad).
-- Deltagarna per jobbspår och kommun ur makrot jobbspar_per_kommun (queries/makron.sql), i de valda kommunerna.
WITH per_kommun AS (
    SELECT * FROM jobbspar_per_kommun($fran, $till, $malgrupper, $kon)
    WHERE len($kommuner) = 0 OR list_contains($kommuner, kommun_kod)
),
per_spar AS (
    SELECT j.kluster, j.jobbspar,
           coalesce(sum(d.deltagare), 0) AS deltagare,
           coalesce(sum(d.avslutade), 0) AS avslutade,
           coalesce(sum(d.arbete_studier_90), 0) AS arbete_studier_90,
           coalesce(sum(d.deltagare__r), 0) AS deltagare__ckey,
           coalesce(sum(d.avslutade__r), 0) AS avslutade__ckey,
           coalesce(sum(d.arbete_studier_90__r), 0) AS arbete_studier_90__ckey
    FROM jobbspar j
    LEFT JOIN per_kommun d ON d.jobbspar = j.jobbspar AND d.kommun_kod = j.kommun_kod
    WHERE len($kommuner) = 0 OR list_contains($kommuner, j.kommun_kod)
    GROUP BY j.kluster, j.jobbspar
)
-- Cellnycklarna (postnycklarnas summa mod 256) summeras som antalen: totalradens nyckel gäller samma personer.
SELECT kluster, jobbspar, CAST(deltagare AS BIGINT) AS deltagare, CAST(avslutade AS BIGINT) AS avslutade,
       CAST(arbete_studier_90 AS BIGINT) AS arbete_studier_90, FALSE AS totalrad, ['alla'] AS grupper,
       deltagare__ckey % 256 AS deltagare__ckey, avslutade__ckey % 256 AS avslutade__ckey,
       arbete_studier_90__ckey % 256 AS arbete_studier_90__ckey
FROM per_spar
UNION ALL
SELECT NULL, NULL, sum(deltagare), sum(avslutade), sum(arbete_studier_90), TRUE, [],
       sum(deltagare__ckey) % 256, sum(avslutade__ckey) % 256, sum(arbete_studier_90__ckey) % 256
FROM per_spar
ORDER BY totalrad, kluster, jobbspar;
