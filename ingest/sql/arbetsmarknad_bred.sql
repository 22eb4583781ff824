-- Samma fakta i bred form (en kolumn per mått): görs om till lång form, en rad per mått.
CREATE OR REPLACE TEMP TABLE norm AS
WITH r AS (
    SELECT stg.*, ka.kod AS kommun_kod, kontext_manad(stg.manad, stg.ar) AS manad_d
    FROM stg LEFT JOIN kommun_alias ka ON ka.nyckel = sv_kommunnyckel(stg.kommun)
),
lang AS (
    SELECT line_no, manad, manad_d, kommun, kommun_kod, kon, matt.afkod, matt.cell
    FROM (SELECT *, unnest([
        {'afkod': 4, 'cell': a4}, {'afkod': 86, 'cell': a86}, {'afkod': 87, 'cell': a87},
        {'afkod': 88, 'cell': a88}, {'afkod': 97, 'cell': a97}, {'afkod': 102, 'cell': a102}]) AS matt FROM r)
)
SELECT line_no, manad_d AS manad, kommun_kod, afkod, kontext_kon(kon) AS kon, af_antal(cell) AS antal,
       kontext_utanfor(kommun, kommun_kod) AS utanfor,
       CASE WHEN kontext_utanfor(kommun, kommun_kod) THEN [] ELSE skal([
           CASE WHEN manad_d IS NULL THEN 'ogiltig månad: ''' || coalesce(sv_maskera(sv_text(manad)), '') ||
                ''' (skriv t.ex. 2026-03)' END,
           kommunfel(kommun, kommun_kod),
           CASE WHEN kontext_kon(kon) IS NULL THEN 'okänt kön: ''' || sv_maskera(sv_text(kon)) || '''' END,
           af_antal_fel(cell)
       ]) END AS fel
-- Mått som filen inte har (kolumnen saknas helt) blir inga rader.
FROM lang WHERE afkod IN (SELECT CAST(substr(k, 2) AS INTEGER) FROM (SELECT unnest(getvariable('filkolumner')) AS k)
                          WHERE regexp_full_match(k, 'a[0-9]+'));
