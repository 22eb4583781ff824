-- Deltagarrader: staging (text) -> normaliserade rader med skäl till avvisning.
-- Personnumret lämnar aldrig denna fråga: ut går bara pseudonymen.
-- Inom en SELECT avser ett namn alltid stagingkolumnen (text), inte aliaset.
CREATE OR REPLACE TEMP TABLE norm AS
-- Kodlistkolumner och kommuner har få olika värden: de tolkas en gång per värde, inte per rad.
WITH kommunkarta AS (
    SELECT d.kommun AS cell, ka.kod
    FROM (SELECT DISTINCT kommun FROM stg) d
    LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(d.kommun)
),
ordkarta AS (
    SELECT cell, sv_ord(cell) AS ord FROM (
        SELECT insats AS cell FROM stg UNION SELECT avslutsorsak FROM stg
        UNION SELECT status_90 FROM stg UNION SELECT kon FROM stg
    ) WHERE cell IS NOT NULL
),
r AS (
    SELECT
        line_no,
        stg.*,
        coalesce(oi.ord, '') AS insats_ord,
        coalesce(oa.ord, '') AS avslut_ord,
        coalesce(os.ord, '') AS status_ord,
        coalesce(sv_text(personnummer), CASE WHEN pnr_form(coalesce(deltagare_id, '')) THEN sv_text(deltagare_id) END) AS pnr_cell,
        ka.kod AS kommun_kod,
        sv_datum(startdatum) AS start_d,
        sv_datum(slutdatum) AS slut_d,
        coalesce(ok.ord, '') AS kon_ord,
        sv_tal(fodelsear) AS fodelsear_tal
    FROM stg
    LEFT JOIN kommunkarta ka ON ka.cell = stg.kommun
    LEFT JOIN ordkarta oi ON oi.cell = stg.insats
    LEFT JOIN ordkarta oa ON oa.cell = stg.avslutsorsak
    LEFT JOIN ordkarta os ON os.cell = stg.status_90
    LEFT JOIN ordkarta ok ON ok.cell = stg.kon
),
p12 AS (
    SELECT r.*, pnr_12(pnr_cell, regexp_replace(pnr_cell, '[^0-9]', '', 'g')) AS pnr12 FROM r
),
p AS (
    -- Luhn-kontrollen räknas en gång per rad; den används på flera ställen nedan.
    SELECT p12.*, coalesce(pnr_giltigt(pnr12), FALSE) AS pnr_ok FROM p12
),
v AS (
    SELECT
        line_no,
        CASE
            WHEN pnr_cell IS NOT NULL AND pnr_ok THEN pseudonym_for(pnr12)
            WHEN pnr_cell IS NULL AND sv_text(deltagare_id) IS NOT NULL THEN pseudonym_for('id:' || sv_text(deltagare_id))
        END AS deltagare_id,
        kommun_kod,
        CASE insats_ord
            WHEN 'extratjanst' THEN 'Extratjänst' WHEN 'extratjanster' THEN 'Extratjänst'
            WHEN 'jobbspar' THEN 'Jobbspår'
            WHEN 'projekt' THEN 'Projekt'
            WHEN 'praktik' THEN 'Praktik' WHEN 'arbetspraktik' THEN 'Praktik'
            WHEN 'arbetstraning' THEN 'Arbetsträning'
            WHEN 'utbildning' THEN 'Utbildning' WHEN 'studier' THEN 'Utbildning'
            WHEN 'introduktionsjobb' THEN 'Introduktionsjobb'
            WHEN 'lonebidrag' THEN 'Lönebidrag'
            ELSE sv_maskera(sv_text(insats))
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
            ELSE sv_maskera(sv_text(avslutsorsak))
        END AS avslutsorsak,
        CASE status_ord
            WHEN '' THEN NULL
            WHEN 'iarbete' THEN 'I arbete' WHEN 'arbete' THEN 'I arbete'
            WHEN 'istudier' THEN 'I studier' WHEN 'studier' THEN 'I studier'
            WHEN 'arbetssokande' THEN 'Arbetssökande' WHEN 'arbetslos' THEN 'Arbetssökande'
            WHEN 'annaninsats' THEN 'Annan insats'
            WHEN 'okant' THEN 'Okänt' WHEN 'uppgiftsaknas' THEN 'Okänt'
            ELSE sv_maskera(sv_text(status_90))
        END AS status_90,
        sv_maskera(sv_text(jobbspar)) AS jobbspar,
        sv_maskera(sv_text(projekt)) AS projekt,
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
        sv_maskera(sv_text(malgrupp)) AS malgrupp,
        CASE
            WHEN sv_ja(ekonomiskt_bistand) THEN TRUE
            WHEN sv_nej(ekonomiskt_bistand) THEN FALSE
            -- I filer av typen "X eller tomt" betyder tomt nej; där Nej skrivs ut betyder tomt okänt.
            WHEN sv_text(ekonomiskt_bistand) IS NULL AND NOT bool_or(sv_nej(ekonomiskt_bistand)) OVER () THEN FALSE
        END AS ekonomiskt_bistand,
        skal([
            CASE WHEN pnr_cell IS NULL AND sv_text(deltagare_id) IS NULL THEN 'personnummer saknas' END,
            CASE WHEN pnr_cell IS NOT NULL AND NOT pnr_ok
                 THEN 'ogiltigt personnummer: ''' || pnr_maskerad(pnr_cell) || '''' END,
            kommunfel(kommun, kommun_kod),
            CASE WHEN sv_text(insats) IS NULL THEN 'insats saknas' END,
            CASE WHEN sv_text(startdatum) IS NULL THEN 'startdatum saknas' END,
            datumfel(startdatum, start_d, 'startdatum'),
            datumfel(slutdatum, slut_d, 'slutdatum'),
            CASE WHEN slut_d < start_d THEN 'slutdatum före startdatum' END,
            CASE WHEN kon_ord NOT IN ('', 'kvinna', 'k', 'kv', 'f', 'man', 'm')
                 THEN 'okänt kön: ''' || sv_maskera(sv_text(kon)) || '''' END,
            CASE WHEN sv_text(fodelsear) IS NOT NULL
                      AND (fodelsear_tal IS NULL OR fodelsear_tal <> floor(fodelsear_tal)
                           OR fodelsear_tal NOT BETWEEN 1900 AND getvariable('ar_nu'))
                 THEN 'ogiltigt födelseår: ''' || sv_maskera(sv_text(fodelsear)) || '''' END,
            CASE WHEN sv_text(ekonomiskt_bistand) IS NOT NULL
                      AND NOT sv_ja(ekonomiskt_bistand) AND NOT sv_nej(ekonomiskt_bistand)
                 THEN 'okänt värde för ekonomiskt bistånd: ''' || sv_maskera(sv_text(ekonomiskt_bistand)) || '''' END
        ]) AS fel
    FROM p
),
-- Dubbletter i samma fil: bara grupper med fler än en godkänd rad behöver jämföras.
forsta AS (
    SELECT deltagare_id, insats, startdatum, min(line_no) AS first_line
    FROM v WHERE len(fel) = 0
    GROUP BY deltagare_id, insats, startdatum HAVING count(*) > 1
)
SELECT
    v.* EXCLUDE (fel),
    CASE
        WHEN len(v.fel) = 0 AND f.first_line < v.line_no
            THEN ['samma person, insats och startdatum som rad ' || f.first_line]
        ELSE v.fel
    END AS fel
FROM v
LEFT JOIN forsta f ON f.deltagare_id = v.deltagare_id AND f.insats = v.insats AND f.startdatum = v.startdatum;
