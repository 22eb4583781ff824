-- @personer i_arbete_90, kvar_365
-- @kvot andel_kvar = kvar_365 / i_arbete_90
-- Hur varaktigt resultatet är (kommunprofilen): av dem som var i arbete eller studier 90 dagar efter ett avslut i
-- perioden och har en uppföljning 12 månader efter, hur många som fortfarande var det då. Tomt (0) när filerna
-- saknar status_365.
SELECT coalesce(sum(v_n), 0) AS i_arbete_90, coalesce(sum(v_r), 0) % 256 AS i_arbete_90__ckey,
       coalesce(sum(v_s), 0) AS kvar_365, coalesce(sum(v_rs), 0) % 256 AS kvar_365__ckey,
       sum(v_s) * 1.0 / nullif(sum(v_n), 0) AS andel_kvar
-- Ur det förberäknade aggregatet per avslutsmånad (ingest/sql/aggregat.sql).
FROM agg_utfall_skikt
WHERE kommun_kod = $kommun AND manad BETWEEN date_trunc('month', $fran) AND $till
  AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
  AND ($kon = '' OR kon = $kon);
