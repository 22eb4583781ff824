-- @personer aktiva
-- @kvot aktiva_per_1000 = aktiva / befolkning
-- @belopp budget_ar_kr, forbrukat_hittills_kr
-- @andel forbrukat_andel
-- @matt befolkning
-- Kommunprofilens trender per månad i perioden, för kommunen ($kommun, niva 'kommun') och regionen ('region'):
-- aktiva deltagare (personer aktiva någon dag i månaden, med urvalets målgrupp och kön) per 1 000 invånare,
-- och hur stor del av årets extratjänsttilldelning som förbrukats t.o.m. månaden. Cellnyckeln är
-- postnycklarnas summa över samma personer som antalet.
WITH manader AS (
    SELECT CAST(m AS DATE) AS manad FROM range(date_trunc('month', $fran), $till, INTERVAL 1 MONTH) t(m)
),
-- Ur det förberäknade aggregatet (ingest/sql/aggregat.sql): en person räknas en gång per månad och kommun.
-- Regionens tal är kommunernas summa (den som var aktiv i två kommuner samma månad räknas i båda).
aktiva AS (
    SELECT manad,
        sum(personer) FILTER (WHERE kommun_kod = $kommun) AS kommun,
        coalesce(sum(personer__rkey) FILTER (WHERE kommun_kod = $kommun), 0) AS kommun_ck,
        sum(personer) AS region, coalesce(sum(personer__rkey), 0) AS region_ck
    FROM aktiva_i_urvalet($fran, $till, $malgrupper, $kon)
    GROUP BY manad
),
-- Extratjänster: årets tilldelning (alla månader) och förbrukat t.o.m. månaden, bara månader med utfall.
budget_manad AS (
    SELECT ar, manad,
        sum(budget_kr) FILTER (WHERE kommun_kod = $kommun) AS budget_k, sum(utfall_kr) FILTER (WHERE kommun_kod = $kommun) AS utfall_k,
        sum(budget_kr) AS budget_r, sum(utfall_kr) AS utfall_r
    FROM budget WHERE budgetpost = 'Extratjänster' AND ar BETWEEN year($fran) AND year($till)
    GROUP BY ar, manad
),
budget_ar AS (
    SELECT ar, sum(budget_k) AS budget_k, sum(budget_r) AS budget_r FROM budget_manad GROUP BY ar
),
forbrukning AS (
    SELECT m.manad, a.budget_k, a.budget_r,
        CASE WHEN bool_or(b.manad = month(m.manad) AND b.utfall_k IS NOT NULL) THEN sum(b.utfall_k) END AS utfall_k,
        CASE WHEN bool_or(b.manad = month(m.manad) AND b.utfall_r IS NOT NULL) THEN sum(b.utfall_r) END AS utfall_r
    FROM manader m
    LEFT JOIN budget_ar a ON a.ar = year(m.manad)
    LEFT JOIN budget_manad b ON b.ar = year(m.manad) AND b.manad <= month(m.manad)
    GROUP BY m.manad, a.budget_k, a.budget_r
),
folk AS (
    SELECT sum(befolkning) FILTER (WHERE kommun_kod = $kommun) AS kommun,
           -- Regionens folkmängd bara när alla kommuner har en (annars blir kvoten för hög).
           CASE WHEN count(befolkning) = count(*) THEN sum(befolkning) END AS region
    FROM kommun
),
rader AS (
    SELECT m.manad, 'kommun' AS niva, a.kommun AS aktiva, a.kommun_ck AS aktiva__ckey, f.kommun AS befolkning,
           fo.budget_k AS budget_ar_kr, fo.utfall_k AS forbrukat_hittills_kr
    FROM manader m LEFT JOIN aktiva a USING (manad) LEFT JOIN forbrukning fo USING (manad), folk f
    UNION ALL
    SELECT m.manad, 'region', a.region, a.region_ck, f.region, fo.budget_r, fo.utfall_r
    FROM manader m LEFT JOIN aktiva a USING (manad) LEFT JOIN forbrukning fo USING (manad), folk f
)
SELECT manad, niva, coalesce(aktiva, 0) AS aktiva, coalesce(aktiva__ckey, 0) % 256 AS aktiva__ckey, befolkning,
       coalesce(aktiva, 0) * 1000.0 / nullif(befolkning, 0) AS aktiva_per_1000,
       budget_ar_kr, forbrukat_hittills_kr, forbrukat_hittills_kr / nullif(budget_ar_kr, 0) AS forbrukat_andel
FROM rader
ORDER BY niva, manad;
