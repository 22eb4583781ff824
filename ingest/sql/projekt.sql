-- Projekt: en rad per projekt; deltagande kommuner som lista av koder.
CREATE OR REPLACE TEMP TABLE norm AS
WITH delar AS (
    SELECT line_no, trim(unnest(string_split_regex(sv_text(kommuner), '[,;]'))) AS namn
    FROM stg
    WHERE sv_text(kommuner) IS NOT NULL
      AND sv_ord(kommuner) NOT IN ('alla', 'samtliga', 'allagrkommuner', 'samtligagrkommuner', 'helagr')
),
kl AS (
    SELECT line_no,
           list(DISTINCT ka.kod) FILTER (WHERE ka.kod IS NOT NULL) AS koder,
           list(delar.namn) FILTER (WHERE ka.kod IS NULL AND delar.namn <> '') AS okanda
    FROM delar LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(delar.namn)
    GROUP BY line_no
),
r AS (
    SELECT
        stg.*,
        kl.koder, kl.okanda,
        regexp_extract_all(sv_text(projektperiod), '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}') AS perioddatum,
        sv_tal(regexp_replace(coalesce(mal_andel, ''), '%', '')) AS andel_tal,
        contains(coalesce(mal_andel, ''), '%') AS andel_procent
    FROM stg LEFT JOIN kl USING (line_no)
),
v AS (
    SELECT
        line_no,
        sv_maskera(sv_text(projekt)) AS projekt,
        sv_maskera(sv_text(projekt_id)) AS projekt_id,
        coalesce(sv_datum(startdatum), sv_datum(perioddatum[1])) AS startdatum,
        coalesce(sv_datum(slutdatum), sv_datum(perioddatum[2])) AS slutdatum,
        sv_maskera(sv_text(agare)) AS agare,
        CASE WHEN sv_ord(kommuner) IN ('alla', 'samtliga', 'allagrkommuner', 'samtligagrkommuner', 'helagr')
             THEN (SELECT list(DISTINCT kod ORDER BY kod) FROM kommun_alias)
             ELSE list_sort(koder) END AS kommun_koder,
        sv_tal(budget_kr) AS budget_kr,
        sv_tal(esf_stod_kr) AS esf_stod_kr,
        sv_maskera(sv_text(malgrupp)) AS malgrupp,
        CASE WHEN andel_procent OR andel_tal > 1 THEN andel_tal / 100 ELSE andel_tal END AS mal_andel,
        sv_tal(planerade_deltagare) AS planerade_deltagare,
        skal([
            CASE WHEN sv_text(projekt) IS NULL THEN 'projektnamn saknas' END,
            CASE WHEN coalesce(sv_datum(startdatum), sv_datum(perioddatum[1])) IS NULL
                      AND sv_text(startdatum) IS NULL THEN 'startdatum saknas' END,
            CASE WHEN coalesce(sv_datum(slutdatum), sv_datum(perioddatum[2])) IS NULL
                      AND sv_text(slutdatum) IS NULL THEN 'slutdatum saknas' END,
            datumfel(startdatum, sv_datum(startdatum), 'startdatum'),
            datumfel(slutdatum, sv_datum(slutdatum), 'slutdatum'),
            CASE WHEN coalesce(sv_datum(slutdatum), sv_datum(perioddatum[2]))
                      < coalesce(sv_datum(startdatum), sv_datum(perioddatum[1])) THEN 'slutdatum före startdatum' END,
            CASE WHEN len(okanda) > 0 THEN 'okänd kommun i kommuner: ''' || sv_maskera(array_to_string(okanda, ', ')) || '''' END,
            talfel(budget_kr, 'budget_kr'),
            talfel(esf_stod_kr, 'esf_stod_kr'),
            talfel(planerade_deltagare, 'planerade_deltagare'),
            CASE WHEN sv_text(mal_andel) IS NOT NULL
                      AND (andel_tal IS NULL OR andel_tal < 0 OR andel_tal > 100 OR (andel_procent AND andel_tal > 100))
                 THEN 'ogiltig målandel: ''' || sv_maskera(sv_text(mal_andel)) || ''' (skriv t.ex. 40 % eller 0,4)' END
        ]) AS fel
    FROM r
)
SELECT v.* EXCLUDE (fel, first_line),
       CASE WHEN len(fel) = 0 AND first_line < line_no
            THEN ['samma projekt som rad ' || first_line] ELSE fel END AS fel
FROM (
    SELECT v.*, min(CASE WHEN len(fel) = 0 THEN line_no END) OVER (PARTITION BY coalesce(projekt_id, projekt)) AS first_line
    FROM v
) v;
