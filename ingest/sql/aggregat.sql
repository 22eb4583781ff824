-- Förberäknade aggregat, byggda i samma atomära byte som raderna (ingest/lager.py): sidorna läser dem i
-- stället för deltagarraderna där frågan tillåter. Postnycklarnas summor (__rkey) följer med, så att
-- cell-key-störningen (queries/storning.py) får samma cellnyckel som om raderna räknats vid frågan.

-- En person vars rader har olika kön eller målgrupp räknas under det största värdet (max, inte any_value: samma
-- filer ska ge samma aggregat, också vid bygg-om; any_value gav olika svar mellan körningar i nationell skala).

-- Personer med mer än en rad i en kommun (under två procent av personerna i skalgeneratorns data): bara deras
-- rader grupperas per person nedan. En persons enda rad är redan hens spann och kedja, utan en hashgruppering med
-- kön och målgrupp över alla rader (som vid 600 MB spillde till disk: aktiva och kedjor 43 -> 8 s för tio
-- miljoner rader).
CREATE OR REPLACE TEMP TABLE flerradiga AS
SELECT kommun_kod, deltagare_id FROM deltagare GROUP BY kommun_kod, deltagare_id HAVING count(*) > 1;

-- Aktiva personer per månad, kommun, kön och målgrupp, och av dem deltagare i jobbspår: en person räknas en
-- gång per månad och kommun, hur många insatser hen än har. Ingen utvidgning till en rad per person och månad: varje
-- persons insatser slås ihop till sammanhängande månadsspann (öar), och spannen blir +1 i första månaden och −1
-- månaden efter sista; en löpande summa per månad ger antalet. Rader utan slutdatum räknas som aktiva t.o.m.
-- innevarande månad. Öarna räknas bara för personer med flera insatser i kommunen.
CREATE OR REPLACE TABLE agg_aktiva_manad AS
-- NOT MATERIALIZED: spannen läses två gånger ur tabellen i stället för att kopieras (i nationell skala 8 s).
WITH spann AS NOT MATERIALIZED (
    -- matt 'alla': alla insatser; 'jobbspar': bara jobbspår (deltagare i jobbspår under månaden).
    SELECT m.matt, d.kommun_kod, d.deltagare_id, d.kon, d.malgrupp, d.rkey,
           date_trunc('month', d.startdatum) AS fran_m,
           date_trunc('month', least(coalesce(d.slutdatum, current_date), current_date)) AS till_m
    FROM deltagare d, (VALUES ('alla'), ('jobbspar')) m(matt)
    WHERE d.startdatum <= current_date AND (m.matt = 'alla' OR d.insats = 'Jobbspår')
),
flerradigas AS (
    SELECT s.* FROM spann s SEMI JOIN flerradiga f USING (kommun_kod, deltagare_id)
),
per_person AS (
    SELECT matt, kommun_kod, deltagare_id, count(*) AS insatser, max(kon) AS kon,
           max(malgrupp) AS malgrupp, any_value(rkey) AS rkey, min(fran_m) AS fran_m, max(till_m) AS till_m
    FROM flerradigas GROUP BY matt, kommun_kod, deltagare_id
),
flera AS (
    SELECT s.* FROM flerradigas s
    SEMI JOIN (SELECT matt, kommun_kod, deltagare_id FROM per_person WHERE insatser > 1) p
         USING (matt, kommun_kod, deltagare_id)
),
ordnade AS (
    SELECT *, max(till_m) OVER (PARTITION BY matt, kommun_kod, deltagare_id ORDER BY fran_m, till_m
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS tidigare_till
    FROM flera
),
oar AS (
    SELECT *, sum(CASE WHEN tidigare_till IS NULL OR fran_m > tidigare_till THEN 1 ELSE 0 END)
                  OVER (PARTITION BY matt, kommun_kod, deltagare_id ORDER BY fran_m, till_m) AS o
    FROM ordnade
),
per_o AS (
    SELECT s.matt, s.kommun_kod, s.kon, s.malgrupp, s.rkey, s.fran_m, s.till_m
    FROM spann s ANTI JOIN flerradiga f USING (kommun_kod, deltagare_id)
    UNION ALL
    SELECT matt, kommun_kod, kon, malgrupp, rkey, fran_m, till_m FROM per_person WHERE insatser = 1
    UNION ALL
    SELECT matt, kommun_kod, max(kon) AS kon, max(malgrupp) AS malgrupp, any_value(rkey) AS rkey,
           min(fran_m) AS fran_m, max(till_m) AS till_m
    FROM oar GROUP BY matt, kommun_kod, deltagare_id, o
),
-- +1 första månaden och −1 månaden efter sista, i en gruppering (per_o läses en gång, kopieras aldrig).
summerade AS (
    SELECT matt, kommun_kod, kon, malgrupp, manad, sum(n) AS n, sum(r) AS r
    FROM (SELECT matt, kommun_kod, kon, malgrupp,
                 unnest([CAST(fran_m AS DATE), CAST(till_m + INTERVAL 1 MONTH AS DATE)]) AS manad,
                 unnest([1, -1]) AS n, unnest([rkey, -rkey]) AS r
          FROM per_o)
    GROUP BY ALL
),
grupper AS (SELECT DISTINCT kommun_kod, kon, malgrupp FROM summerade),
kalender AS (
    SELECT CAST(m AS DATE) AS manad
    FROM range((SELECT min(manad) FROM summerade), date_trunc('month', current_date) + INTERVAL 1 MONTH,
               INTERVAL 1 MONTH) t(m)
),
lopande AS (
    SELECT g.kommun_kod, g.kon, g.malgrupp, k.manad,
           sum(coalesce(a.n, 0)) OVER w AS personer, sum(coalesce(a.r, 0)) OVER w AS personer__rkey,
           sum(coalesce(j.n, 0)) OVER w AS jobbspar_personer, sum(coalesce(j.r, 0)) OVER w AS jobbspar_personer__rkey
    FROM grupper g CROSS JOIN kalender k
    LEFT JOIN summerade a ON a.matt = 'alla' AND a.kommun_kod = g.kommun_kod AND a.kon IS NOT DISTINCT FROM g.kon
         AND a.malgrupp IS NOT DISTINCT FROM g.malgrupp AND a.manad = k.manad
    LEFT JOIN summerade j ON j.matt = 'jobbspar' AND j.kommun_kod = g.kommun_kod AND j.kon IS NOT DISTINCT FROM g.kon
         AND j.malgrupp IS NOT DISTINCT FROM g.malgrupp AND j.manad = k.manad
    WINDOW w AS (PARTITION BY g.kommun_kod, g.kon, g.malgrupp ORDER BY k.manad)
)
SELECT manad, kommun_kod, kon, malgrupp,
       CAST(personer AS INTEGER) AS personer, CAST(personer__rkey AS BIGINT) AS personer__rkey,
       CAST(jobbspar_personer AS INTEGER) AS jobbspar_personer,
       CAST(jobbspar_personer__rkey AS BIGINT) AS jobbspar_personer__rkey
FROM lopande WHERE personer > 0
ORDER BY manad, kommun_kod;

-- Avslutade insatser per avslutsmånad, kommun, kön och målgrupp: uppföljda 90 dagar efter och i arbete
-- eller studier då. Summor av insatser, som frågorna räknade dem förut.
CREATE OR REPLACE TABLE agg_utfall_manad AS
SELECT date_trunc('month', slutdatum)::DATE AS manad, kommun_kod, kon, malgrupp,
       count(*) FILTER (WHERE status_90 IS NOT NULL) AS uppfoljda_90,
       coalesce(sum(rkey) FILTER (WHERE status_90 IS NOT NULL), 0) AS uppfoljda_90__rkey,
       count(*) FILTER (WHERE status_90 IN ('I arbete', 'I studier')) AS arbete_studier_90,
       coalesce(sum(rkey) FILTER (WHERE status_90 IN ('I arbete', 'I studier')), 0) AS arbete_studier_90__rkey
FROM deltagare
WHERE slutdatum IS NOT NULL
GROUP BY ALL
ORDER BY manad, kommun_kod;

-- Projektdeltagare per projektvärde (diarienummer eller namn, som i filen), kommun, kön och målgrupp, med
-- utfallen och projektet värdet hör till (projekt_nyckel; NULL om inget projekt har det diarienumret eller
-- namnet): projektfrågorna har inget periodfilter, så summorna här ger samma svar som raderna.
CREATE OR REPLACE TABLE agg_projekt AS
WITH per_varde AS (
    SELECT projekt, kommun_kod, kon, malgrupp,
           count(*) AS deltagare,
           count(slutdatum) AS avslutade,
           count(*) FILTER (WHERE avslutsorsak IN ('Arbete', 'Studier')) AS arbete_studier_avslut,
           count(status_90) AS uppfoljda_90,
           count(*) FILTER (WHERE status_90 IN ('I arbete', 'I studier')) AS arbete_studier_90,
           coalesce(sum(rkey), 0) AS deltagare__rkey,
           coalesce(sum(rkey) FILTER (WHERE slutdatum IS NOT NULL), 0) AS avslutade__rkey,
           coalesce(sum(rkey) FILTER (WHERE avslutsorsak IN ('Arbete', 'Studier')), 0) AS arbete_studier_avslut__rkey,
           coalesce(sum(rkey) FILTER (WHERE status_90 IS NOT NULL), 0) AS uppfoljda_90__rkey,
           coalesce(sum(rkey) FILTER (WHERE status_90 IN ('I arbete', 'I studier')), 0) AS arbete_studier_90__rkey
    FROM deltagare
    WHERE projekt IS NOT NULL
    GROUP BY ALL
)
SELECT p.projekt_nyckel, v.*
FROM per_varde v
LEFT JOIN projekt p ON v.projekt IN (p.projekt_id, p.projekt)
ORDER BY v.projekt, v.kommun_kod;

-- Avslutade insatser per avslutsmånad, kommun, jobbspår, projekt och skikt (målgrupp, åldersgrupp, kön,
-- ekonomiskt bistånd, insats), med uppföljda och i arbete eller studier vid varje horisont (90 dagar, 6 och
-- 12 månader) och postnycklarnas summor: grunden för Resultat mot förväntat (resultat_forvantat.sql) och hur
-- varaktigt resultatet är (kommun_varaktighet.sql), så att förväntan räknas ur skikten och inte ur raderna.
CREATE OR REPLACE TABLE agg_utfall_skikt AS
WITH r AS (
    SELECT date_trunc('month', slutdatum)::DATE AS manad, kommun_kod, jobbspar, projekt, malgrupp, kon,
           coalesce(ekonomiskt_bistand, false) AS bistand, insats,
           CASE WHEN fodelsear IS NULL THEN '?'
                WHEN year(slutdatum) - fodelsear < 25 THEN '16–24'
                WHEN year(slutdatum) - fodelsear < 35 THEN '25–34'
                WHEN year(slutdatum) - fodelsear < 50 THEN '35–49'
                ELSE '50–' END AS aldersgrupp,
           rkey, status_90, status_180, status_365,
           status_90 IN ('I arbete', 'I studier') AS i90, status_180 IN ('I arbete', 'I studier') AS i180,
           status_365 IN ('I arbete', 'I studier') AS i365
    FROM deltagare
    WHERE slutdatum IS NOT NULL AND (status_90 IS NOT NULL OR status_180 IS NOT NULL OR status_365 IS NOT NULL)
)
SELECT manad, kommun_kod, jobbspar, projekt, malgrupp, kon, bistand, insats, aldersgrupp,
       count(status_90) AS n90, count(*) FILTER (WHERE i90) AS s90,
       coalesce(sum(rkey) FILTER (WHERE status_90 IS NOT NULL), 0) AS r90,
       coalesce(sum(rkey) FILTER (WHERE i90), 0) AS rs90,
       count(status_180) AS n180, count(*) FILTER (WHERE i180) AS s180,
       coalesce(sum(rkey) FILTER (WHERE status_180 IS NOT NULL), 0) AS r180,
       coalesce(sum(rkey) FILTER (WHERE i180), 0) AS rs180,
       count(status_365) AS n365, count(*) FILTER (WHERE i365) AS s365,
       coalesce(sum(rkey) FILTER (WHERE status_365 IS NOT NULL), 0) AS r365,
       coalesce(sum(rkey) FILTER (WHERE i365), 0) AS rs365,
       -- I arbete eller studier 90 dagar efter och uppföljda efter 12 månader; kvar där efter 12 månader.
       count(*) FILTER (WHERE i90 AND status_365 IS NOT NULL) AS v_n,
       coalesce(sum(rkey) FILTER (WHERE i90 AND status_365 IS NOT NULL), 0) AS v_r,
       count(*) FILTER (WHERE i90 AND i365) AS v_s,
       coalesce(sum(rkey) FILTER (WHERE i90 AND i365), 0) AS v_rs
FROM r
GROUP BY ALL
-- Kommunen först: kommunprofilens fråga (resultat_kommun.sql) läser bara sin kommuns radgrupper.
ORDER BY kommun_kod, manad;

-- Regionens skikt per avslutsmånad (utan kommun, jobbspår och projekt): det en kommuns förväntan räknas mot,
-- utan att läsa alla kommuners skikt (resultat_kommun.sql).
CREATE OR REPLACE TABLE agg_utfall_skikt_region AS
SELECT manad, malgrupp, kon, bistand, insats, aldersgrupp,
       sum(n90) AS n90, sum(s90) AS s90, sum(n180) AS n180, sum(s180) AS s180, sum(n365) AS n365, sum(s365) AS s365
FROM agg_utfall_skikt
GROUP BY ALL
ORDER BY manad;

-- Kedjor av insatser (insatskedjor.sql): varje persons insatser i en kommun, räknade på månaden då kedjan
-- började, med läget 90 dagar efter den sista insatsen. En fråga om en period summerar månaderna i stället för att
-- läsa deltagarraderna (hela landet: sekunder). Kedjan är första och sista insatsen i startordning ("Praktik →
-- Extratjänst"; tre eller fler: "Praktik → … → Extratjänst") ur vanliga aggregat, som DuckDB kan lägga på disk:
-- en ordnad lista per person tog slut på minnet för tio miljoner rader.
CREATE OR REPLACE TABLE agg_kedjor AS
WITH per_person AS (
    SELECT kommun_kod, deltagare_id, any_value(rkey) AS rkey, max(malgrupp) AS malgrupp, max(kon) AS kon,
           date_trunc('month', min(startdatum))::DATE AS manad, count(*) AS steg,
           arg_min(insats, strftime(startdatum, '%Y%m%d') || insats) AS forsta,
           arg_max(insats, strftime(startdatum, '%Y%m%d') || insats) AS sista,
           -- Läget efter den sista insatsen (NULL räknas: en sista insats som pågår har inget läge än).
           arg_max_null(status_90, strftime(startdatum, '%Y%m%d') || insats) AS sista_status
    FROM deltagare SEMI JOIN flerradiga USING (kommun_kod, deltagare_id)
    GROUP BY kommun_kod, deltagare_id
    UNION ALL
    -- En persons enda rad i kommunen är hela kedjan.
    SELECT kommun_kod, deltagare_id, rkey, malgrupp, kon, date_trunc('month', startdatum)::DATE, 1::BIGINT,
           insats, insats, status_90
    FROM deltagare ANTI JOIN flerradiga USING (kommun_kod, deltagare_id)
),
kedjor AS (
    SELECT *, CASE steg WHEN 1 THEN forsta WHEN 2 THEN forsta || ' → ' || sista
                        ELSE forsta || ' → … → ' || sista END AS kedja
    FROM per_person
)
SELECT manad, kommun_kod, malgrupp, kon, kedja, min(steg) AS steg,
       count(*) AS personer, sum(rkey) AS personer__rkey,
       count(sista_status) AS uppfoljda, coalesce(sum(rkey) FILTER (WHERE sista_status IS NOT NULL), 0) AS uppfoljda__rkey,
       count(*) FILTER (WHERE sista_status IN ('I arbete', 'I studier')) AS i_arbete_studier,
       coalesce(sum(rkey) FILTER (WHERE sista_status IN ('I arbete', 'I studier')), 0) AS i_arbete_studier__rkey
FROM kedjor
GROUP BY manad, kommun_kod, malgrupp, kon, kedja
ORDER BY manad, kommun_kod;
DROP TABLE flerradiga;
