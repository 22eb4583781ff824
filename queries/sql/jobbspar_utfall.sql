-- @personer startade, avslutade, uppfoljda_90, arbete_studier_90
-- @kvot andel_arbete_studier_90 = arbete_studier_90 / uppfoljda_90
-- Summan av flödet i jobbspar_flode.sql: påbörjade under perioden och hur det gick.
WITH d AS (
    SELECT * FROM jobbspar_startade($fran, $till, $kommuner, $kluster, $malgrupper, $kon)
)
SELECT count(*) AS startade,
       count(*) FILTER (WHERE slutdatum <= current_date) AS avslutade,
       count(*) FILTER (WHERE slutdatum <= current_date AND status_90 IS NOT NULL) AS uppfoljda_90,
       count(*) FILTER (WHERE slutdatum <= current_date AND status_90 IN ('I arbete', 'I studier')) AS arbete_studier_90,
       count(*) FILTER (WHERE slutdatum <= current_date AND status_90 IN ('I arbete', 'I studier')) * 1.0
           / nullif(count(*) FILTER (WHERE slutdatum <= current_date AND status_90 IS NOT NULL), 0) AS andel_arbete_studier_90,
       coalesce(sum(rkey), 0) % 256 AS startade__ckey,
       coalesce(sum(rkey) FILTER (WHERE slutdatum <= current_date), 0) % 256 AS avslutade__ckey,
       coalesce(sum(rkey) FILTER (WHERE slutdatum <= current_date AND status_90 IS NOT NULL), 0) % 256 AS uppfoljda_90__ckey,
       coalesce(sum(rkey) FILTER (WHERE slutdatum <= current_date AND status_90 IN ('I arbete', 'I studier')), 0) % 256
           AS arbete_studier_90__ckey
FROM d;
