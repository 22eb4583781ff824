-- @personer uppfoljda_90, arbete_studier_90
-- @kvot andel_arbete_studier_90 = arbete_studier_90 / uppfoljda_90
-- @nyckel ar, kvartal
-- Kommunprofilens resultat över tid: insatser som avslutades i perioden och följdes upp 90 dagar efter, per
-- avslutskvartal, för kommunen ($kommun, niva 'kommun') och regionen ('region'). Kvartal i stället för månad:
-- en kommuns månad har ofta färre än fem uppföljda, och de döljs.
WITH kvartal AS (
    SELECT DISTINCT year(m) AS ar, quarter(m) AS kvartal
    FROM range(date_trunc('month', $fran), $till, INTERVAL 1 MONTH) t(m)
),
d AS (
    -- Ur det förberäknade aggregatet per avslutsmånad (ingest/sql/aggregat.sql).
    SELECT kommun_kod, year(manad) AS ar, quarter(manad) AS kvartal, uppfoljda_90, uppfoljda_90__rkey,
           arbete_studier_90, arbete_studier_90__rkey
    FROM utfall_i_urvalet($fran, $till, $malgrupper, $kon)
),
niva AS (SELECT * FROM (VALUES ('kommun'), ('region')) v(niva))
SELECT k.ar, k.kvartal, n.niva,
       coalesce(sum(d.uppfoljda_90), 0) AS uppfoljda_90,
       coalesce(sum(d.arbete_studier_90), 0) AS arbete_studier_90,
       sum(d.arbete_studier_90) * 1.0 / nullif(sum(d.uppfoljda_90), 0) AS andel_arbete_studier_90,
       coalesce(sum(d.uppfoljda_90__rkey), 0) % 256 AS uppfoljda_90__ckey,
       coalesce(sum(d.arbete_studier_90__rkey), 0) % 256 AS arbete_studier_90__ckey
FROM kvartal k CROSS JOIN niva n
LEFT JOIN d ON d.ar = k.ar AND d.kvartal = k.kvartal AND (n.niva = 'region' OR d.kommun_kod = $kommun)
GROUP BY k.ar, k.kvartal, n.niva
ORDER BY n.niva, k.ar, k.kvartal;
