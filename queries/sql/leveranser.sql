-- @roller styrgrupp, forvaltare
-- @matt framtida, antal_saknade
-- Per källa (Datakvalitet): den senaste filen, vem som lämnade in den och när, när nästa väntas för de
-- månatliga källorna, månader utan data mellan den första och den sista, och rader med ett datum efter
-- leveransen (en start i framtiden är ett datafel, liksom utfall för en månad som inte hunnit ta slut).
WITH senaste AS (
    SELECT l.file_type AS kalla, arg_max(l.file_name, l.import_id) AS fil,
           arg_max(coalesce(v.levererad_av, 'inkorgen eller kommandoraden'), l.import_id) AS levererad_av,
           max(l.imported_at) AS inlast
    FROM import_log l LEFT JOIN leverans v USING (import_id)
    WHERE l.status <> 'refuserad' AND l.file_type IS NOT NULL
    GROUP BY l.file_type
),
framtida AS (
    SELECT 'deltagare' AS kalla, count(*) AS antal
    FROM deltagare d JOIN import_log l USING (import_id)
    WHERE d.startdatum > CAST(l.imported_at AS DATE)
    UNION ALL
    SELECT 'budget', count(*)
    FROM budget b JOIN import_log l USING (import_id)
    WHERE b.utfall_kr IS NOT NULL AND b.manad IS NOT NULL
      AND make_date(b.ar, b.manad, 1) > CAST(l.imported_at AS DATE)
),
manader AS (
    SELECT DISTINCT 'deltagare' AS kalla, CAST(date_trunc('month', startdatum) AS DATE) AS manad FROM deltagare
    UNION ALL
    SELECT DISTINCT 'budget', make_date(ar, manad, 1) FROM budget WHERE manad IS NOT NULL
    UNION ALL
    SELECT DISTINCT 'arbetsmarknad', CAST(date_trunc('month', manad) AS DATE) FROM arbetsmarknad
),
spann AS (
    SELECT kalla, unnest(range(min(manad), max(manad) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)) AS manad
    FROM manader GROUP BY kalla
),
saknade AS (
    SELECT s.kalla, list(strftime(s.manad, '%Y-%m') ORDER BY s.manad) AS manader
    FROM spann s ANTI JOIN manader m ON m.kalla = s.kalla AND m.manad = CAST(s.manad AS DATE)
    GROUP BY s.kalla
)
SELECT t.kalla, s.fil, s.levererad_av, s.inlast,
       CASE WHEN t.kalla IN ('deltagare', 'budget', 'arbetsmarknad') AND s.inlast IS NOT NULL
            THEN CAST(s.inlast + INTERVAL 1 MONTH AS DATE) END AS nasta,
       coalesce(f.antal, 0) AS framtida,
       coalesce(len(k.manader), 0) AS antal_saknade,
       coalesce(array_to_string(k.manader[1:6], ', '), '') AS saknade
FROM (VALUES ('deltagare'), ('budget'), ('jobbspar'), ('projekt'), ('arbetsmarknad'), ('kolada'), ('befolkning'))
     t(kalla)
LEFT JOIN senaste s USING (kalla)
LEFT JOIN framtida f USING (kalla)
LEFT JOIN saknade k USING (kalla)
ORDER BY t.kalla;
