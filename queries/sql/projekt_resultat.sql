-- @personer deltagare, avslutade, arbete_studier_avslut, uppfoljda_90, arbete_studier_90
-- @kvot andel_avslut = arbete_studier_avslut / avslutade
-- @kvot andel_90 = arbete_studier_90 / uppfoljda_90
-- @kvot kostnad_per_deltagare = budget_kr / deltagare
-- @belopp budget_kr, esf_stod_kr
-- @andel mal_andel
-- @matt planerade_deltagare
-- Projekt: period, budget, deltagare i urvalet och resultat vid avslut och 90 dagar efter, mot målet.
-- Ur det förberäknade aggregatet (ingest/sql/aggregat.sql, agg_projekt): deltagarna per värde i kolumnen
-- projekt (diarienummer eller namn), och de värden som hör till ett projekt summeras.
WITH kommuner AS (
    SELECT pk.projekt_nyckel, string_agg(k.kommun_namn, ', ' ORDER BY k.kommun_namn) AS kommuner
    FROM projekt_kommun pk JOIN kommun k USING (kommun_kod) GROUP BY pk.projekt_nyckel
),
per_varde AS (
    SELECT projekt AS varde, sum(deltagare) AS deltagare, sum(avslutade) AS avslutade,
           sum(arbete_studier_avslut) AS arbete_studier_avslut, sum(uppfoljda_90) AS uppfoljda_90,
           sum(arbete_studier_90) AS arbete_studier_90, sum(deltagare__rkey) AS deltagare__r,
           sum(avslutade__rkey) AS avslutade__r, sum(arbete_studier_avslut__rkey) AS arbete_studier_avslut__r,
           sum(uppfoljda_90__rkey) AS uppfoljda_90__r, sum(arbete_studier_90__rkey) AS arbete_studier_90__r
    FROM agg_projekt
    WHERE (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod))
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
