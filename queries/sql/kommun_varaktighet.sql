-- @personer i_arbete_90, kvar_365
-- @kvot andel_kvar = kvar_365 / i_arbete_90
-- Hur varaktigt resultatet är (kommunprofilen): av dem som var i arbete eller studier 90 dagar efter ett avslut i
-- perioden och har en uppföljning 12 månader efter, hur många som fortfarande var det då. Tomt (0) när filerna
-- saknar status_365.
SELECT count(*) AS i_arbete_90, coalesce(sum(rkey), 0) % 256 AS i_arbete_90__ckey,
       count(*) FILTER (WHERE status_365 IN ('I arbete', 'I studier')) AS kvar_365,
       coalesce(sum(rkey) FILTER (WHERE status_365 IN ('I arbete', 'I studier')), 0) % 256 AS kvar_365__ckey,
       count(*) FILTER (WHERE status_365 IN ('I arbete', 'I studier')) * 1.0 / nullif(count(*), 0) AS andel_kvar
FROM deltagare
WHERE kommun_kod = $kommun AND status_90 IN ('I arbete', 'I studier') AND status_365 IS NOT NULL
  AND slutdatum BETWEEN date_trunc('month', $fran) AND $till
  AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
  AND ($kon = '' OR kon = $kon);
