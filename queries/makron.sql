-- Urval som flera frågor delar, som tabellmakron i frågelagrets minnesdatabas (skapas en gång per lagerversion).
-- Frågorna anropar dem med sina $parametrar: FROM jobbspar_startade($fran, $till, ...).

-- Deltagare som påbörjat jobbspår under perioden, med urvalets filter (jobbspar_flode, jobbspar_utfall).
CREATE OR REPLACE MACRO jobbspar_startade(p_fran, p_till, p_kommuner, p_kluster, p_malgrupper, p_kon) AS TABLE
    SELECT * FROM lager.deltagare
    WHERE insats = 'Jobbspår'
      AND startdatum BETWEEN p_fran AND p_till
      AND (len(p_kommuner) = 0 OR list_contains(p_kommuner, kommun_kod))
      AND (p_kluster = '' OR jobbspar IN (SELECT jobbspar FROM lager.jobbspar WHERE kluster = p_kluster))
      AND (len(p_malgrupper) = 0 OR list_contains(p_malgrupper, malgrupp))
      AND (p_kon = '' OR kon = p_kon);

-- Deltagare i jobbspår någon gång under perioden (jobbspar_kluster, jobbspar_per_spar).
CREATE OR REPLACE MACRO jobbspar_under_perioden(p_fran, p_till, p_malgrupper, p_kon) AS TABLE
    SELECT * FROM lager.deltagare
    WHERE insats = 'Jobbspår'
      AND startdatum <= p_till AND (slutdatum IS NULL OR slutdatum >= p_fran)
      AND (len(p_malgrupper) = 0 OR list_contains(p_malgrupper, malgrupp))
      AND (p_kon = '' OR kon = p_kon);

-- Jobbspårsdeltagarna under perioden räknade per jobbspår och kommun, med postnycklarnas summor (__r, inte
-- mod 256: anroparen summerar vidare). Frågorna kopplar sedan på förteckningen; en gruppering på förteckningens
-- alla kolumner över deltagarraderna tog flera gånger längre. (jobbspar_kluster, jobbspar_per_spar)
CREATE OR REPLACE MACRO jobbspar_per_kommun(p_fran, p_till, p_malgrupper, p_kon) AS TABLE
    SELECT jobbspar, kommun_kod,
           count(deltagare_id) AS deltagare,
           count(slutdatum) AS avslutade,
           count(*) FILTER (WHERE avslutsorsak IN ('Arbete', 'Studier')) AS till_arbete_studier,
           count(*) FILTER (WHERE status_90 IN ('I arbete', 'I studier')) AS arbete_studier_90,
           count(status_90) AS uppfoljda_90,
           coalesce(sum(rkey), 0) AS deltagare__r,
           coalesce(sum(rkey) FILTER (WHERE slutdatum IS NOT NULL), 0) AS avslutade__r,
           coalesce(sum(rkey) FILTER (WHERE avslutsorsak IN ('Arbete', 'Studier')), 0) AS till_arbete_studier__r,
           coalesce(sum(rkey) FILTER (WHERE status_90 IN ('I arbete', 'I studier')), 0) AS arbete_studier_90__r,
           coalesce(sum(rkey) FILTER (WHERE status_90 IS NOT NULL), 0) AS uppfoljda_90__r
    FROM jobbspar_under_perioden(p_fran, p_till, p_malgrupper, p_kon)
    GROUP BY jobbspar, kommun_kod;

-- Extratjänsternas budgetrader per kommun för år p_ar och samma månader året innan (t.o.m. årets sista
-- budgetmånad, sista): grunden för lokala avvikelser (budget_avvikelse) och Varför? (budget_varfor).
-- En kommun utan budgetrader får en rad med NULL, så att den syns i listan.
CREATE OR REPLACE MACRO extratjanst_jamforelse(p_ar) AS TABLE
    SELECT k.kommun_kod, k.kommun_namn, m.sista, b.ar, b.budget_kr, b.utfall_platser, b.rkey, b.kommentar
    FROM lager.kommun k
    CROSS JOIN (SELECT coalesce(max(manad), 12) AS sista FROM lager.budget
                WHERE budgetpost = 'Extratjänster' AND ar = p_ar) m
    LEFT JOIN lager.budget b ON b.kommun_kod = k.kommun_kod AND b.budgetpost = 'Extratjänster'
         AND b.ar IN (p_ar, p_ar - 1) AND coalesce(b.manad, 12) <= m.sista;

-- AF:s statistik: ett värde per kommun, mått och månad. Totalt (T) om det finns, annars kvinnor + män när båda
-- är kända; annars NULL ("uppgift saknas", aldrig noll). (budget_varfor, namnare)
CREATE OR REPLACE MACRO af_per_manad(p_afkoder, p_fran, p_till) AS TABLE
    SELECT kommun_kod, afkod, manad,
        coalesce(max(antal) FILTER (WHERE kon = 'T'),
                 CASE WHEN count(antal) FILTER (WHERE kon IN ('K', 'M')) = 2
                      THEN sum(antal) FILTER (WHERE kon IN ('K', 'M')) END) AS antal
    FROM lager.arbetsmarknad
    WHERE list_contains(p_afkoder, afkod) AND manad BETWEEN p_fran AND p_till
    GROUP BY kommun_kod, afkod, manad;

-- De förberäknade aggregaten (ingest/sql/aggregat.sql) med urvalets målgrupp och kön, för månaderna
-- p_fran..p_till (hela månader). (kpi_per_kommun, kommun_trend, kommun_utfall_trend)
CREATE OR REPLACE MACRO aktiva_i_urvalet(p_fran, p_till, p_malgrupper, p_kon) AS TABLE
    SELECT * FROM lager.agg_aktiva_manad
    WHERE manad BETWEEN date_trunc('month', p_fran) AND p_till
      AND (len(p_malgrupper) = 0 OR list_contains(p_malgrupper, malgrupp))
      AND (p_kon = '' OR kon = p_kon);
CREATE OR REPLACE MACRO utfall_i_urvalet(p_fran, p_till, p_malgrupper, p_kon) AS TABLE
    SELECT * FROM lager.agg_utfall_manad
    WHERE manad BETWEEN date_trunc('month', p_fran) AND p_till
      AND (len(p_malgrupper) = 0 OR list_contains(p_malgrupper, malgrupp))
      AND (p_kon = '' OR kon = p_kon);
