-- @personer deltagare, avslutade, till_arbete_studier, arbete_studier_90, uppfoljda_90
-- @kvot andel_arbete_studier_90 = arbete_studier_90 / uppfoljda_90
-- @grupper grupper
-- @matt platser
-- Jobbspår per kluster och kommun: vilka som kör vad tillsammans, deltagare och resultat.
WITH d AS (
    SELECT * FROM jobbspar_under_perioden($fran, $till, $malgrupper, $kon)
)
SELECT j.kluster, j.jobbspar, j.bransch, j.kommun_kod, k.kommun_namn, s.kommun_namn AS samordnare,
       j.platser,
       count(d.deltagare_id) AS deltagare,
       count(d.slutdatum) AS avslutade,
       count(*) FILTER (WHERE d.avslutsorsak IN ('Arbete', 'Studier')) AS till_arbete_studier,
       count(*) FILTER (WHERE d.status_90 IN ('I arbete', 'I studier')) AS arbete_studier_90,
       count(d.status_90) AS uppfoljda_90,
       -- Cellnycklarna för störningen: postnycklarnas summa mod 256 över samma rader som antalet.
       coalesce(sum(d.rkey), 0) % 256 AS deltagare__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.slutdatum IS NOT NULL), 0) % 256 AS avslutade__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.avslutsorsak IN ('Arbete', 'Studier')), 0) % 256 AS till_arbete_studier__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.status_90 IN ('I arbete', 'I studier')), 0) % 256 AS arbete_studier_90__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.status_90 IS NOT NULL), 0) % 256 AS uppfoljda_90__ckey,
       (len($kommuner) = 0 OR list_contains($kommuner, j.kommun_kod)) AS vald,
       count(*) FILTER (WHERE d.status_90 IN ('I arbete', 'I studier')) * 1.0 / nullif(count(d.status_90), 0) AS andel_arbete_studier_90,
       -- Kommunerna i samma jobbspår summeras till jobbspårets total (sekundär prickning).
       CASE WHEN (len($kommuner) = 0 OR list_contains($kommuner, j.kommun_kod)) THEN [j.kluster || ' | ' || j.jobbspar] ELSE [] END AS grupper
FROM jobbspar j
JOIN kommun k USING (kommun_kod)
LEFT JOIN kommun s ON s.kommun_kod = j.samordnare
LEFT JOIN d ON d.jobbspar = j.jobbspar AND d.kommun_kod = j.kommun_kod
GROUP BY ALL
ORDER BY j.kluster, j.jobbspar, k.kommun_namn;
