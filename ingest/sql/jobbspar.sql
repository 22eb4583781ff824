-- Jobbspår: en rad per jobbspår och medlemskommun.
CREATE OR REPLACE TEMP TABLE norm AS
WITH v AS (
    SELECT
        line_no,
        sv_maskera(sv_text(stg.jobbspar)) AS jobbspar,
        sv_maskera(sv_text(kluster)) AS kluster,
        ka.kod AS kommun_kod,
        sv_maskera(sv_text(bransch)) AS bransch,
        sa.kod AS samordnare,
        sv_datum(startdatum) AS startdatum,
        sv_datum(slutdatum) AS slutdatum,
        sv_tal(platser) AS platser,
        skal([
            CASE WHEN sv_text(stg.jobbspar) IS NULL THEN 'jobbspår saknas' END,
            CASE WHEN sv_text(kluster) IS NULL THEN 'kluster saknas' END,
            kommunfel(kommun, ka.kod),
            CASE WHEN sv_text(samordnare) IS NOT NULL AND sa.kod IS NULL
                 THEN 'okänd samordnande kommun: ''' || sv_maskera(sv_text(samordnare)) || '''' END,
            datumfel(startdatum, sv_datum(startdatum), 'startdatum'),
            datumfel(slutdatum, sv_datum(slutdatum), 'slutdatum'),
            CASE WHEN sv_datum(slutdatum) < sv_datum(startdatum) THEN 'slutdatum före startdatum' END,
            talfel(platser, 'platser')
        ]) AS fel
    FROM stg
    LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(stg.kommun)
    LEFT JOIN kommun_alias sa ON sa.nyckel = sv_kommunnyckel(stg.samordnare)
)
SELECT v.* EXCLUDE (fel, first_line),
       CASE WHEN len(fel) = 0 AND first_line < line_no
            THEN ['samma jobbspår och kommun som rad ' || first_line] ELSE fel END AS fel
FROM (
    SELECT v.*, min(CASE WHEN len(fel) = 0 THEN line_no END) OVER (PARTITION BY jobbspar, kommun_kod) AS first_line
    FROM v
) v;
