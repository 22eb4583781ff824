-- Budgetrader: år och månad (eller period 2024-03), kommun, budgetpost, belopp och platser.
CREATE OR REPLACE TEMP TABLE norm AS
WITH r AS (
    SELECT
        stg.*,
        ka.kod AS kommun_kod,
        regexp_extract(sv_text(period), '^([0-9]{4})(-?([0-9]{1,2}))?', 1) AS period_ar,
        regexp_extract(sv_text(period), '^([0-9]{4})-?([0-9]{1,2})', 2) AS period_manad,
        CASE left(sv_ord(manad), 3)
            WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4
            WHEN 'maj' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8
            WHEN 'sep' THEN 9 WHEN 'okt' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12
            ELSE sv_tal(manad)
        END AS manad_tal
    FROM stg
    LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(stg.kommun)
),
v AS (
    SELECT
        line_no,
        coalesce(sv_tal(ar), TRY_CAST(NULLIF(period_ar, '') AS DOUBLE)) AS ar_tal,
        coalesce(manad_tal, TRY_CAST(NULLIF(period_manad, '') AS DOUBLE)) AS manad_v,
        kommun_kod,
        CASE sv_ord(budgetpost)
            WHEN 'extratjanst' THEN 'Extratjänster' WHEN 'extratjanster' THEN 'Extratjänster'
            WHEN 'introduktionsjobb' THEN 'Introduktionsjobb'
            WHEN 'lonebidrag' THEN 'Lönebidrag'
            WHEN 'nystartsjobb' THEN 'Nystartsjobb'
            ELSE sv_maskera(sv_text(budgetpost))
        END AS budgetpost,
        sv_tal(budget_kr) AS budget_kr,
        sv_tal(utfall_kr) AS utfall_kr,
        sv_tal(budget_platser) AS budget_platser,
        sv_tal(utfall_platser) AS utfall_platser,
        sv_maskera(sv_text(kommentar)) AS kommentar,
        skal([
            CASE WHEN sv_text(ar) IS NULL AND nullif(period_ar, '') IS NULL THEN 'år saknas' END,
            CASE WHEN sv_text(ar) IS NOT NULL AND (sv_tal(ar) IS NULL OR sv_tal(ar) NOT BETWEEN 2000 AND 2100 OR sv_tal(ar) <> floor(sv_tal(ar)))
                 THEN 'ogiltigt år: ''' || sv_maskera(sv_text(ar)) || '''' END,
            CASE WHEN sv_text(ar) IS NULL AND sv_text(period) IS NOT NULL AND nullif(period_ar, '') IS NULL
                 THEN 'ogiltig period: ''' || sv_maskera(sv_text(period)) || ''' (skriv t.ex. 2024-03)' END,
            CASE WHEN (sv_text(manad) IS NOT NULL AND (manad_tal IS NULL OR manad_tal NOT BETWEEN 1 AND 12 OR manad_tal <> floor(manad_tal)))
                      OR TRY_CAST(NULLIF(period_manad, '') AS INTEGER) NOT BETWEEN 1 AND 12
                 THEN 'ogiltig månad: ''' || coalesce(sv_maskera(sv_text(manad)), period_manad) || ''' (ska vara 1–12)' END,
            kommunfel(kommun, kommun_kod),
            CASE WHEN sv_text(budgetpost) IS NULL THEN 'budgetpost saknas' END,
            CASE WHEN sv_text(budget_kr) IS NULL THEN 'budget saknas' END,
            talfel(budget_kr, 'budget_kr'),
            talfel(utfall_kr, 'utfall_kr'),
            talfel(budget_platser, 'budget_platser'),
            talfel(utfall_platser, 'utfall_platser')
        ]) AS fel
    FROM r
),
t AS (
    SELECT v.* EXCLUDE (ar_tal, manad_v),
           CASE WHEN len(fel) = 0 THEN CAST(ar_tal AS INTEGER) END AS ar,
           CASE WHEN len(fel) = 0 THEN CAST(manad_v AS INTEGER) END AS manad
    FROM v
)
SELECT t.* EXCLUDE (fel, first_line),
       CASE WHEN len(fel) = 0 AND first_line < line_no
            THEN ['samma år, månad, kommun och budgetpost som rad ' || first_line] ELSE fel END AS fel
FROM (
    SELECT t.*, min(CASE WHEN len(fel) = 0 THEN line_no END)
               OVER (PARTITION BY ar, manad, kommun_kod, budgetpost) AS first_line
    FROM t
) t;
