-- @personer deltagare, avslutade, arbete_studier_avslut, uppfoljda_90, arbete_studier_90
-- @kvot andel_avslut = arbete_studier_avslut / avslutade
-- @kvot andel_90 = arbete_studier_90 / uppfoljda_90
-- @kvot kostnad_per_deltagare = budget_kr / deltagare
-- @belopp budget_kr, esf_stod_kr
-- @andel mal_andel
-- @matt planerade_deltagare
-- Projekt: period, budget, deltagare i urvalet och resultat vid avslut och 90 dagar efter, mot målet.
-- Deltagarna räknas först per värde i kolumnen projekt (diarienummer eller namn), sedan summeras de värden
-- som hör till ett projekt: en gruppering på projektets alla kolumner över deltagarraderna tog tio gånger längre.
WITH kommuner AS (
    SELECT pk.projekt_nyckel, string_agg(k.kommun_namn, ', ' ORDER BY k.kommun_namn) AS kommuner
    FROM projekt_kommun pk JOIN kommun k USING (kommun_kod) GROUP BY pk.projekt_nyckel
),
per_varde AS (
    SELECT projekt AS varde,
           count(deltagare_id) AS deltagare,
           count(slutdatum) AS avslutade,
           count(*) FILTER (WHERE avslutsorsak IN ('Arbete', 'Studier')) AS arbete_studier_avslut,
           count(status_90) AS uppfoljda_90,
           count(*) FILTER (WHERE status_90 IN ('I arbete', 'I studier')) AS arbete_studier_90,
           coalesce(sum(rkey), 0) AS deltagare__r,
           coalesce(sum(rkey) FILTER (WHERE slutdatum IS NOT NULL), 0) AS avslutade__r,
           coalesce(sum(rkey) FILTER (WHERE avslutsorsak IN ('Arbete', 'Studier')), 0) AS arbete_studier_avslut__r,
           coalesce(sum(rkey) FILTER (WHERE status_90 IS NOT NULL), 0) AS uppfoljda_90__r,
           coalesce(sum(rkey) FILTER (WHERE status_90 IN ('I arbete', 'I studier')), 0) AS arbete_studier_90__r
    FROM deltagare
    WHERE projekt IS NOT NULL
      AND (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod))
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
    GROUP BY projekt
),
per_projekt AS (
    SELECT p.projekt_nyckel,
           coalesce(sum(v.deltagare), 0) AS deltagare, coalesce(sum(v.avslutade), 0) AS avslutade,
           coalesce(sum(v.arbete_studier_avslut), 0) AS arbete_studier_avslut,
           coalesce(sum(v.uppfoljda_90), 0) AS uppfoljda_90, coalesce(sum(v.arbete_studier_90), 0) AS arbete_studier_90,
           coalesce(sum(v.deltagare__r), 0) % 256 AS deltagare__ckey,
           coalesce(sum(v.avslutade__r), 0) % 256 AS avslutade__ckey,
           coalesce(sum(v.arbete_studier_avslut__r), 0) % 256 AS arbete_studier_avslut__ckey,
           coalesce(sum(v.uppfoljda_90__r), 0) % 256 AS uppfoljda_90__ckey,
           coalesce(sum(v.arbete_studier_90__r), 0) % 256 AS arbete_studier_90__ckey
    FROM projekt p
    LEFT JOIN per_varde v ON v.varde IN (p.projekt_id, p.projekt)
    GROUP BY p.projekt_nyckel
)
SELECT p.projekt, p.projekt_id, p.startdatum, p.slutdatum, p.agare, p.budget_kr, p.esf_stod_kr, p.mal_andel,
       p.malgrupp, p.planerade_deltagare,
       km.kommuner,
       CAST(r.deltagare AS BIGINT) AS deltagare, CAST(r.avslutade AS BIGINT) AS avslutade,
       CAST(r.arbete_studier_avslut AS BIGINT) AS arbete_studier_avslut,
       CAST(r.uppfoljda_90 AS BIGINT) AS uppfoljda_90, CAST(r.arbete_studier_90 AS BIGINT) AS arbete_studier_90,
       r.arbete_studier_avslut * 1.0 / nullif(r.avslutade, 0) AS andel_avslut,
       r.arbete_studier_90 * 1.0 / nullif(r.uppfoljda_90, 0) AS andel_90,
       p.budget_kr / nullif(r.deltagare, 0) AS kostnad_per_deltagare,
       r.deltagare__ckey, r.avslutade__ckey, r.arbete_studier_avslut__ckey, r.uppfoljda_90__ckey,
       r.arbete_studier_90__ckey
FROM projekt p
JOIN per_projekt r USING (projekt_nyckel)
LEFT JOIN kommuner km USING (projekt_nyckel)
ORDER BY p.startdatum;
