DELETE FROM jobbspar j USING norm n
WHERE len(n.fel) = 0 AND j.jobbspar = n.jobbspar AND j.kommun_kod = n.kommun_kod;
INSERT INTO jobbspar
SELECT jobbspar, kluster, kommun_kod, bransch, samordnare, startdatum, slutdatum, platser, getvariable('import_id')
FROM norm WHERE len(fel) = 0 ORDER BY line_no;
