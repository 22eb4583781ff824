-- @personer aktiva, jobbspar_deltagare, uppfoljda_90, arbete_studier_90
-- @kvot aktiva_per_1000 = aktiva / befolkning
-- @kvot jobbspar_per_1000 = jobbspar_deltagare / befolkning
-- @kvot andel_arbete_studier_90 = arbete_studier_90 / uppfoljda_90
-- @foljer rang_aktiva_per_1000 = aktiva_per_1000
-- @foljer rang_jobbspar = jobbspar_per_1000
-- @foljer rang_andel_arbete_studier_90 = andel_arbete_studier_90
-- @grupper grupper
-- @belopp budget_kr, utfall_kr
-- @andel utnyttjande
-- @matt befolkning
-- @foljer rang_utnyttjande = utnyttjande
-- Nyckeltal per kommun, för urvalet och för hela GR, med rang bland de 13.
-- nivå: 'kommun' (en rad per kommun), 'urval' (valda kommuner tillsammans), 'region' (alla). Regionens rad har
-- inget namn här: sidorna ger den regionens namn (frågan vet inte vilken region lagret byggdes för).
-- Aktiva och deltagare i jobbspår i referensmånaden (filtrets sista månad, högst innevarande månad): personer
-- aktiva någon dag i månaden, ur det förberäknade aggregatet (ingest/sql/aggregat.sql), där varje person
-- räknas en gång per kommun och månad och cellnyckeln är postnycklarnas summa över samma personer.
WITH per_kommun_d AS (
    SELECT kommun_kod,
        sum(personer) AS aktiva, sum(personer__rkey) AS aktiva__ckey,
        sum(jobbspar_personer) AS jobbspar_deltagare, sum(jobbspar_personer__rkey) AS jobbspar_deltagare__ckey
    FROM aktiva_i_urvalet(least($till, current_date), least($till, current_date), $malgrupper, $kon)
    GROUP BY kommun_kod
),
-- Uppföljda 90 dagar efter avslut: summor av insatser, ur det förberäknade aggregatet per avslutsmånad
-- (ingest/sql/aggregat.sql; perioden är hela månader).
utfall AS (
    SELECT kommun_kod, sum(uppfoljda_90) AS uppfoljda_90, sum(uppfoljda_90__rkey) AS uppfoljda_90__ckey,
           sum(arbete_studier_90) AS arbete_studier_90, sum(arbete_studier_90__rkey) AS arbete_studier_90__ckey
    FROM utfall_i_urvalet($fran, $till, $malgrupper, $kon)
    GROUP BY kommun_kod
),
-- Utnyttjande räknas på de månader som har rapporterat utfall.
per_kommun_b AS (
    SELECT kommun_kod, sum(budget_kr) FILTER (WHERE utfall_kr IS NOT NULL) AS budget_kr, sum(utfall_kr) AS utfall_kr
    FROM budget
    WHERE budgetpost = 'Extratjänster' AND ar = year($till) AND coalesce(manad, 12) <= month($till)
    GROUP BY kommun_kod
),
per_kommun AS (
    SELECT k.kommun_kod, k.kommun_namn, k.befolkning,
           coalesce(d.aktiva, 0) AS aktiva, coalesce(d.jobbspar_deltagare, 0) AS jobbspar_deltagare,
           coalesce(u.uppfoljda_90, 0) AS uppfoljda_90, coalesce(u.arbete_studier_90, 0) AS arbete_studier_90,
           coalesce(d.aktiva__ckey, 0) AS aktiva__ckey, coalesce(d.jobbspar_deltagare__ckey, 0) AS jobbspar_deltagare__ckey,
           coalesce(u.uppfoljda_90__ckey, 0) AS uppfoljda_90__ckey,
           coalesce(u.arbete_studier_90__ckey, 0) AS arbete_studier_90__ckey,
           b.budget_kr, b.utfall_kr
    FROM kommun k
    LEFT JOIN per_kommun_d d USING (kommun_kod)
    LEFT JOIN utfall u USING (kommun_kod)
    LEFT JOIN per_kommun_b b USING (kommun_kod)
),
nivaer AS (
    SELECT 'kommun' AS niva, kommun_kod, kommun_namn, befolkning, aktiva, jobbspar_deltagare,
           uppfoljda_90, arbete_studier_90, budget_kr, utfall_kr,
           aktiva__ckey, jobbspar_deltagare__ckey, uppfoljda_90__ckey, arbete_studier_90__ckey
    FROM per_kommun
    UNION ALL
    -- Folkmängden för flera kommuner bara när alla har en: annars blir "per 1 000 invånare" för högt.
    SELECT 'urval', NULL, 'Urvalet', CASE WHEN count(befolkning) = count(*) THEN sum(befolkning) END,
           sum(aktiva), sum(jobbspar_deltagare),
           sum(uppfoljda_90), sum(arbete_studier_90), sum(budget_kr), sum(utfall_kr),
           sum(aktiva__ckey), sum(jobbspar_deltagare__ckey), sum(uppfoljda_90__ckey), sum(arbete_studier_90__ckey)
    FROM per_kommun WHERE len($kommuner) = 0 OR list_contains($kommuner, kommun_kod)
    UNION ALL
    SELECT 'region', NULL, NULL, CASE WHEN count(befolkning) = count(*) THEN sum(befolkning) END,
           sum(aktiva), sum(jobbspar_deltagare),
           sum(uppfoljda_90), sum(arbete_studier_90), sum(budget_kr), sum(utfall_kr),
           sum(aktiva__ckey), sum(jobbspar_deltagare__ckey), sum(uppfoljda_90__ckey), sum(arbete_studier_90__ckey)
    FROM per_kommun
),
kvoter AS (
    SELECT *,
        aktiva * 1000.0 / nullif(befolkning, 0) AS aktiva_per_1000,
        jobbspar_deltagare * 1000.0 / nullif(befolkning, 0) AS jobbspar_per_1000,
        arbete_studier_90 * 1.0 / nullif(uppfoljda_90, 0) AS andel_arbete_studier_90,
        utfall_kr / nullif(budget_kr, 0) AS utnyttjande
    FROM nivaer
)
SELECT * REPLACE (aktiva__ckey % 256 AS aktiva__ckey, jobbspar_deltagare__ckey % 256 AS jobbspar_deltagare__ckey,
                   uppfoljda_90__ckey % 256 AS uppfoljda_90__ckey, arbete_studier_90__ckey % 256 AS arbete_studier_90__ckey),
    CASE WHEN niva = 'kommun' THEN rank() OVER (PARTITION BY niva ORDER BY aktiva_per_1000 DESC NULLS LAST) END AS rang_aktiva_per_1000,
    CASE WHEN niva = 'kommun' THEN rank() OVER (PARTITION BY niva ORDER BY andel_arbete_studier_90 DESC NULLS LAST) END AS rang_andel_arbete_studier_90,
    CASE WHEN niva = 'kommun' THEN rank() OVER (PARTITION BY niva ORDER BY utnyttjande DESC NULLS LAST) END AS rang_utnyttjande,
    CASE WHEN niva = 'kommun' THEN rank() OVER (PARTITION BY niva ORDER BY jobbspar_per_1000 DESC NULLS LAST) END AS rang_jobbspar,
    -- Summorna kommunraderna ingår i (för sekundär prickning): hela regionen, urvalet och resten.
    CASE WHEN niva <> 'kommun' THEN []
         WHEN len($kommuner) = 0 THEN ['region']
         WHEN list_contains($kommuner, kommun_kod) THEN ['region', 'urval']
         ELSE ['region', 'utanfor'] END AS grupper
FROM kvoter
ORDER BY niva, kommun_namn;
