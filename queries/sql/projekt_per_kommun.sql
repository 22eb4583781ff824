-- Deltagare per projekt och kommun.
SELECT coalesce(p.projekt, d.projekt) AS projekt, k.kommun_namn, count(*) AS deltagare
FROM deltagare d
JOIN kommun k USING (kommun_kod)
LEFT JOIN projekt p ON d.projekt IN (p.projekt_id, p.projekt)
WHERE d.projekt IS NOT NULL
  AND (len($kommuner) = 0 OR list_contains($kommuner, d.kommun_kod))
GROUP BY ALL ORDER BY 1, 2;
