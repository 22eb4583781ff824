-- @personer besatta_platser
-- @kvot andel_besatta = besatta_platser / platser
-- @kvot besatta_per_1000 = besatta_platser / befolkning
-- @belopp budget_ar_kr, budget_hittills_kr, utfall_hittills_kr, prognos_kr
-- @andel utnyttjande, prognos_andel
-- @matt befolkning, platser, manader_med_utfall
-- Besatta platser (budgetfilens "antal anställda") är antal personer: de störs och döljs som andra antal,
-- med budgetradernas postnycklar (besatta_platser__ckey) i stället för deltagarnas.
-- Extratjänster år $ar t.o.m. månad $till_manad: tilldelat, förbrukat, platser och årsprognos.
-- Prognosen är takten hittills (förbrukat per månad med utfall) gånger tolv.
WITH b AS (
    SELECT kommun_kod,
        sum(budget_kr) AS budget_ar_kr,
        -- "Hittills" = månader t.o.m. $till_manad som har rapporterat utfall.
        sum(budget_kr) FILTER (WHERE coalesce(manad, 12) <= $till_manad AND utfall_kr IS NOT NULL) AS budget_hittills_kr,
        sum(utfall_kr) FILTER (WHERE coalesce(manad, 12) <= $till_manad) AS utfall_hittills_kr,
        count(DISTINCT manad) FILTER (WHERE utfall_kr IS NOT NULL AND manad <= $till_manad) AS manader_med_utfall,
        avg(budget_platser) FILTER (WHERE coalesce(manad, 12) <= $till_manad) AS platser,
        avg(utfall_platser) FILTER (WHERE coalesce(manad, 12) <= $till_manad) AS besatta_platser,
        coalesce(sum(rkey) FILTER (WHERE coalesce(manad, 12) <= $till_manad AND utfall_platser IS NOT NULL), 0)
            AS besatta_platser__ckey
    FROM budget
    WHERE budgetpost = 'Extratjänster' AND ar = $ar
    GROUP BY kommun_kod
),
rader AS (
    SELECT 'kommun' AS niva, k.kommun_kod, k.kommun_namn, k.befolkning, b.* EXCLUDE (kommun_kod)
    FROM kommun k LEFT JOIN b USING (kommun_kod)
    UNION ALL
    -- Regionens rad (niva 'region', utan kod och namn: sidorna ger den regionens namn).
    SELECT 'region', NULL, NULL, CASE WHEN count(k.befolkning) = count(*) THEN sum(k.befolkning) END, sum(budget_ar_kr), sum(budget_hittills_kr), sum(utfall_hittills_kr),
           max(manader_med_utfall), sum(platser), sum(besatta_platser), sum(besatta_platser__ckey)
    FROM kommun k LEFT JOIN b USING (kommun_kod)
)
SELECT * REPLACE (besatta_platser__ckey % 256 AS besatta_platser__ckey),
    utfall_hittills_kr / nullif(budget_hittills_kr, 0) AS utnyttjande,
    besatta_platser / nullif(platser, 0) AS andel_besatta,
    besatta_platser * 1000.0 / nullif(befolkning, 0) AS besatta_per_1000,
    utfall_hittills_kr / nullif(manader_med_utfall, 0) * 12 AS prognos_kr,
    utfall_hittills_kr / nullif(manader_med_utfall, 0) * 12 / nullif(budget_ar_kr, 0) AS prognos_andel,
    (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod)) AS vald
FROM rader
ORDER BY niva = 'region', kommun_namn;
