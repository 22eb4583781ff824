-- @matt kommun_antal, region_antal
-- AF:s målgrupp ($afkod) per månad för en kommun och för regionen, under filtrets period. Offentlig statistik.
-- Totalt (T) om det finns, annars kvinnor + män när båda är kända; en dold månad är NULL, aldrig noll.
WITH per_manad AS (
    SELECT kommun_kod, manad,
        coalesce(max(antal) FILTER (WHERE kon = 'T'),
                 CASE WHEN count(antal) FILTER (WHERE kon IN ('K', 'M')) = 2
                      THEN sum(antal) FILTER (WHERE kon IN ('K', 'M')) END) AS antal
    FROM arbetsmarknad
    WHERE afkod = $afkod AND manad BETWEEN date_trunc('month', $fran) AND $till
    GROUP BY kommun_kod, manad
)
SELECT manad,
    max(antal) FILTER (WHERE kommun_kod = $kommun) AS kommun_antal,
    CASE WHEN count(antal) = (SELECT count(*) FROM kommun) THEN sum(antal) END AS region_antal
FROM per_manad GROUP BY manad ORDER BY manad;
