-- Nyckel: projekt_id (diarienummer), annars projektnamnet.
DELETE FROM projekt p USING norm n
WHERE len(n.fel) = 0 AND p.projekt_nyckel = coalesce(n.projekt_id, n.projekt);
DELETE FROM projekt_kommun pk USING norm n
WHERE len(n.fel) = 0 AND pk.projekt_nyckel = coalesce(n.projekt_id, n.projekt);
INSERT INTO projekt
SELECT coalesce(projekt_id, projekt), projekt, projekt_id, startdatum, slutdatum, agare, budget_kr, esf_stod_kr,
       mal_andel, malgrupp, planerade_deltagare, getvariable('import_id')
FROM norm WHERE len(fel) = 0 ORDER BY line_no;
INSERT INTO projekt_kommun
SELECT DISTINCT coalesce(projekt_id, projekt), unnest(kommun_koder)
FROM norm WHERE len(fel) = 0 AND kommun_koder IS NOT NULL;
