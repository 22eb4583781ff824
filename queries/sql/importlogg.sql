-- @roller styrgrupp, forvaltare
-- @nyckel import_id
-- @matt rows_read, rows_accepted, rows_rejected, rows_updated
-- Vem som lämnade in filen (sidan Lämna in filer); utan leverans kom den genom inkorgen eller kommandoraden.
SELECT l.import_id, imported_at, file_name, coalesce(file_type, '–') AS file_type, status,
       rows_read, rows_accepted, rows_rejected, rows_updated, meddelande, sha256,
       coalesce(v.levererad_av, 'inkorgen eller kommandoraden') AS levererad_av
FROM import_log l LEFT JOIN leverans v USING (import_id)
ORDER BY l.import_id DESC LIMIT 500;
