-- @nyckel ar, sista_manad
-- År med extratjänstbudget, senaste först, och sista månaden med utfall det året.
SELECT ar, max(manad) FILTER (WHERE utfall_kr IS NOT NULL) AS sista_manad
FROM budget WHERE budgetpost = 'Extratjänster'
GROUP BY ar ORDER BY ar DESC;
