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
    SELECT kommun_kod, rkey, year(slutdatum) AS ar, quarter(slutdatum) AS kvartal,
           status_90 IN ('I arbete', 'I studier') AS arbete_studier
    FROM deltagare
    WHERE slutdatum BETWEEN $fran AND $till AND status_90 IS NOT NULL
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
),
niva AS (SELECT * FROM (VALUES ('kommun'), ('region')) v(niva))
SELECT k.ar, k.kvartal, n.niva,
       count(d.rkey) AS uppfoljda_90,
       count(d.rkey) FILTER (WHERE d.arbete_studier) AS arbete_studier_90,
       count(d.rkey) FILTER (WHERE d.arbete_studier) * 1.0 / nullif(count(d.rkey), 0) AS andel_arbete_studier_90,
       coalesce(sum(d.rkey), 0) % 256 AS uppfoljda_90__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.arbete_studier), 0) % 256 AS arbete_studier_90__ckey
FROM kvartal k CROSS JOIN niva n
LEFT JOIN d ON d.ar = k.ar AND d.kvartal = k.kvartal AND (n.niva = 'region' OR d.kommun_kod = $kommun)
GROUP BY k.ar, k.kvartal, n.niva
ORDER BY n.niva, k.ar, k.kvartal;
