-- @roller styrgrupp, forvaltare
-- @nyckel line_no
-- Avvisade rader med skäl; personnummer är redan maskerade vid inläsningen.
SELECT r.file_name, r.line_no, r.reason, r.rad, l.imported_at
FROM rejected_rows r JOIN import_log l USING (import_id)
ORDER BY l.import_id DESC, r.line_no
LIMIT 1000;
