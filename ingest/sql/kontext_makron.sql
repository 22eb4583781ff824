-- Delat av kontextfilerna (arbetsmarknad, kolada): kommun i regionen, utanför regionen (hoppas över) eller okänd.
-- Koladas riket (0000) och kommungrupper (G…) är inte kommuner: de hoppas över som rader utanför regionen.
CREATE OR REPLACE TEMP MACRO kontext_utanfor(cell, kod) AS
    kod IS NULL AND sv_text(cell) IS NOT NULL AND (
        EXISTS (SELECT 1 FROM sverige_kommun s WHERE s.nyckel = sv_kommunnyckel(cell))
        OR sv_text(cell) = '0000' OR upper(left(sv_text(cell), 1)) = 'G');
-- Månad: 2026-03, 202603, 2026-03-01, eller år + månad i var sin kolumn. År och månad prövas före make_date:
-- 2026-13 är en ogiltig rad, inte ett fel som stoppar hela körningen.
CREATE OR REPLACE TEMP MACRO kontext_ar_manad(ar_tal, manad_tal) AS
    CASE WHEN ar_tal BETWEEN 1900 AND 2100 AND manad_tal BETWEEN 1 AND 12
         THEN make_date(CAST(ar_tal AS INTEGER), CAST(manad_tal AS INTEGER), 1) END;
CREATE OR REPLACE TEMP MACRO kontext_manad(manad, ar) AS (
    CASE
        WHEN regexp_matches(coalesce(sv_text(manad), ''), '^[0-9]{4}-?[0-9]{1,2}(-[0-9]{1,2})?([ T].*)?$')
            THEN kontext_ar_manad(CAST(left(sv_text(manad), 4) AS INTEGER),
                                  CAST(regexp_extract(sv_text(manad), '^[0-9]{4}-?([0-9]{1,2})', 1) AS INTEGER))
        WHEN sv_tal(ar) IS NOT NULL AND sv_tal(manad) BETWEEN 1 AND 12
            THEN kontext_ar_manad(sv_tal(ar), sv_tal(manad))
    END);
-- Ett tal ur en kontextfil som går att lagra: ändligt och inom taket (AF:s antal och SCB:s folkmängd är färre
-- än Sveriges invånare; Koladas värden under 10^12), annars en avvisad rad med skäl.
CREATE OR REPLACE TEMP MACRO rimligt(tal, tak) AS tal IS NOT NULL AND isfinite(tal) AND abs(tal) <= tak;
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
         THEN 'ogiltigt antal: ''' || sv_maskera(sv_text(x)) || ''''
         WHEN af_antal(x) < 0 THEN 'negativt antal: ''' || sv_maskera(sv_text(x)) || ''''
         WHEN af_antal(x) IS NOT NULL AND NOT rimligt(af_antal(x), 20000000)
         THEN 'orimligt stort antal: ''' || left(sv_maskera(sv_text(x)), 30) || '''' END;
