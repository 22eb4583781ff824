-- @personer deltagare, avslutade, till_arbete_studier, arbete_studier_90, uppfoljda_90
-- @kvot andel_arbete_studier_90 = arbete_studier_90 / uppfoljda_90
-- @grupper grupper
-- @matt platser
-- Jobbspår per kluster och kommun: vilka som kör vad tillsammans, deltagare och resultat.
-- Deltagarna per jobbspår och kommun ur makrot jobbspar_per_kommun (queries/makron.sql).
WITH per_spar AS (SELECT * FROM jobbspar_per_kommun($fran, $till, $malgrupper, $kon))
SELECT j.kluster, j.jobbspar, j.bransch, j.kommun_kod, k.kommun_namn, s.kommun_namn AS samordnare,
       j.platser,
       coalesce(d.deltagare, 0) AS deltagare,
       coalesce(d.avslutade, 0) AS avslutade,
       coalesce(d.till_arbete_studier, 0) AS till_arbete_studier,
       coalesce(d.arbete_studier_90, 0) AS arbete_studier_90,
       coalesce(d.uppfoljda_90, 0) AS uppfoljda_90,
       coalesce(d.deltagare__r, 0) % 256 AS deltagare__ckey,
       coalesce(d.avslutade__r, 0) % 256 AS avslutade__ckey,
       coalesce(d.till_arbete_studier__r, 0) % 256 AS till_arbete_studier__ckey,
       coalesce(d.arbete_studier_90__r, 0) % 256 AS arbete_studier_90__ckey,
       coalesce(d.uppfoljda_90__r, 0) % 256 AS uppfoljda_90__ckey,
       (len($kommuner) = 0 OR list_contains($kommuner, j.kommun_kod)) AS vald,
       d.arbete_studier_90 * 1.0 / nullif(d.uppfoljda_90, 0) AS andel_arbete_studier_90,
       -- Kommunerna i samma jobbspår summeras till jobbspårets total (sekundär prickning).
       CASE WHEN (len($kommuner) = 0 OR list_contains($kommuner, j.kommun_kod)) THEN [j.kluster || ' | ' || j.jobbspar] ELSE [] END AS grupper
FROM jobbspar j
JOIN kommun k USING (kommun_kod)
LEFT JOIN kommun s ON s.kommun_kod = j.samordnare
LEFT JOIN per_spar d ON d.jobbspar = j.jobbspar AND d.kommun_kod = j.kommun_kod
ORDER BY j.kluster, j.jobbspar, k.kommun_namn;
