-- @personer besatta_platser
-- @belopp budget_kr, utfall_kr
-- @andel utnyttjande
-- @nyckel ar, manad
-- Tilldelat, förbrukat och besatta platser per månad för urvalet.
SELECT ar, manad,
       sum(budget_kr) AS budget_kr,
       sum(utfall_kr) AS utfall_kr,
       sum(utfall_platser) AS besatta_platser,
       coalesce(sum(rkey) FILTER (WHERE utfall_platser IS NOT NULL), 0) % 256 AS besatta_platser__ckey,
       sum(utfall_kr) / nullif(sum(budget_kr), 0) AS utnyttjande
FROM budget
WHERE budgetpost = 'Extratjänster' AND manad IS NOT NULL
  AND make_date(ar, manad, 1) BETWEEN date_trunc('month', $fran) AND $till
  AND (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod))
GROUP BY ar, manad
ORDER BY ar, manad;
