-- @personer deltagare, avslutade, arbete_studier_avslut, uppfoljda_90, arbete_studier_90
-- @kvot andel_avslut = arbete_studier_avslut / avslutade
-- @kvot andel_90 = arbete_studier_90 / uppfoljda_90
-- @kvot kostnad_per_deltagare = budget_kr / deltagare
-- @belopp budget_kr, esf_stod_kr
-- @andel mal_andel
-- @matt planerade_deltagare
-- Projekt: period, budget, deltagare i urvalet och resultat vid avslut och 90 dagar efter, mot målet.
-- Ur det förberäknade aggregatet (ingest/sql/aggregat.sql, agg_projekt), där varje projektvärde i
-- deltagarfilerna (diarienummer eller namn) redan är kopplat till sitt projekt.
WITH kommuner AS (
    SELECT pk.projekt_nyckel, string_agg(k.kommun_namn, ', ' ORDER BY k.kommun_namn) AS kommuner
    FROM projekt_kommun pk JOIN kommun k USING (kommun_kod) GROUP BY pk.projekt_nyckel
),
r AS (
    SELECT projekt_nyckel, sum(deltagare) AS deltagare, sum(avslutade) AS avslutade,
           sum(arbete_studier_avslut) AS arbete_studier_avslut, sum(uppfoljda_90) AS uppfoljda_90,
           sum(arbete_studier_90) AS arbete_studier_90,
           sum(deltagare__rkey) % 256 AS deltagare__ckey,
           sum(avslutade__rkey) % 256 AS avslutade__ckey,
           sum(arbete_studier_avslut__rkey) % 256 AS arbete_studier_avslut__ckey,
           sum(uppfoljda_90__rkey) % 256 AS uppfoljda_90__ckey,
           sum(arbete_studier_90__rkey) % 256 AS arbete_studier_90__ckey
    FROM agg_projekt
    WHERE projekt_nyckel IS NOT NULL
      AND (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod))
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
    GROUP BY projekt_nyckel
)
SELECT p.projekt, p.projekt_id, p.startdatum, p.slutdatum, p.agare, p.budget_kr, p.esf_stod_kr, p.mal_andel,
       p.malgrupp, p.planerade_deltagare,
       km.kommuner,
       CAST(coalesce(r.deltagare, 0) AS BIGINT) AS deltagare, CAST(coalesce(r.avslutade, 0) AS BIGINT) AS avslutade,
       CAST(coalesce(r.arbete_studier_avslut, 0) AS BIGINT) AS arbete_studier_avslut,
       CAST(coalesce(r.uppfoljda_90, 0) AS BIGINT) AS uppfoljda_90,
       CAST(coalesce(r.arbete_studier_90, 0) AS BIGINT) AS arbete_studier_90,
       r.arbete_studier_avslut * 1.0 / nullif(r.avslutade, 0) AS andel_avslut,
       r.arbete_studier_90 * 1.0 / nullif(r.uppfoljda_90, 0) AS andel_90,
       p.budget_kr / nullif(r.deltagare, 0) AS kostnad_per_deltagare,
       coalesce(r.deltagare__ckey, 0) AS deltagare__ckey, coalesce(r.avslutade__ckey, 0) AS avslutade__ckey,
       coalesce(r.arbete_studier_avslut__ckey, 0) AS arbete_studier_avslut__ckey,
       coalesce(r.uppfoljda_90__ckey, 0) AS uppfoljda_90__ckey,
       coalesce(r.arbete_studier_90__ckey, 0) AS arbete_studier_90__ckey
FROM projekt p
LEFT JOIN r USING (projekt_nyckel)
LEFT JOIN kommuner km USING (projekt_nyckel)
ORDER BY p.startdatum;
