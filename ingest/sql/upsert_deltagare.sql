-- Ögonblicksbild: samma person, insats och startdatum ersätter raden, lägger aldrig till en till.
DELETE FROM deltagare d USING norm n
WHERE len(n.fel) = 0 AND d.deltagare_id = n.deltagare_id AND d.insats = n.insats AND d.startdatum = n.startdatum;
INSERT INTO deltagare
SELECT deltagare_id, kommun_kod, insats, startdatum, slutdatum, avslutsorsak, status_90, jobbspar, projekt,
       kon, fodelsear, malgrupp, ekonomiskt_bistand, getvariable('import_id'), rkey,
       status_180, status_365
FROM norm WHERE len(fel) = 0 ORDER BY line_no;
