-- @personer deltagare, avslutade, arbete_studier_avslut, uppfoljda_90, arbete_studier_90
-- @kvot andel_avslut = arbete_studier_avslut / avslutade
-- @kvot andel_90 = arbete_studier_90 / uppfoljda_90
-- @kvot kostnad_per_deltagare = budget_kr / deltagare
-- @belopp budget_kr, esf_stod_kr
-- @andel mal_andel
-- @matt planerade_deltagare
-- Projekt: period, budget, deltagare i urvalet och resultat vid avslut och 90 dagar efter, mot målet.
WITH kommuner AS (
    SELECT pk.projekt_nyckel, string_agg(k.kommun_namn, ', ' ORDER BY k.kommun_namn) AS kommuner
    FROM projekt_kommun pk JOIN kommun k USING (kommun_kod) GROUP BY pk.projekt_nyckel
),
d AS (
    SELECT * FROM deltagare
    WHERE projekt IS NOT NULL
      AND (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod))
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
)
SELECT p.projekt, p.projekt_id, p.startdatum, p.slutdatum, p.agare, p.budget_kr, p.esf_stod_kr, p.mal_andel,
       p.malgrupp, p.planerade_deltagare,
       km.kommuner,
       count(d.deltagare_id) AS deltagare,
       count(d.slutdatum) AS avslutade,
       count(*) FILTER (WHERE d.avslutsorsak IN ('Arbete', 'Studier')) AS arbete_studier_avslut,
       count(d.status_90) AS uppfoljda_90,
       count(*) FILTER (WHERE d.status_90 IN ('I arbete', 'I studier')) AS arbete_studier_90,
       count(*) FILTER (WHERE d.avslutsorsak IN ('Arbete', 'Studier')) * 1.0 / nullif(count(d.slutdatum), 0) AS andel_avslut,
       count(*) FILTER (WHERE d.status_90 IN ('I arbete', 'I studier')) * 1.0 / nullif(count(d.status_90), 0) AS andel_90,
       p.budget_kr / nullif(count(d.deltagare_id), 0) AS kostnad_per_deltagare,
       coalesce(sum(d.rkey), 0) % 256 AS deltagare__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.slutdatum IS NOT NULL), 0) % 256 AS avslutade__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.avslutsorsak IN ('Arbete', 'Studier')), 0) % 256 AS arbete_studier_avslut__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.status_90 IS NOT NULL), 0) % 256 AS uppfoljda_90__ckey,
       coalesce(sum(d.rkey) FILTER (WHERE d.status_90 IN ('I arbete', 'I studier')), 0) % 256 AS arbete_studier_90__ckey
FROM projekt p
LEFT JOIN kommuner km USING (projekt_nyckel)
LEFT JOIN d ON d.projekt IN (p.projekt_id, p.projekt)
GROUP BY p.projekt_nyckel, p.projekt, p.projekt_id, p.startdatum, p.slutdatum, p.agare, p.budget_kr, p.esf_stod_kr,
         p.mal_andel, p.malgrupp, p.planerade_deltagare, km.kommuner
ORDER BY p.startdatum;
