-- SCB:s folkmängd: kommun ("1440 Ale", "Ale" eller "1440"), ålder ("16 år", "100+ år", "totalt ålder"),
-- år, kön och antal. alder NULL = alla åldrar.
CREATE OR REPLACE TEMP TABLE norm AS
WITH r AS (
    SELECT stg.*, ka.kod AS kommun_kod, TRY_CAST(sv_tal(stg.ar) AS INTEGER) AS ar_i,
           TRY_CAST(nullif(regexp_extract(sv_text(stg.alder), '^([0-9]{1,3})', 1), '') AS INTEGER) AS alder_i,
           lower(coalesce(sv_text(stg.alder), '')) LIKE 'total%' AS alla_aldrar
    FROM stg LEFT JOIN kommun_alias ka
        -- SCB skriver regionen som "1440 Ale": koden räcker.
        ON ka.nyckel = coalesce(nullif(regexp_extract(sv_text(stg.kommun), '^([0-9]{4})\s', 1), ''),
                                sv_kommunnyckel(stg.kommun))
)
SELECT line_no, kommun_kod, ar_i AS ar, alder_i AS alder, kontext_kon(kon) AS kon, sv_tal(antal) AS antal,
       kontext_utanfor(regexp_replace(sv_text(kommun), '^[0-9]{4}\s+', ''), kommun_kod) AS utanfor,
       CASE WHEN kontext_utanfor(regexp_replace(sv_text(kommun), '^[0-9]{4}\s+', ''), kommun_kod) THEN [] ELSE skal([
           kommunfel(kommun, kommun_kod),
           CASE WHEN ar_i IS NULL OR ar_i NOT BETWEEN 1968 AND 2100
                THEN 'ogiltigt år: ''' || coalesce(sv_maskera(sv_text(ar)), '') || '''' END,
           CASE WHEN alder_i IS NULL AND NOT alla_aldrar
                THEN 'ogiltig ålder: ''' || coalesce(sv_maskera(sv_text(alder)), '') || ''' (skriv t.ex. 16 år)' END,
           CASE WHEN kontext_kon(kon) IS NULL THEN 'okänt kön: ''' || sv_maskera(sv_text(kon)) || '''' END,
           CASE WHEN sv_tal(antal) IS NULL OR sv_tal(antal) < 0 OR NOT rimligt(sv_tal(antal), 20000000)
                THEN 'ogiltig folkmängd: ''' || left(coalesce(sv_maskera(sv_text(antal)), ''), 30) || '''' END
       ]) END AS fel
FROM r;
