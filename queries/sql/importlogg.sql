-- @roller styrgrupp
-- @nyckel import_id
-- @matt rows_read, rows_accepted, rows_rejected, rows_updated
SELECT import_id, imported_at, file_name, coalesce(file_type, '–') AS file_type, status,
       rows_read, rows_accepted, rows_rejected, rows_updated, meddelande, sha256
FROM import_log ORDER BY import_id DESC LIMIT 500;
