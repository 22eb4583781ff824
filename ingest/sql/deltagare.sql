-- Deltagarrader: staging (text) -> normaliserade rader med skäl till avvisning.
-- Personnumret lämnar aldrig dessa satser: ut går bara pseudonymen.
-- Inom en SELECT avser ett namn alltid stagingkolumnen (text), inte aliaset.
-- Fart (profilerat på en miljon rader): raderna går en gång genom en kedja av projektioner (underfrågor, som
-- DuckDB aldrig materialiserar; en CTE som nämns två gånger kopieras hel). Kodlistor och fri text med få olika
-- värden tolkas en gång per värde (kartorna), vanliga datum och personnummer utan reguljära uttryck, och
-- skälen till avvisning räknas bara för rader som har något fel. Personens HMAC räknas en gång per identitet.
CREATE OR REPLACE TEMP TABLE kommunkarta AS
SELECT d.kommun AS cell, ka.kod, kommunfel(d.kommun, ka.kod) AS fel
FROM (SELECT DISTINCT kommun FROM stg WHERE kommun IS NOT NULL) d
LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(d.kommun);
-- Kommunens skäl till avvisning räknas per värde: kommunfel frågar sverige_kommun i en underfråga, som per rad
-- skulle materialisera hela filen.
-- Kodlistornas celler: jämförelseordet, texten och den maskerade texten (för värden utanför listan).
CREATE OR REPLACE TEMP TABLE ordkarta AS
SELECT cell, sv_ord(cell) AS ord, sv_text(cell) AS t, sv_maskera(sv_text(cell)) AS m FROM (
    SELECT insats AS cell FROM stg UNION SELECT avslutsorsak FROM stg
    UNION SELECT status_90 FROM stg UNION SELECT status_180 FROM stg UNION SELECT status_365 FROM stg
    UNION SELECT kon FROM stg
) WHERE cell IS NOT NULL;
-- Fri text med få olika värden (jobbspår, projekt, målgrupp): maskeras en gång per värde.
CREATE OR REPLACE TEMP TABLE textkarta AS
SELECT cell, sv_maskera(sv_text(cell)) AS text FROM (
    SELECT jobbspar AS cell FROM stg UNION SELECT projekt FROM stg UNION SELECT malgrupp FROM stg
) WHERE cell IS NOT NULL;
-- "X eller tomt" (tomt = nej) eller "Ja/Nej" (tomt = okänt) för ekonomiskt bistånd: avgörs en gång för filen.
SET VARIABLE nej_skrivs = (SELECT coalesce(bool_or(sv_nej(ekonomiskt_bistand)), FALSE) FROM stg);
CREATE OR REPLACE TEMP TABLE tolkade AS
SELECT * EXCLUDE (avslutsorsak, status_90, status_180, status_365, kon, fodelsear, ekonomiskt_bistand, pnr_cell,
                  id_t, fodelsear_t, ekb_t, ekb_ja, ekb_nej, fodelsear_tal, insats_ord, avslut_ord, status_ord,
                  status_ord_180, status_ord_365, kon_ord, insats_t, insats_m, avslut_m, status_m, status_m_180,
                  status_m_365, kon_m, jobbspar_m, projekt_m, malgrupp_m, start_t, slut_t, start_d, slut_d,
                  pnr12, pnr_ok, kommun, kommun_fel, startdatum, slutdatum),
    -- Personens identitet: personnumret, annars exportens id. Pseudonymen och postnyckeln är olika bitar av
    -- identitetens HMAC (makron.sql), som räknas en gång per identitet i nästa sats.
    CASE WHEN pnr_cell IS NOT NULL AND pnr_ok THEN pnr12
         WHEN pnr_cell IS NULL AND id_t IS NOT NULL THEN 'id:' || id_t END AS identitet,
    CASE insats_ord
        WHEN 'extratjanst' THEN 'Extratjänst' WHEN 'extratjanster' THEN 'Extratjänst'
        WHEN 'jobbspar' THEN 'Jobbspår'
        WHEN 'projekt' THEN 'Projekt'
        WHEN 'praktik' THEN 'Praktik' WHEN 'arbetspraktik' THEN 'Praktik'
        WHEN 'arbetstraning' THEN 'Arbetsträning'
        WHEN 'utbildning' THEN 'Utbildning' WHEN 'studier' THEN 'Utbildning'
        WHEN 'introduktionsjobb' THEN 'Introduktionsjobb'
        WHEN 'lonebidrag' THEN 'Lönebidrag'
        ELSE insats_m
    END AS insats,
    start_d AS startdatum,
    slut_d AS slutdatum,
    CASE avslut_ord
        WHEN '' THEN NULL
        WHEN 'arbete' THEN 'Arbete' WHEN 'tillarbete' THEN 'Arbete' WHEN 'anstallning' THEN 'Arbete'
        WHEN 'studier' THEN 'Studier' WHEN 'tillstudier' THEN 'Studier' WHEN 'utbildning' THEN 'Studier'
        WHEN 'annaninsats' THEN 'Annan insats'
        WHEN 'avbrott' THEN 'Avbrott' WHEN 'avbrutit' THEN 'Avbrott'
        WHEN 'flytt' THEN 'Flytt' WHEN 'flyttat' THEN 'Flytt'
        WHEN 'ohalsa' THEN 'Ohälsa' WHEN 'sjukdom' THEN 'Ohälsa'
        WHEN 'ovrigt' THEN 'Övrigt' WHEN 'annat' THEN 'Övrigt'
        ELSE avslut_m
    END AS avslutsorsak,
    sv_status_m(status_ord, status_m) AS status_90,
    sv_status_m(status_ord_180, status_m_180) AS status_180,
    sv_status_m(status_ord_365, status_m_365) AS status_365,
    jobbspar_m AS jobbspar,
    projekt_m AS projekt,
    CASE
        WHEN kon_ord IN ('kvinna', 'k', 'kv', 'f') THEN 'Kvinna'
        WHEN kon_ord IN ('man', 'm') THEN 'Man'
        WHEN kon_ord = '' AND pnr_ok THEN
            CASE WHEN CAST(substr(pnr12, 11, 1) AS INTEGER) % 2 = 1 THEN 'Man' ELSE 'Kvinna' END
    END AS kon,
    CASE
        WHEN fodelsear_tal IS NOT NULL THEN CAST(fodelsear_tal AS INTEGER)
        WHEN pnr_ok THEN CAST(left(pnr12, 4) AS INTEGER)
    END AS fodelsear,
    malgrupp_m AS malgrupp,
    CASE
        WHEN ekb_ja THEN TRUE
        WHEN ekb_nej THEN FALSE
        -- I filer av typen "X eller tomt" betyder tomt nej; där Nej skrivs ut betyder tomt okänt.
        WHEN ekb_t IS NULL AND NOT getvariable('nej_skrivs') THEN FALSE
    END AS ekonomiskt_bistand,
    -- Samma villkor som skälen nedan, omvända: en rad som klarar alla får en tom lista direkt.
    CASE WHEN ((pnr_cell IS NULL AND id_t IS NOT NULL) OR (pnr_cell IS NOT NULL AND pnr_ok))
              AND kommun_kod IS NOT NULL AND insats_t IS NOT NULL AND start_d IS NOT NULL
              AND (slut_d IS NOT NULL OR slut_t IS NULL) AND NOT coalesce(slut_d < start_d, FALSE)
              AND kon_ord IN ('', 'kvinna', 'k', 'kv', 'f', 'man', 'm')
              AND (fodelsear_t IS NULL OR coalesce(fodelsear_tal = floor(fodelsear_tal)
                                                   AND fodelsear_tal BETWEEN 1900 AND getvariable('ar_nu'), FALSE))
              AND (ekb_t IS NULL OR ekb_ja OR ekb_nej)
         THEN []::VARCHAR[]
         ELSE skal([
        CASE WHEN pnr_cell IS NULL AND id_t IS NULL THEN 'personnummer saknas' END,
        CASE WHEN pnr_cell IS NOT NULL AND NOT pnr_ok
             THEN 'ogiltigt personnummer: ''' || pnr_maskerad(pnr_cell) || '''' END,
        CASE WHEN kommun IS NULL THEN 'kommun saknas' ELSE kommun_fel END,
        CASE WHEN insats_t IS NULL THEN 'insats saknas' END,
        CASE WHEN start_t IS NULL THEN 'startdatum saknas' END,
        datumfel(startdatum, start_d, 'startdatum'),
        datumfel(slutdatum, slut_d, 'slutdatum'),
        CASE WHEN slut_d < start_d THEN 'slutdatum före startdatum' END,
        CASE WHEN kon_ord NOT IN ('', 'kvinna', 'k', 'kv', 'f', 'man', 'm')
             THEN 'okänt kön: ''' || kon_m || '''' END,
        CASE WHEN fodelsear_t IS NOT NULL
                  AND (fodelsear_tal IS NULL OR fodelsear_tal <> floor(fodelsear_tal)
                       OR fodelsear_tal NOT BETWEEN 1900 AND getvariable('ar_nu'))
             THEN 'ogiltigt födelseår: ''' || sv_maskera(fodelsear_t) || '''' END,
        CASE WHEN ekb_t IS NOT NULL AND NOT ekb_ja AND NOT ekb_nej
             THEN 'okänt värde för ekonomiskt bistånd: ''' || sv_maskera(sv_text(ekonomiskt_bistand)) || '''' END
    ]) END AS fel
FROM (
    SELECT r4.* EXCLUDE (pnr_n), coalesce(pnr_giltigt_n(pnr_n), FALSE) AS pnr_ok
    FROM (
    SELECT r3.*, CAST(pnr12 AS BIGINT) AS pnr_n
    FROM (
        SELECT r2.*, pnr_12(pnr_cell, replace(replace(replace(pnr_cell, '-', ''), '+', ''), ' ', '')) AS pnr12
        FROM (
            SELECT r.*, sv_datum_t(start_t) AS start_d, sv_datum_t(slut_t) AS slut_d,
                   CASE WHEN fodelsear_t IS NOT NULL THEN sv_tal(fodelsear_t) END AS fodelsear_tal,
                   coalesce(ekb_t IN ('ja', 'j', '1', 'x', 'sant', 'true', 'yes'), FALSE) AS ekb_ja,
                   coalesce(ekb_t IN ('nej', 'n', '0', 'falskt', 'false', 'no', '-'), FALSE) AS ekb_nej
            FROM (
            SELECT
                line_no, kommun, startdatum, slutdatum, avslutsorsak, status_90, status_180, status_365, kon, fodelsear,
                ekonomiskt_bistand,
                coalesce(oi.ord, '') AS insats_ord, oi.t AS insats_t, oi.m AS insats_m,
                coalesce(oa.ord, '') AS avslut_ord, oa.m AS avslut_m,
                coalesce(os.ord, '') AS status_ord, os.m AS status_m, os6.ord AS status_ord_180, os6.m AS status_m_180,
                os12.ord AS status_ord_365, os12.m AS status_m_365,
                coalesce(sv_text(personnummer), CASE WHEN pnr_form(coalesce(deltagare_id, '')) THEN sv_text(deltagare_id) END) AS pnr_cell,
                ka.kod AS kommun_kod, ka.fel AS kommun_fel,
                sv_text(startdatum) AS start_t,
                sv_text(slutdatum) AS slut_t,
                sv_text(deltagare_id) AS id_t,
                sv_text(fodelsear) AS fodelsear_t,
                lower(sv_text(ekonomiskt_bistand)) AS ekb_t,
                coalesce(ok.ord, '') AS kon_ord, ok.m AS kon_m,
                tj.text AS jobbspar_m, tp.text AS projekt_m, tm.text AS malgrupp_m
            FROM stg
            LEFT JOIN kommunkarta ka ON ka.cell = stg.kommun
            LEFT JOIN ordkarta oi ON oi.cell = stg.insats
            LEFT JOIN ordkarta oa ON oa.cell = stg.avslutsorsak
            LEFT JOIN ordkarta os ON os.cell = stg.status_90
            LEFT JOIN ordkarta os6 ON os6.cell = stg.status_180
            LEFT JOIN ordkarta os12 ON os12.cell = stg.status_365
            LEFT JOIN ordkarta ok ON ok.cell = stg.kon
            LEFT JOIN textkarta tj ON tj.cell = stg.jobbspar
            LEFT JOIN textkarta tp ON tp.cell = stg.projekt
            LEFT JOIN textkarta tm ON tm.cell = stg.malgrupp
            ) r
        ) r2
    ) r3
    ) r4
);
-- En HMAC per olika identitet i filen, inte per rad (hashjoinens byggsida, aldrig en egen tabell).
-- Dubbletter i samma fil (samma identitet = samma pseudonym): bara grupper med fler än en godkänd rad jämförs.
CREATE OR REPLACE TEMP TABLE norm AS
WITH identitet_hmac AS (
    SELECT identitet, hmac_hex(identitet) AS h FROM (SELECT DISTINCT identitet FROM tolkade WHERE identitet IS NOT NULL)
),
forsta AS (
    SELECT identitet, insats, startdatum, min(line_no) AS first_line
    FROM tolkade WHERE len(fel) = 0
    GROUP BY identitet, insats, startdatum HAVING count(*) > 1
)
SELECT
    t.line_no, pseudonym_ur(hk.h) AS deltagare_id, postnyckel_ur(hk.h) AS rkey,
    t.* EXCLUDE (line_no, identitet, fel),
    CASE
        WHEN len(t.fel) = 0 AND f.first_line < t.line_no
            THEN ['samma person, insats och startdatum som rad ' || f.first_line]
        ELSE t.fel
    END AS fel
FROM tolkade t
LEFT JOIN identitet_hmac hk ON hk.identitet = t.identitet
LEFT JOIN forsta f ON f.identitet = t.identitet AND f.insats = t.insats AND f.startdatum = t.startdatum;
DROP TABLE tolkade;
DROP TABLE kommunkarta;
DROP TABLE ordkarta;
DROP TABLE textkarta;
