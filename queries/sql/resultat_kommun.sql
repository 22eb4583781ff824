-- @personer uppfoljda, i_arbete_studier
-- @kvot andel = i_arbete_studier / uppfoljda
-- @andel forvantad
-- En kommuns resultat 90 dagar efter mot förväntat (kommunprofilen och projektorns kommunbilder): samma tal som
-- kommunens rad i resultat_forvantat.sql, men ur kommunens egna skikt och regionens skikt
-- (agg_utfall_skikt_region) i stället för alla kommuners: regionens andel i skiktet utan kommunen själv.
WITH egen AS (
    SELECT coalesce(malgrupp, '?') AS malgrupp, coalesce(kon, '?') AS kon, bistand, insats, aldersgrupp,
           sum(n90) AS n, sum(s90) AS s, sum(r90) AS r, sum(rs90) AS rs
    FROM agg_utfall_skikt
    WHERE kommun_kod = $kommun AND manad BETWEEN date_trunc('month', $fran) AND $till
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
    GROUP BY ALL HAVING sum(n90) > 0
),
region AS (
    SELECT coalesce(malgrupp, '?') AS malgrupp, coalesce(kon, '?') AS kon, bistand, insats, aldersgrupp,
           sum(n90) AS n, sum(s90) AS s
    FROM agg_utfall_skikt_region
    WHERE manad BETWEEN date_trunc('month', $fran) AND $till
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
    GROUP BY ALL
),
skikt AS (
    SELECT e.*, CASE WHEN g.n > e.n THEN (g.s - e.s) * 1.0 / (g.n - e.n) ELSE e.s * 1.0 / e.n END AS skiktandel
    FROM egen e JOIN region g USING (malgrupp, kon, bistand, insats, aldersgrupp)
)
SELECT k.kommun_kod AS enhet, k.kommun_namn AS namn,
       coalesce(sum(n), 0) AS uppfoljda, coalesce(sum(r), 0) % 256 AS uppfoljda__ckey,
       coalesce(sum(s), 0) AS i_arbete_studier, coalesce(sum(rs), 0) % 256 AS i_arbete_studier__ckey,
       sum(s) * 1.0 / nullif(sum(n), 0) AS andel,
       CASE WHEN sum(n) >= 20 THEN sum(n * skiktandel) / sum(n) END AS forvantad
FROM kommun k LEFT JOIN skikt ON true
WHERE k.kommun_kod = $kommun
GROUP BY k.kommun_kod, k.kommun_namn;
