-- Koladas nyckeltal (API v3 eller samma som CSV): nyckeltal, kommun, år, kön och värde.
CREATE OR REPLACE TEMP TABLE norm AS
WITH r AS (
    SELECT stg.*, ka.kod AS kommun_kod, TRY_CAST(sv_tal(stg.ar) AS INTEGER) AS ar_i
    FROM stg LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(stg.kommun)
)
SELECT line_no, upper(sv_text(kpi)) AS kpi, kommun_kod, ar_i AS ar, kontext_kon(kon) AS kon,
       sv_tal(varde) AS varde, kontext_utanfor(kommun, kommun_kod) AS utanfor,
       CASE WHEN kontext_utanfor(kommun, kommun_kod) THEN [] ELSE skal([
           CASE WHEN sv_text(kpi) IS NULL THEN 'nyckeltal saknas' END,
           kommunfel(kommun, kommun_kod),
           CASE WHEN ar_i IS NULL OR ar_i NOT BETWEEN 1990 AND 2100
                THEN 'ogiltigt år: ''' || coalesce(sv_maskera(sv_text(ar)), '') || '''' END,
           CASE WHEN kontext_kon(kon) IS NULL THEN 'okänt kön: ''' || sv_maskera(sv_text(kon)) || '''' END,
           talfel(varde, 'värde'),
           CASE WHEN sv_tal(varde) IS NOT NULL AND NOT rimligt(sv_tal(varde), 1e12)
                THEN 'orimligt värde: ''' || left(sv_maskera(sv_text(varde)), 30) || '''' END
       ]) END AS fel
FROM r;
