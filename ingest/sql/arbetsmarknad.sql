-- Arbetsförmedlingens öppna data i lång form: månad, kommun, kön, måttkod och antal.
-- Andra uppdelningar (LANSKOD, UNG_VUXEN …) läses inte; raderna summeras över dem vid lagringen.
CREATE OR REPLACE TEMP TABLE norm AS
WITH r AS (
    SELECT stg.*, ka.kod AS kommun_kod, kontext_manad(stg.manad, stg.ar) AS manad_d,
           TRY_CAST(sv_tal(stg.afkod) AS INTEGER) AS afkod_i
    FROM stg LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(stg.kommun)
),
m AS (
    -- Måttkoder som monitorn inte använder (AF:s fil har fler) hoppas över och räknas, som rader utanför regionen.
    SELECT *, afkod_i IS NOT NULL AND NOT list_contains(getvariable('af_koder'), afkod_i) AS okand_matt,
           kontext_utanfor(kommun, kommun_kod) AS utanfor_regionen
    FROM r
)
SELECT line_no, manad_d AS manad, kommun_kod, afkod_i AS afkod, kontext_kon(kon) AS kon, af_antal(antal) AS antal,
       okand_matt, utanfor_regionen OR okand_matt AS utanfor,
       CASE WHEN utanfor_regionen OR okand_matt THEN [] ELSE skal([
           CASE WHEN manad_d IS NULL THEN 'ogiltig månad: ''' || coalesce(sv_maskera(sv_text(manad)), '') ||
                ''' (skriv t.ex. 2026-03)' END,
           kommunfel(kommun, kommun_kod),
           CASE WHEN afkod_i IS NULL THEN 'ogiltig måttkod: ''' || coalesce(sv_maskera(sv_text(afkod)), '') || '''' END,
           CASE WHEN kontext_kon(kon) IS NULL THEN 'okänt kön: ''' || sv_maskera(sv_text(kon)) || '''' END,
           af_antal_fel(antal)
       ]) END AS fel
FROM m;
