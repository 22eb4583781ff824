-- Delat av kontextfilerna (arbetsmarknad, kolada): kommun i regionen, utanför regionen (hoppas över) eller okänd.
-- Koladas riket (0000) och kommungrupper (G…) är inte kommuner: de hoppas över som rader utanför regionen.
CREATE OR REPLACE TEMP MACRO kontext_utanfor(cell, kod) AS
    kod IS NULL AND sv_text(cell) IS NOT NULL AND (
        EXISTS (SELECT 1 FROM sverige_kommun s WHERE s.nyckel = sv_kommunnyckel(cell))
        OR sv_text(cell) = '0000' OR upper(left(sv_text(cell), 1)) = 'G');
-- Månad: 2026-03, 202603, 2026-03-01, eller år + månad i var sin kolumn.
CREATE OR REPLACE TEMP MACRO kontext_manad(manad, ar) AS (
    CASE
        WHEN regexp_matches(coalesce(sv_text(manad), ''), '^[0-9]{4}-?[0-9]{1,2}(-[0-9]{1,2})?([ T].*)?$')
            THEN TRY_CAST(make_date(
                CAST(left(sv_text(manad), 4) AS INTEGER),
                CAST(regexp_extract(sv_text(manad), '^[0-9]{4}-?([0-9]{1,2})', 1) AS INTEGER), 1) AS DATE)
        WHEN sv_tal(ar) IS NOT NULL AND sv_tal(manad) BETWEEN 1 AND 12
            THEN TRY_CAST(make_date(CAST(sv_tal(ar) AS INTEGER), CAST(sv_tal(manad) AS INTEGER), 1) AS DATE)
    END);
-- Kön: K/M/T, Kvinna/Man, kvinnor/män; tomt = totalt.
CREATE OR REPLACE TEMP MACRO kontext_kon(x) AS
    CASE
        WHEN sv_text(x) IS NULL THEN 'T'
        WHEN lower(left(sv_text(x), 1)) = 'k' THEN 'K'
        WHEN lower(left(sv_text(x), 1)) = 'm' THEN 'M'
        WHEN lower(sv_text(x)) IN ('t', 'totalt', 'total', 'alla', 'samtliga', 'b', 'båda', 'bada') THEN 'T'
    END;
-- AF skriver dolda värden som "<5" (eller lämnar cellen tom): NULL, aldrig 0.
CREATE OR REPLACE TEMP MACRO af_antal(x) AS
    CASE WHEN sv_text(x) IS NULL OR starts_with(sv_text(x), '<') OR sv_text(x) IN ('..', '.', '-', 'x', 'X')
         THEN NULL ELSE sv_tal(x) END;
CREATE OR REPLACE TEMP MACRO af_antal_fel(x) AS
    CASE WHEN af_antal(x) IS NULL AND sv_text(x) IS NOT NULL AND NOT (starts_with(sv_text(x), '<')
              OR sv_text(x) IN ('..', '.', '-', 'x', 'X'))
         THEN 'ogiltigt antal: ''' || sv_maskera(sv_text(x)) || '''' END;
