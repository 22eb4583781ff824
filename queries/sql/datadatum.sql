-- @matt filer, dagar_sedan
-- Per källa: när den senast lästes in och vilket datum dess data gäller t.o.m.
SELECT t.file_type AS kalla,
       max(l.imported_at) AS senast_inlast,
       max(l.data_till) AS data_till,
       count(l.import_id) AS filer,
       date_diff('day', CAST(max(l.imported_at) AS DATE), current_date) AS dagar_sedan
FROM (VALUES ('deltagare'), ('budget'), ('jobbspar'), ('projekt'), ('arbetsmarknad'), ('kolada'), ('befolkning')) t(file_type)
LEFT JOIN import_log l ON l.file_type = t.file_type AND l.status <> 'refuserad'
GROUP BY t.file_type
ORDER BY t.file_type;
